import type { RunningService } from '@lumbung/testing';
import { createNominationApp } from '../../apps/nomination/src/nomination.app.js';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { createReplicationApp } from '../../apps/replication/src/replication.app.js';
import { nationalAdmin, startAbused, type ServiceName } from './abuse.fixtures.js';

const SECURITY_HEADERS = {
  'content-security-policy': expect.stringContaining("default-src 'none'"),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': expect.stringContaining('max-age='),
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};
const headersOf = (h: Headers) => Object.fromEntries(Object.keys(SECURITY_HEADERS).map((k) => [k, h.get(k)]));

describe.each<ServiceName>(['registry', 'replication', 'nomination'])('%s: headers and CORS', (service) => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startAbused(service);
  });
  afterAll(() => svc?.close());

  it('sends the security headers on every kind of answer, and no X-Powered-By', async () => {
    const answers = [
      await svc.request('GET', '/health/live'),
      await svc.request('GET', '/docs-json'),
      await svc.request('GET', '/admin/dead-letters', { token: nationalAdmin() }),
      await svc.request('GET', '/admin/dead-letters'),
      await svc.request('GET', '/admin/dead-letters/not-a-uuid', { token: nationalAdmin() }),
      await svc.request('GET', '/no/such/route', { token: nationalAdmin() }),
      await svc.request('POST', '/admin/dead-letters/00000000-0000-4000-8000-000000000000/replay', { token: nationalAdmin(), body: 'x'.repeat(1024 * 1024 + 1) }),
      await svc.request('POST', '/admin/dead-letters/00000000-0000-4000-8000-000000000000/replay', { token: nationalAdmin(), body: '{"broken":' }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 401, expect.any(Number), 404, 413, 400]);
    for (const a of answers) {
      expect(headersOf(a.headers)).toEqual(SECURITY_HEADERS);
      expect(a.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('keeps CORS closed when CORS_ORIGINS is empty: no Access-Control-* header for any origin', async () => {
    const preflight = await fetch(`${svc.baseUrl}/admin/dead-letters`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBeLessThan(500);
    const simple = await svc.request('GET', '/admin/dead-letters', { token: nationalAdmin(), headers: { origin: 'https://evil.example' } });
    for (const res of [preflight, simple]) expect([...res.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
  });
});

describe('CORS opened for named origins only', () => {
  let svc: RunningService;
  const allowed = 'https://lumbung.jatengprov.go.id';
  beforeAll(async () => {
    svc = await startAbused('registry', { env: { CORS_ORIGINS: `${allowed}, http://localhost:5173` } });
  });
  afterAll(() => svc?.close());

  it('answers a preflight of a named origin, allowing the bearer header', async () => {
    const res = await fetch(`${svc.baseUrl}/innovations`, {
      method: 'OPTIONS',
      headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, if-match' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    const get = await svc.request('GET', '/regions', { token: nationalAdmin(), headers: { origin: allowed } });
    expect(get.headers.get('access-control-allow-origin')).toBe(allowed);
  });

  it('gives any other origin nothing to read', async () => {
    const res = await svc.request('GET', '/regions', { token: nationalAdmin(), headers: { origin: 'https://lumbung.jatengprov.go.id.evil.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('production refuses development secrets and keys', () => {
  const base = { NODE_ENV: 'production', PORT: '0', DATABASE_URL: 'postgres://lumbung@127.0.0.1:5432/none', REDIS_URL: 'redis://127.0.0.1:6379' };
  const factories = { registry: createRegistryApp, replication: createReplicationApp, nomination: createNominationApp };

  it.each(Object.keys(factories) as ServiceName[])('%s will not start with the development board secret, nor with one under 32 characters', async (service) => {
    const create = factories[service];
    await expect(create(base)).rejects.toThrow(/BOARD_SESSION_SECRET is the development default/);
    await expect(create({ ...base, BOARD_SESSION_SECRET: 'only-twenty-chars-xx' })).rejects.toThrow(/BOARD_SESSION_SECRET must be at least 32 characters/);
  });

  it.each(['replication', 'nomination'] as ServiceName[])('%s will not start without a JWKS to verify tokens against', async (service) => {
    await expect(factories[service]({ ...base, BOARD_SESSION_SECRET: 'x'.repeat(40) })).rejects.toThrow(/ACCOUNTS_JWKS_URL is required in production/);
  });

  it('the registry will not start without signing keys of its own, and refuses the development key among them', async () => {
    await expect(createRegistryApp({ ...base, BOARD_SESSION_SECRET: 'x'.repeat(40) })).rejects.toThrow(/ACCOUNTS_SIGNING_KEYS is required in production/);
  });
});
