/**
 * One cookie's value from a Cookie header, or undefined. The services read two cookies of their own
 * (the accounts' refresh token, the queue board's session) and set none from a client's input, so a
 * parser plugin (and its register order against Nest's) would be more than this needs.
 */
export function readCookie(header: string | string[] | undefined, name: string): string | undefined {
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim()) || undefined;
  }
  return undefined;
}
