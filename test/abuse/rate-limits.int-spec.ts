import { Redis } from 'ioredis';
import { signToken } from '@lumbung/platform';
import type { RunningService } from '@lumbung/testing';
import { nationalAdmin, regionAdmin, KUDUS, DEMAK, startAbused, rowCounts } from './abuse.fixtures.js';

/**
 * Write limits per token subject and per client address, shared by replicas through Redis.
 * Every write here is an invalid POST /agencies (400): a limit counts attempts, not successes,
 * and the tests leave no data behind.
 */
const write = (svc: RunningService, token?: string, headers: Record<string, string> = {}) => svc.request('POST', '/agencies', { token, body: {}, headers });

describe('write rate limits (real Redis)', () => {
  describe('per token', () => {
    let svc: RunningService;
    beforeAll(async () => {
      svc = await startAbused('registry', { env: { RATE_LIMIT_PER_TOKEN: '3', RATE_LIMIT_PER_ADDRESS: '0' } });
    });
    afterAll(() => svc?.close());

    it('answers the 4th write of a subject in a window with 429 and a Retry-After, and nothing changes', async () => {
      const token = regionAdmin(KUDUS);
      for (let i = 0; i < 3; i++) expect((await write(svc, token)).status).toBe(400);
      const before = await rowCounts(svc, 'registry');
      const refused = await svc.request('POST', '/agencies', { token, body: { regionCode: KUDUS, name: 'Dinas Baru' } });
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      expect(refused.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', message: expect.stringMatching(/with this token/) });
      expect(await rowCounts(svc, 'registry')).toEqual(before);
    });

    it('keys on the subject, not the token string: a freshly signed token of the same subject is still limited', async () => {
      const again = signToken({ sub: `admin-${KUDUS}`, role: 'region-admin', region: KUDUS }, 600, { jti: 'another' });
      expect((await write(svc, again)).status).toBe(429);
    });

    it('leaves other subjects and every read alone', async () => {
      expect((await write(svc, regionAdmin(DEMAK))).status).toBe(400);
      expect((await svc.request('GET', '/agencies?region=33.19', { token: regionAdmin(KUDUS) })).status).toBe(200);
    });
  });

  describe('reads per token', () => {
    let svc: RunningService;
    beforeAll(async () => {
      svc = await startAbused('registry', { env: { RATE_LIMIT_PER_TOKEN: '2', RATE_LIMIT_READS_PER_TOKEN: '3', RATE_LIMIT_PER_ADDRESS: '0' } });
    });
    afterAll(() => svc?.close());
    const read = (token: string) => svc.request('GET', '/innovations?q=pelayanan', { token });

    it('answers the 4th read of a subject in a window with 429 and a Retry-After', async () => {
      const token = regionAdmin(KUDUS);
      for (let i = 0; i < 3; i++) expect((await read(token)).status).toBe(200);
      const refused = await read(token);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.body.message).toMatch(/Too many reads with this token/);
    });

    it('counts reads apart from writes: a subject out of reads still writes, and one out of writes still reads', async () => {
      expect((await write(svc, regionAdmin(KUDUS))).status).toBe(400);
      const writer = regionAdmin(DEMAK);
      for (let i = 0; i < 2; i++) expect((await write(svc, writer)).status).toBe(400);
      expect((await write(svc, writer)).status).toBe(429);
      expect((await read(writer)).status).toBe(200);
    });

    it('leaves other subjects and the probes alone', async () => {
      expect((await read(nationalAdmin())).status).toBe(200);
      for (let i = 0; i < 5; i++) expect((await svc.request('GET', '/health/live')).status).toBe(200);
    });
  });

  describe('per address, across two replicas', () => {
    let a: RunningService;
    let b: RunningService;
    const env = { RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_ADDRESS: '4', TRUSTED_PROXY_HOPS: '1' };
    // The test plays the ingress (one trusted hop): it appends the address it saw to X-Forwarded-For.
    const via = (client: string, spoofed?: string) => ({ 'x-forwarded-for': spoofed ? `${spoofed}, ${client}` : client });

    beforeAll(async () => {
      a = await startAbused('registry', { env });
      b = await startAbused('registry', { env, db: a.db, redis: a.redis });
    });
    afterAll(async () => {
      await b?.close();
      await a?.close();
    });

    it('counts every write of one address on either replica, whatever the token, bad tokens included', async () => {
      const client = '203.0.113.7';
      expect((await write(a, regionAdmin(KUDUS), via(client))).status).toBe(400);
      expect((await write(b, nationalAdmin(), via(client))).status).toBe(400);
      expect((await write(a, undefined, via(client))).status).toBe(401);
      expect((await write(b, 'not.a.token', via(client))).status).toBe(401);
      const refused = await write(a, nationalAdmin(), via(client));
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.body.message).toMatch(/from this address/);
      expect((await b.request('GET', '/agencies?region=33.19', { token: nationalAdmin(), headers: via(client) })).status).toBe(200);
    });

    it('is not dodged by a client-written X-Forwarded-For; another address has its own count', async () => {
      const client = '198.51.100.9';
      for (let i = 0; i < 4; i++) expect((await write(a, nationalAdmin(), via(client, `10.0.0.${i}`))).status).toBe(400);
      expect((await write(b, nationalAdmin(), via(client, '10.9.9.9'))).status).toBe(429);
      expect((await write(a, nationalAdmin(), via('198.51.100.10'))).status).toBe(400);
    });

    it('keeps no counter in Redis without an expiry', async () => {
      const redis = new Redis(a.redis.url, { maxRetriesPerRequest: 1 });
      try {
        const keys = await redis.keys(`${a.redis.prefix}:ratelimit:*`);
        expect(keys.length).toBeGreaterThan(0);
        for (const key of keys) {
          const ttl = await redis.pttl(key);
          expect({ key, expires: ttl > 0 && ttl <= 60_000 }).toEqual({ key, expires: true });
        }
      } finally {
        redis.disconnect();
      }
    });
  });

  it('turns both limits off with 0 (benchmarks and fault tests rely on it)', async () => {
    const svc = await startAbused('registry', { env: { RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_ADDRESS: '0' } });
    try {
      const statuses = new Set<number>();
      for (let i = 0; i < 25; i++) statuses.add((await write(svc, nationalAdmin())).status);
      expect([...statuses]).toEqual([400]);
    } finally {
      await svc.close();
    }
  });
});
