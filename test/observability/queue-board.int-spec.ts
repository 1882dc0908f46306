import { startService, tokenFor, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';

/**
 * The queue dashboard (Bull Board) at /admin/board of a real registry, on the real PostgreSQL and
 * Redis: who may open it, how a browser signs in, and which queues it shows.
 */
describe('queue dashboard at /admin/board', () => {
  let registry: RunningService;
  const admin = tokenFor({ sub: 'ops', role: 'national-admin' });
  const service = tokenFor({ sub: 'nomination', role: 'service' });
  const regionAdmin = tokenFor({ sub: 'kudus', role: 'region-admin', region: '33.19' });

  beforeAll(async () => {
    registry = await startService(createRegistryApp, { env: { EVENT_SUBSCRIBERS: 'analytics:innovation.*;exporter:nomination.*' } });
  });
  afterAll(() => registry?.close());

  const queueNames = (body: { queues: Array<{ name: string }> }) => body.queues.map((q) => q.name).sort();

  it('answers 401 without a token, on its API and on its page', async () => {
    const api = await registry.request('GET', '/admin/board/api/queues');
    expect(api.status).toBe(401);
    expect(api.body).toMatchObject({ statusCode: 401, message: 'A bearer token is required' });
    expect((await registry.request('GET', '/admin/board/')).status).toBe(401);
    expect((await registry.request('GET', '/admin/board/api/queues', { token: 'not.a.token' })).status).toBe(401);
  });

  it('answers 403 to a signed-in user who is not an operator', async () => {
    const res = await registry.request('GET', '/admin/board/api/queues', { token: regionAdmin });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/region-admin/);
  });

  it("lists the service's inbox and the queues it publishes to, and no other, for an operator", async () => {
    for (const token of [admin, service]) {
      const res = await registry.request('GET', '/admin/board/api/queues', { token });
      expect(res.status).toBe(200);
      // exporter-events takes nomination.* only, which the registry never publishes.
      expect(queueNames(res.body)).toEqual(['analytics-events', 'nomination-inbox', 'registry-inbox', 'replication-inbox']);
    }
    const inbox = (await registry.request('GET', '/admin/board/api/queues', { token: admin })).body.queues.find((q: { name: string }) => q.name === 'registry-inbox');
    expect(inbox).toMatchObject({ readOnlyMode: false, allowRetries: false });
  });

  it('serves its page and assets to an operator, under a CSP of its own', async () => {
    const page = await registry.request('GET', '/admin/board/', { token: admin });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = /src="(static\/js\/main[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    expect((await registry.request('GET', `/admin/board/${script}`, { token: admin })).status).toBe(200);
    expect((await registry.request('GET', `/admin/board/${script}`)).status).toBe(401);
  });

  it('signs a browser in with a token pasted in its form, as a short-lived cookie for the dashboard only', async () => {
    const page = await registry.request('GET', '/admin/board/', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(401);
    expect(page.body).toContain('<form method="post" action="/admin/board/login">');

    const form = (token: string, origin = registry.baseUrl) =>
      fetch(`${registry.baseUrl}/admin/board/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: new URLSearchParams({ token }).toString(),
      });

    const signedIn = await form(admin);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/admin/board/');
    const cookie = signedIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^lumbung_board=[\w-]+\.[\w-]+\.[\w-]+; Path=\/admin\/board; Max-Age=900; HttpOnly; SameSite=Strict/);
    const session = cookie.split(';')[0];
    const withCookie = await registry.request('GET', '/admin/board/api/queues', { headers: { cookie: session } });
    expect(withCookie.status).toBe(200);
    expect(queueNames(withCookie.body)).toContain('registry-inbox');

    // The session is the board's own: the APIs refuse it as a bearer token, and the board's sign-in
    // will not exchange it for a fresh one, so it ends 15 minutes after the real token was pasted.
    const sessionToken = session.slice('lumbung_board='.length);
    expect((await registry.request('GET', '/agencies?region=33.19', { token: sessionToken })).status).toBe(401);
    expect((await registry.request('GET', '/admin/board/api/queues', { token: sessionToken })).status).toBe(401);
    expect((await form(sessionToken)).status).toBe(401);

    expect((await form(regionAdmin)).status).toBe(403);
    expect((await form('garbage')).status).toBe(401);
    // Another site's form may not sign the browser in, even with a good token.
    expect((await form(admin, 'https://evil.example')).status).toBe(403);

    const signedOut = await fetch(`${registry.baseUrl}/admin/board/logout`, { redirect: 'manual', headers: { cookie: session } });
    expect(signedOut.headers.get('set-cookie')).toMatch(/^lumbung_board=; .*Max-Age=0/);
  });

  it('stays out of the OpenAPI document', async () => {
    const docs = await registry.request('GET', '/docs-json');
    expect(Object.keys(docs.body.paths).filter((p) => p.startsWith('/admin/board'))).toEqual([]);
  });
});
