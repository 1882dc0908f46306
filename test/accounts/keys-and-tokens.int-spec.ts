import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JwtService } from '@nestjs/jwt';
import { signToken } from '@lumbung/platform';
import {
  createTestDatabase,
  createTestRedis,
  newSigningKey,
  productionSecrets,
  signingKeysEnv,
  startService,
  tokenSignedWith,
  type RunningService,
  type TestDatabase,
  type TestRedis,
} from '@lumbung/testing';
import { createNominationApp } from '../../apps/nomination/src/nomination.app.js';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';

/**
 * Tokens are minted by the registry (the accounts side) only and verified by every service against
 * its published JWKS, in production mode: rotation without downtime, and every defective token 401.
 */
describe('signing keys, JWKS and token bounds (production mode)', () => {
  const keyA = newSigningKey('key-a');
  const keyB = newSigningKey('key-b');
  let db: TestDatabase;
  let redis: TestRedis;
  let registry: RunningService;
  let nomination: RunningService;
  /** The registry's address as a load balancer would keep it across the registry's restart. */
  let balancer: Server;
  const secrets = productionSecrets();
  const national = { sub: 'bootstrap-national', role: 'national-admin' as const };
  const STRONG = 'Lumpia Semarang di pagi hari';

  const startRegistry = (keys: string) => startService(createRegistryApp, { db, redis, env: { NODE_ENV: 'production', ...secrets, ACCOUNTS_SIGNING_KEYS: keys } });
  const canRead = async (token: string) => (await nomination.request('GET', '/editions', { token })).status;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    registry = await startRegistry(signingKeysEnv(keyA));
    balancer = createServer((req, res) => {
      fetch(`${registry.baseUrl}${req.url}`).then(
        async (answer) => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text()),
        () => res.writeHead(502).end(),
      );
    });
    await new Promise<void>((resolve) => balancer.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(balancer.address() as AddressInfo).port}/.well-known/jwks.json`;
    nomination = await startService(createNominationApp, {
      db,
      redis,
      env: { NODE_ENV: 'production', ...secrets, ACCOUNTS_JWKS_URL: jwksUrl, ACCOUNTS_JWKS_COOLDOWN_MS: '0' },
    });
  });
  afterAll(async () => {
    await nomination?.close();
    await registry?.close();
    await new Promise((resolve) => balancer?.close(resolve));
    await db?.drop();
    await redis?.cleanup();
  });

  async function signIn(email: string, password: string): Promise<string> {
    const res = await registry.request('POST', '/accounts/sign-in', { body: { email, password } });
    expect(res.status).toBe(200);
    return res.body.accessToken;
  }
  const kidOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid;

  it('rotates keys: the new key is published and signs, tokens of the old key work until they expire, an unknown kid is 401', async () => {
    const created = await registry.request('POST', '/accounts', { token: tokenSignedWith(keyA, national), body: { name: 'Admin Kudus', email: 'admin@kuduskab.go.id', role: 'region-admin', region: '33.19' } });
    expect(created.status).toBe(201);
    await registry.request('POST', '/accounts/sign-in', { body: { email: 'admin@kuduskab.go.id', password: created.body.oneTimePassword, newPassword: STRONG } });
    const oldToken = await signIn('admin@kuduskab.go.id', STRONG);
    expect(kidOf(oldToken)).toBe('key-a');
    expect(await canRead(oldToken)).toBe(200);

    // A rolling restart with the new key first and the old one behind it.
    await registry.app.close();
    registry = await startRegistry(signingKeysEnv(keyB, keyA));
    const jwks = (await registry.request('GET', '/.well-known/jwks.json')).body;
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual(['key-b', 'key-a']);

    const newToken = await signIn('admin@kuduskab.go.id', STRONG);
    expect(kidOf(newToken)).toBe('key-b');
    expect(await canRead(newToken)).toBe(200);
    expect(await canRead(oldToken)).toBe(200);

    const forged = tokenSignedWith(newSigningKey('key-c'), { sub: 'x', role: 'national-admin' });
    expect(await canRead(forged)).toBe(401);
    const wrongSignature = tokenSignedWith(newSigningKey('key-b'), { sub: 'x', role: 'national-admin' });
    expect(await canRead(wrongSignature)).toBe(401);
  });

  it('refuses tokens without exp, living longer than 15 minutes, issued in the future, or signed with the development key', async () => {
    const jwt = new JwtService();
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'kudus', role: 'region-admin', region: '33.19' };
    const sign = (payload: object, options: object = {}) => jwt.sign(payload, { privateKey: keyA.privateKey, algorithm: 'ES256', keyid: keyA.kid, ...options });
    expect(await canRead(sign(claims, { expiresIn: 600 }))).toBe(200);
    const defective = {
      'no exp': sign(claims),
      'a lifetime of an hour': sign(claims, { expiresIn: 3600 }),
      'iat in the future': sign({ ...claims, iat: now + 600 }, { expiresIn: 600 }),
      'the development key': signToken(claims as never, 600),
      expired: sign({ ...claims, iat: now - 700 }, { expiresIn: 600 }),
    };
    for (const [name, token] of Object.entries(defective)) {
      const res = await nomination.request('GET', '/editions', { token });
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
      expect((await registry.request('GET', '/agencies?region=33.19', { token })).status).toBe(401);
    }
  });
});
