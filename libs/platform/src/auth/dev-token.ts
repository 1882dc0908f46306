import type { Principal } from './principal.js';
import { DEV_SIGNING_KEY } from './signing-keys.js';
import { signAccessToken } from './token-signing.js';

/**
 * A token signed with the development key, for `npm run token`, tests and benchmarks. Every
 * service refuses it when NODE_ENV=production; people get theirs by signing in.
 */
export function signToken(principal: Principal, ttlSeconds = 12 * 3600, extra: Record<string, unknown> = {}): string {
  return signAccessToken(DEV_SIGNING_KEY, principal, ttlSeconds, extra);
}
