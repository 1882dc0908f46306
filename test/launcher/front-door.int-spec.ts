import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { startService, tokenFor, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { startFrontDoor, type FrontDoor } from '../../apps/launcher/src/front-door.server.js';

/**
 * The front door's routing, headers and console serving, against upstreams that answer with what
 * they received (real HTTP servers on loopback), then against a real registry for the rate limit.
 */
interface Seen {
  service: string;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function recordingUpstream(service: string): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.all('/*', async (req, reply) => {
    const seen: Seen = { service, method: req.method, url: req.url, headers: req.headers, body: (req.body as string) ?? '' };
    // Two cookies, as a sign-in answers with a session and a CSRF cookie.
    reply.header('set-cookie', ['refresh=abc; HttpOnly; SameSite=Strict; Path=/api/accounts', 'other=1; Path=/']);
    return seen;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

describe('the front door', () => {
  const upstreams: Record<string, { app: FastifyInstance; url: string }> = {};
  let door: FrontDoor;
  let consoleDir: string;

  beforeAll(async () => {
    for (const name of ['registry', 'replication', 'nomination']) upstreams[name] = await recordingUpstream(name);
    consoleDir = mkdtempSync(join(tmpdir(), 'lumbung-console-'));
    door = await startFrontDoor({
      upstreams: { registry: upstreams.registry.url, replication: upstreams.replication.url, nomination: upstreams.nomination.url },
      port: 0,
      host: '127.0.0.1',
      consoleDir: join(consoleDir, 'missing'),
    });
  });
  afterAll(async () => {
    await door?.close();
    for (const u of Object.values(upstreams)) await u.app.close();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  const via = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(door.url + path, init);
    const text = await res.text();
    return { status: res.status, res, body: text.startsWith('{') ? (JSON.parse(text) as Seen) : undefined, text };
  };

  it.each([
    ['/api/registry/regions?parent=33', 'registry', '/regions?parent=33'],
    ['/api/replication/adoptions/1', 'replication', '/adoptions/1'],
    ['/api/nomination/editions', 'nomination', '/editions'],
    ['/api/accounts/sign-in', 'registry', '/accounts/sign-in'],
    ['/.well-known/jwks.json', 'registry', '/.well-known/jwks.json'],
  ])('sends %s to the %s at %s', async (path, service, upstreamPath) => {
    const { status, body } = await via(path);
    expect({ status, service: body?.service, url: body?.url }).toEqual({ status: 200, service, url: upstreamPath });
  });

  it('passes method, body and cookies through, and every Set-Cookie back', async () => {
    const { body, res } = await via('/api/accounts/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'refresh=old; theme=dark', 'if-match': '"3"' },
      body: JSON.stringify({ a: 1 }),
    });
    expect(body).toMatchObject({ method: 'POST', url: '/accounts/refresh', body: '{"a":1}', headers: { cookie: 'refresh=old; theme=dark', 'if-match': '"3"' } });
    expect(res.headers.getSetCookie()).toEqual(['refresh=abc; HttpOnly; SameSite=Strict; Path=/api/accounts', 'other=1; Path=/']);
  });

  it('replaces a client-written X-Forwarded-For with the TCP peer, never appends to it', async () => {
    const { body } = await via('/api/registry/agencies', { method: 'POST', headers: { 'x-forwarded-for': '203.0.113.66, 10.0.0.1' } });
    expect(body?.headers['x-forwarded-for']).toBe('127.0.0.1');
    const plain = await via('/api/registry/agencies');
    expect(plain.body?.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('answers 404 for an unknown API path, and says the console is not built when it is missing', async () => {
    expect((await via('/api/unknown/x')).status).toBe(404);
    const home = await via('/');
    expect(home.status).toBe(200);
    expect(home.text).toMatch(/console is not built/);
  });

  it('serves the console build, with the SPA fallback for paths without an extension', async () => {
    const dist = join(consoleDir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    const built = await startFrontDoor({ upstreams: { registry: upstreams.registry.url, replication: upstreams.replication.url, nomination: upstreams.nomination.url }, port: 0, host: '127.0.0.1', consoleDir: dist });
    try {
      const get = async (path: string) => {
        const res = await fetch(built.url + path);
        return { status: res.status, text: await res.text() };
      };
      expect(await get('/')).toEqual({ status: 200, text: '<!doctype html><title>console</title>' });
      expect(await get('/assets/app.js')).toEqual({ status: 200, text: 'console.log(1)' });
      expect(await get('/innovations/42/history')).toEqual({ status: 200, text: '<!doctype html><title>console</title>' });
      expect((await get('/assets/missing.js')).status).toBe(404);
      expect((await get('/api/registry/regions')).text).toMatch(/"service":"registry"/);
    } finally {
      await built.close();
    }
  });
});

/**
 * The per-address write limit, keyed on the address a client cannot choose: directly with the
 * default TRUSTED_PROXY_HOPS (0), and behind the front door with 1, as Compose and Kubernetes run it.
 * Each write is an invalid POST /agencies (400): a limit counts attempts, and nothing is written.
 */
describe('the per-address write limit and a client-written X-Forwarded-For', () => {
  const admin = tokenFor({ sub: 'kemenpanrb', role: 'national-admin' });
  const spoofedWrites = async (base: string, n: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${base}/agencies`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'x-forwarded-for': `10.0.${i}.1` },
        body: '{}',
      });
      statuses.push(res.status);
    }
    return statuses;
  };

  it('a service with the default hops (0) counts the TCP peer, whatever the header says', async () => {
    const env = { RATE_LIMIT_PER_ADDRESS: '3' };
    const svc: RunningService = await startService(createRegistryApp, { env });
    try {
      expect(await spoofedWrites(svc.baseUrl, 4)).toEqual([400, 400, 400, 429]);
    } finally {
      await svc.close();
    }
  });

  it('behind the front door with hops 1, the client cannot choose the counted address either', async () => {
    const svc: RunningService = await startService(createRegistryApp, { env: { RATE_LIMIT_PER_ADDRESS: '3', TRUSTED_PROXY_HOPS: '1' } });
    const door = await startFrontDoor({ upstreams: { registry: svc.baseUrl, replication: svc.baseUrl, nomination: svc.baseUrl }, port: 0, host: '127.0.0.1', consoleDir: '/nonexistent' });
    try {
      expect(await spoofedWrites(`${door.url}/api/registry`, 4)).toEqual([400, 400, 400, 429]);
    } finally {
      await door.close();
      await svc.close();
    }
  });
});
