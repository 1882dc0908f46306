/**
 * What never reaches a log line: credentials of callers (bearer tokens, cookies, tokens in query
 * strings) and of the service itself (BOARD_SESSION_SECRET, the passwords in DATABASE_URL and REDIS_URL).
 * Two layers: pino's redact paths for the fields we know, and a scrub of every finished line for
 * the shapes that can hide in any string (an error message quoting a URL, a token echoed back).
 */
export const CENSOR = '[redacted]';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'err.parameters',
  '*.authorization',
  '*.cookie',
  '*.token',
  '*.accessToken',
  '*.access_token',
  '*.refreshToken',
  '*.password',
  '*.secret',
  '*.BOARD_SESSION_SECRET',
  '*.DATABASE_URL',
  '*.REDIS_URL',
  // An innovation's responsible officer (issue 17): personal data, should a body ever be logged.
  '*.contact',
];

const SENSITIVE_PARAM = /^(access_?token|id_?token|refresh_?token|token|jwt|api_?key|key|secret|password|passwd|pwd|auth|authorization|signature|sig|code)$/i;

/** The URL as logged: sensitive query parameters keep their name, lose their value. */
export function scrubUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        /* a malformed escape: judge the raw name */
      }
      return eq >= 0 && SENSITIVE_PARAM.test(decoded) ? `${name}=${CENSOR}` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}

/** A JWT in compact form (header.payload.signature, the first two base64url JSON objects). */
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const BEARER = /(\b(?:bearer|basic)\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
/** scheme://user:password@host: the password goes, the rest still tells which server it was. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"]*:)[^\s@/"]+@/gi;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A function that scrubs one log line of the given secret values and of token and password shapes. */
export function lineScrubber(secrets: (string | undefined)[]): (line: string) => string {
  const known = secrets
    .filter((s): s is string => typeof s === 'string' && s.length >= 8)
    // Also as it appears inside a JSON string (quotes and backslashes escaped) and inside a logged URL.
    .flatMap((s) => [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)])
    .sort((a, b) => b.length - a.length);
  const exact = known.length ? new RegExp(known.map(escapeRegExp).join('|'), 'g') : undefined;
  return (line) => {
    let out = line.replace(JWT, CENSOR).replace(BEARER, `$1${CENSOR}`).replace(URL_PASSWORD, `$1${CENSOR}@`);
    if (exact) out = out.replace(exact, CENSOR);
    return out;
  };
}

/** The password of a connection URL, to be scrubbed wherever it shows up. */
export function passwordOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}
