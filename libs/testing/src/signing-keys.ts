import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signAccessToken, signingKeyFromJwk, type Principal, type SigningKey } from '@lumbung/platform';

/** A fresh ES256 key, as production would configure one (never the development key). */
export function newSigningKey(kid = `test-${randomUUID().slice(0, 8)}`): SigningKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return signingKeyFromJwk({ ...privateKey.export({ format: 'jwk' }), kid });
}

/** ACCOUNTS_SIGNING_KEYS for these keys, the first one signing. */
export const signingKeysEnv = (...keys: SigningKey[]) =>
  JSON.stringify(keys.map((k) => ({ ...k.privateKey.export({ format: 'jwk' }), kid: k.kid })));

/** A token as the accounts side mints them: signed with `key`, 15 minutes unless said otherwise. */
export const tokenSignedWith = (key: SigningKey, principal: Principal, ttlSeconds = 900, extra: Record<string, unknown> = {}) =>
  signAccessToken(key, principal, ttlSeconds, extra);

/** What a service needs to start with NODE_ENV=production besides its database and Redis. */
export const productionSecrets = () => ({ BOARD_SESSION_SECRET: randomBytes(32).toString('hex') });

export interface JwksServer {
  url: string;
  /** Publish another set of keys, as the accounts side does after a rotation. */
  publish(keys: SigningKey[]): void;
  close(): Promise<void>;
}

/** A real HTTP server publishing a JWKS, for services that verify against ACCOUNTS_JWKS_URL in tests. */
export async function startJwksServer(keys: SigningKey[]): Promise<JwksServer> {
  let body = '';
  const publish = (next: SigningKey[]) => (body = JSON.stringify({ keys: next.map((k) => k.publicJwk) }));
  publish(keys);
  const server: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Never what keeps a test or bench process alive.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    publish,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ProductionAuth {
  /** Everything a service needs besides its database to start with NODE_ENV=production. */
  env: Record<string, string>;
  /** An access token as the accounts side would sign it in that deployment. */
  token(principal: Principal, ttlSeconds?: number): string;
  close(): Promise<void>;
}

/**
 * For tests that run services as in production: a signing key the registry signs with, the same
 * key published at a JWKS address the other services verify against, and the board secret.
 */
export async function productionAuth(): Promise<ProductionAuth> {
  const key = newSigningKey();
  const jwks = await startJwksServer([key]);
  return {
    env: { NODE_ENV: 'production', ...productionSecrets(), ACCOUNTS_SIGNING_KEYS: signingKeysEnv(key), ACCOUNTS_JWKS_URL: jwks.url },
    token: (principal, ttlSeconds) => tokenSignedWith(key, principal, ttlSeconds),
    close: () => jwks.close(),
  };
}
