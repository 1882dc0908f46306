import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

/**
 * The one algorithm access tokens are signed with. ES256 rather than EdDSA: jsonwebtoken (under
 * @nestjs/jwt) signs ES256 synchronously, which the test helpers and `npm run token` rely on, and
 * jose verifies both equally.
 */
export const TOKEN_ALGORITHM = 'ES256';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** As published in the JWKS: public part only, with kid, alg and use. */
  publicJwk: PublicJwk;
}

export interface PublicJwk extends JsonWebKey {
  kid: string;
  alg: typeof TOKEN_ALGORITHM;
  use: 'sig';
}

/**
 * The development key pair: `npm run token`, the tests and `npm start` without
 * ACCOUNTS_SIGNING_KEYS sign with it. It is public (it is in this file), so every service refuses
 * tokens with its kid when NODE_ENV=production, and the registry refuses to start there without
 * keys of its own.
 */
export const DEV_SIGNING_KID = 'lumbung-development-key-do-not-use-in-production';
const DEV_PRIVATE_JWK = {
  kty: 'EC',
  crv: 'P-256',
  x: 'bSTjO8ChKfxh1Eunj7Xb62vxe7adIHz5EiUMYLfEdnI',
  y: 'ZJy4R4nVCDek-hMfKmKW-KsN-X39bP0ca96mcbA1gTs',
  d: 'SC9vsas3yXGJf-yamILuqJitTbvA4I3OIEuyBQodjDY',
};

export function signingKeyFromJwk(jwk: JsonWebKey & { kid?: unknown }): SigningKey {
  if (typeof jwk.kid !== 'string' || !/^[A-Za-z0-9._-]{1,100}$/.test(jwk.kid)) throw new Error('each signing key needs a "kid" of letters, digits, ".", "_" or "-"');
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string') throw new Error(`key ${jwk.kid} must be a private EC P-256 JWK (ES256)`);
  const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  const { x, y, kty, crv } = createPublicKey(privateKey).export({ format: 'jwk' });
  return { kid: jwk.kid, privateKey, publicJwk: { kty, crv, x, y, kid: jwk.kid, alg: TOKEN_ALGORITHM, use: 'sig' } };
}

export const DEV_SIGNING_KEY: SigningKey = signingKeyFromJwk({ ...DEV_PRIVATE_JWK, kid: DEV_SIGNING_KID });

/**
 * Reads ACCOUNTS_SIGNING_KEYS: a JSON array of private JWKs, the first one signs and every one is
 * published. Rotation without downtime: put the new key first and keep the old one behind it for
 * at least one access-token lifetime, then drop it.
 */
export function parseSigningKeys(json: string): SigningKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('ACCOUNTS_SIGNING_KEYS must be a JSON array of private JWKs');
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw new Error('ACCOUNTS_SIGNING_KEYS must be a non-empty JSON array of private JWKs');
  const keys = parsed.map((jwk) => signingKeyFromJwk(jwk as JsonWebKey));
  const kids = new Set(keys.map((k) => k.kid));
  if (kids.size !== keys.length) throw new Error('ACCOUNTS_SIGNING_KEYS: two keys share a kid');
  if (kids.has(DEV_SIGNING_KID)) throw new Error('ACCOUNTS_SIGNING_KEYS must not contain the development key');
  return keys;
}
