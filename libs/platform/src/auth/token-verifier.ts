import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Principal } from './principal.js';
import { DEV_SIGNING_KEY, DEV_SIGNING_KID, TOKEN_ALGORITHM, type PublicJwk } from './signing-keys.js';
import { principalFromClaims } from './token-claims.js';

export interface TokenVerifierOptions {
  production: boolean;
  /** Keys this process knows without asking (the registry's own signing keys). */
  localKeys: PublicJwk[];
  /** The accounts side's JWKS, for services that do not sign. */
  jwksUrl?: string;
  /** Least time between two fetches of the JWKS for an unknown kid, so made-up kids cannot flood the registry. */
  jwksCooldownMs: number;
  /** Longest lifetime (exp − iat) accepted for a token signed by the accounts side. */
  maxLifetimeSeconds: number;
}

/** Tokens of `npm run token` and the tests live longer than a session's; never accepted in production. */
export const DEV_TOKEN_MAX_LIFETIME_SECONDS = 24 * 3600;
/** Clocks of two machines disagree a little: a token issued this far "in the future" is still believed. Expiry gets no grace. */
const CLOCK_TOLERANCE_SECONDS = 30;

export class InvalidTokenError extends Error {}

export interface VerifiedToken {
  principal: Principal;
  /** Seconds since the epoch. */
  exp: number;
}

/**
 * Verifies access tokens against the accounts side's public keys (jose, ES256 only). A kid not in
 * the cached JWKS makes jose fetch it again (after the cooldown), so a rotated-in key is picked up
 * without a restart; a token whose kid is in no JWKS is refused.
 */
export class TokenVerifier {
  private readonly local;
  private readonly localKids: Set<string>;
  private readonly remote;

  constructor(private readonly options: TokenVerifierOptions) {
    const keys = [...options.localKeys];
    if (!options.production && !keys.some((k) => k.kid === DEV_SIGNING_KID)) keys.push(DEV_SIGNING_KEY.publicJwk);
    this.localKids = new Set(keys.map((k) => k.kid));
    this.local = createLocalJWKSet({ keys });
    this.remote = options.jwksUrl
      ? createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: options.jwksCooldownMs, cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000 })
      : undefined;
  }

  async verify(token: string): Promise<VerifiedToken> {
    let kid: string | undefined;
    try {
      const header = decodeProtectedHeader(token);
      kid = header.kid;
      if (header.alg !== TOKEN_ALGORITHM) throw new InvalidTokenError(`tokens are signed with ${TOKEN_ALGORITHM}, not ${String(header.alg)}`);
    } catch (err) {
      if (err instanceof InvalidTokenError) throw err;
      throw new InvalidTokenError('not a signed token');
    }
    if (!kid) throw new InvalidTokenError('token names no key (kid)');
    if (kid === DEV_SIGNING_KID && this.options.production) throw new InvalidTokenError('tokens signed with the development key are refused in production');

    let payload: JWTPayload;
    try {
      const keys = this.localKids.has(kid) || !this.remote ? this.local : this.remote;
      ({ payload } = await jwtVerify(token, keys, { algorithms: [TOKEN_ALGORITHM], requiredClaims: ['exp'] }));
    } catch (err) {
      throw new InvalidTokenError(reasonOf(err));
    }

    const now = Math.floor(Date.now() / 1000);
    const exp = payload.exp!;
    if (payload.iat !== undefined && payload.iat > now + CLOCK_TOLERANCE_SECONDS) throw new InvalidTokenError('token was issued in the future');
    const bound = kid === DEV_SIGNING_KID ? DEV_TOKEN_MAX_LIFETIME_SECONDS : this.options.maxLifetimeSeconds;
    const lifetime = exp - Math.min(payload.iat ?? now, now);
    if (lifetime > bound + CLOCK_TOLERANCE_SECONDS) throw new InvalidTokenError(`token lives longer than ${bound} s`);

    const principal = principalFromClaims(payload as Record<string, unknown>);
    if (typeof principal === 'string') throw new InvalidTokenError(principal);
    return { principal, exp };
  }
}

function reasonOf(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'token expired';
  if (err instanceof errors.JWKSNoMatchingKey) return 'token was signed with a key that is not published';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'signature verification failed';
  if (err instanceof errors.JWTClaimValidationFailed) return `claim "${err.claim}" ${err.reason === 'missing' ? 'is missing' : 'is not valid'}`;
  if (err instanceof errors.JOSEError) return err.message;
  return 'token could not be verified';
}
