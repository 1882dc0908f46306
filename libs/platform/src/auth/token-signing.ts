import { JwtService } from '@nestjs/jwt';
import type { Principal } from './principal.js';
import { TOKEN_ALGORITHM, type SigningKey } from './signing-keys.js';

const jwt = new JwtService();

/**
 * Signs an access token: the principal's claims, `iat`, `exp` and the key's `kid` in the header,
 * so verifiers pick the key from the published JWKS and rotation needs no coordination.
 */
export function signAccessToken(key: SigningKey, principal: Principal, ttlSeconds: number, extra: Record<string, unknown> = {}): string {
  return jwt.sign({ ...extra, ...principal }, { privateKey: key.privateKey, algorithm: TOKEN_ALGORITHM, keyid: key.kid, expiresIn: ttlSeconds });
}
