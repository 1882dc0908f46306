import { JwtService } from '@nestjs/jwt';
import type { Principal } from './principal.js';

/**
 * Signs an HS256 token for development, tests and the demo. Production tokens come from the
 * province's identity provider with the same claims.
 */
export function signToken(secret: string, principal: Principal, ttlSeconds = 12 * 3600, extra: Record<string, unknown> = {}): string {
  return new JwtService({ secret }).sign({ ...principal, ...extra }, { algorithm: 'HS256', expiresIn: ttlSeconds });
}
