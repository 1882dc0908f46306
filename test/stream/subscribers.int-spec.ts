import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { EventCollector, expectEventually, sleep, startService, tokenFor, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { runSubscribersCommand } from '../../apps/cli/src/subscribers-command.js';
import { innovationBody, insertAgency, KUDUS, nationalAdmin, regionAdmin } from '../../apps/registry/test/innovation-test.fixtures.js';

/**
 * Subscribers as data (issue 19): an operator adds, pauses, resumes and removes outside subscribers
 * at run time through any service's admin API; a stopped consumer is paused at its bound without
 * stalling producers; replays and backfills send the outbox history in commit order.
 *
 * Two registry processes share the database and Redis: A serves HTTP without a relay, B relays
 * (and replays). A subscriber added through A's API reaches B's relay within its refresh: the list is
 * data, not configuration of the process that sends.
 */
describe('subscribers as data', () => {
  let a: RunningService;
  let b: RunningService;
  let agency: string;
  const admin = nationalAdmin();
  const kudus = regionAdmin(KUDUS);
  const collectors: EventCollector[] = [];
  const fast = { SUBSCRIBERS_REFRESH_MS: '200', SUBSCRIBER_CHECK_MS: '200', REPLAY_RATE_PER_SECOND: '100000', EVENT_SUBSCRIBERS: 'seeded:agency.*' };

  const collect = (name: string) => {
    const c = new EventCollector(`${name}-events`, a.redis.url, a.redis.prefix);
    collectors.push(c);
    return c;
  };
  const register = async (service: RunningService, agencyId: string, name: string): Promise<string> => {
    const res = await service.request('POST', '/innovations', { token: kudus, body: innovationBody(KUDUS, agencyId, { name }) });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const add = (body: Record<string, unknown>, token = admin, service = a) => service.request('POST', '/admin/subscribers', { token, body });
  const sql = <T>(service: RunningService, query: string, params: unknown[] = []): Promise<T[]> => service.app.get(DataSource).query(query, params);
  const registeredIn = (c: EventCollector) => c.ofType('innovation.registered').map((e) => (e.payload as { innovation: { name: string } }).innovation.name);

  beforeAll(async () => {
    a = await startService(createRegistryApp, { env: { ...fast, RELAY_ENABLED: 'false' } });
    b = await startService(createRegistryApp, { db: a.db, redis: a.redis, env: { ...fast, RUN_MIGRATIONS: 'false' } });
    agency = await insertAgency(a, KUDUS, 'Dinas Kesehatan');
  });
  afterAll(async () => {
    for (const c of collectors) await c.close();
    await b?.close();
    await a?.close();
  });

  it('seeds EVENT_SUBSCRIBERS as records an operator then manages', async () => {
    const res = await a.request('GET', '/admin/subscribers', { token: tokenFor({ sub: 'ops', role: 'service' }) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([expect.objectContaining({ name: 'seeded', queue: 'seeded-events', patterns: ['agency.*'], state: 'active', source: 'env' })]);
  });

  it('refuses bad subscribers naming the field, a second of the same name with 409, and a service token with 403', async () => {
    const bad = await add({ name: 'Bad Name', patterns: ['innovation registered'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['name']));
    const badPattern = await add({ name: 'x1', patterns: ['innovation registered'], provinceCode: '3' });
    expect(badPattern.status).toBe(400);
    expect(badPattern.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['patterns.0', 'provinceCode']);
    const webhookWithoutUrl = await add({ name: 'x2', kind: 'webhook', patterns: ['*'] });
    expect(webhookWithoutUrl.status).toBe(400);
    expect(webhookWithoutUrl.body.errors[0]).toMatchObject({ field: 'url', code: 'field.invalid' });
    expect((await add({ name: 'x3', patterns: ['*'] }, tokenFor({ sub: 'svc', role: 'service' }))).status).toBe(403);
    expect((await add({ name: 'seeded', patterns: ['*'] })).status).toBe(409);
    expect((await a.request('POST', '/admin/subscribers/nobody/pause', { token: admin })).status).toBe(404);
  });

  it('delivers to a subscriber added at run time, from every producer, within seconds', async () => {
    const live = collect('live');
    const res = await add({ name: 'live', patterns: ['innovation.*'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'live', queue: 'live-events', state: 'active', source: 'operator', secret: null });
    // No wait for the relay's refresh (SUBSCRIBERS_REFRESH_MS): what is committed before it knows of
    // the subscriber reaches it through the catch-up from its creation.
    await register(a, agency, 'Inovasi dari proses A');
    await register(b, agency, 'Inovasi dari proses B');
    await expectEventually(() => expect(registeredIn(live).sort()).toEqual(['Inovasi dari proses A', 'Inovasi dari proses B']));
  });

  it('keeps a province filter: events naming no region of the province do not reach it', async () => {
    const jateng = collect('jateng');
    const yogya = collect('yogya');
    expect((await add({ name: 'jateng', patterns: ['innovation.registered'], provinceCode: '33' })).status).toBe(201);
    expect((await add({ name: 'yogya', patterns: ['innovation.registered'], provinceCode: '34' })).status).toBe(201);
    await register(a, agency, 'Inovasi Kudus untuk filter');
    await expectEventually(() => expect(registeredIn(jateng)).toEqual(['Inovasi Kudus untuk filter']));
    await sleep(500);
    expect(yogya.received).toEqual([]);
  });

  it('pauses (409 when already paused), delivers nothing while paused, and replays what it missed on resume, each event once', async () => {
    const c = collect('pausable');
    expect((await add({ name: 'pausable', patterns: ['innovation.registered'] })).status).toBe(201);
    await register(a, agency, 'Sebelum jeda');
    await expectEventually(() => expect(registeredIn(c)).toEqual(['Sebelum jeda']));

    const paused = await a.request('POST', '/admin/subscribers/pausable/pause', { token: admin });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ state: 'paused', pausedReason: 'operator' });
    expect((await a.request('POST', '/admin/subscribers/pausable/pause', { token: admin })).status).toBe(409);
    await sleep(600);
    await register(a, agency, 'Selama jeda 1');
    await register(a, agency, 'Selama jeda 2');
    await sleep(800);
    expect(registeredIn(c)).toEqual(['Sebelum jeda']);

    const resumed = await a.request('POST', '/admin/subscribers/pausable/resume', { token: admin, body: {} });
    expect(resumed.status).toBe(200);
    expect(resumed.body.state).toBe('active');
    expect((await a.request('POST', '/admin/subscribers/pausable/resume', { token: admin, body: {} })).status).toBe(409);
    await expectEventually(() => expect(registeredIn(c)).toEqual(['Sebelum jeda', 'Selama jeda 1', 'Selama jeda 2']));
    await sleep(500);
    expect(registeredIn(c)).toEqual(['Sebelum jeda', 'Selama jeda 1', 'Selama jeda 2']);
    const view = await a.request('GET', '/admin/subscribers/pausable', { token: admin });
    expect(view.body.replays).toEqual([expect.objectContaining({ reason: 'catch-up', redeliver: false }), expect.objectContaining({ reason: 'resume', redeliver: false })]);
  });

  it('pauses a subscriber nobody reads at its bound, flags it, keeps producers writing, and loses nothing', async () => {
    expect((await add({ name: 'stopped', patterns: ['innovation.registered'], maxBacklog: 2 })).status).toBe(201);
    await sleep(600);
    for (let i = 1; i <= 4; i++) await register(a, agency, `Tanpa pembaca ${i}`);
    const flagged = await expectEventually(async () => {
      const res = await a.request('GET', '/admin/subscribers/stopped', { token: admin });
      expect(res.body).toMatchObject({ state: 'paused', pausedReason: 'backlog' });
      return res.body;
    });
    expect(flagged.pausedNote).toMatch(/over its bound of 2/);
    // Writes go on while it is paused.
    for (let i = 5; i <= 6; i++) await register(a, agency, `Tanpa pembaca ${i}`);
    await expectEventually(async () => {
      const ready = await a.request('GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.details.subscribers.paused).toEqual([expect.objectContaining({ name: 'stopped', reason: 'backlog' })]);
      const metrics = await a.request('GET', '/metrics');
      expect(String(metrics.body)).toMatch(/lumbung_subscriber_paused\{[^}]*subscriber="stopped"[^}]*reason="backlog"[^}]*\} 1/);
    });

    // Its consumer comes back and the operator resumes it: every event once, the ones skipped while paused included.
    const c = collect('stopped');
    expect((await a.request('POST', '/admin/subscribers/stopped/resume', { token: admin, body: {} })).status).toBe(200);
    const names = Array.from({ length: 6 }, (_, i) => `Tanpa pembaca ${i + 1}`);
    await expectEventually(() => expect(registeredIn(c).sort()).toEqual(names.sort()));
    await sleep(500);
    expect(c.received).toHaveLength(6);
  });

  it('backfills a new subscriber with everything so far, in commit order, each event once, with progress', async () => {
    const before = (await a.request('GET', '/admin/subscribers/live', { token: admin })).body;
    expect(before.name).toBe('live');
    const c = collect('late');
    const res = await add({ name: 'late', patterns: ['innovation.registered'], from: 'beginning' });
    expect(res.status).toBe(201);
    // Everything published so far, from the outbox history.
    const total = (await sql<{ n: number }>(a, `SELECT count(*)::int AS n FROM registry.outbox WHERE type = 'innovation.registered'`))[0].n;
    await expectEventually(() => expect(c.ofType('innovation.registered')).toHaveLength(total));
    expect(new Set(c.received.map((e) => e.id)).size).toBe(total);
    expect(c.jobIds).toEqual(c.received.map((e) => e.id)); // a backfill's job id is the event id
    // Commit order: the events arrive in the order of the outbox history.
    const order = (await sql<{ name: string }>(a, `SELECT envelope->'payload'->'innovation'->>'name' AS name FROM registry.outbox WHERE type = 'innovation.registered' ORDER BY seq`)).map((r) => r.name);
    expect(registeredIn(c)).toEqual(order);
    const view = await expectEventually(async () => {
      const v = (await a.request('GET', '/admin/subscribers/late', { token: admin })).body;
      expect(Object.values(v.replays[0].progress).every((p) => (p as { doneAt: string | null }).doneAt)).toBe(true);
      return v;
    });
    expect(view.replays[0]).toMatchObject({ reason: 'backfill', redeliver: false });
    const sent = Object.values(view.replays[0].progress).reduce((n: number, p) => n + (p as { sent: number }).sent, 0);
    expect(sent).toBe(total);
  });

  it('replays since a time to one subscriber again (new job ids), and since an event of this outbox', async () => {
    const c = collect('replayed');
    expect((await add({ name: 'replayed', patterns: ['innovation.registered'] })).status).toBe(201);
    await sleep(600);
    const t0 = new Date(Date.now() - 1000).toISOString();
    const first = await register(a, agency, 'Diputar ulang 1');
    await register(a, agency, 'Diputar ulang 2');
    await expectEventually(() => expect(registeredIn(c)).toEqual(['Diputar ulang 1', 'Diputar ulang 2']));

    const replay = await a.request('POST', '/admin/subscribers/replayed/replays', { token: admin, body: { since: t0 } });
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ subscriber: 'replayed', redeliver: true, reason: 'operator' });
    await expectEventually(() => expect(registeredIn(c)).toEqual(['Diputar ulang 1', 'Diputar ulang 2', 'Diputar ulang 1', 'Diputar ulang 2']));
    expect(c.jobIds.slice(2).every((id) => id.includes('-replay-'))).toBe(true);

    const [eventOfFirst] = await sql<{ id: string }>(a, `SELECT id FROM registry.outbox WHERE envelope->>'aggregateId' = $1`, [first]);
    const after = await a.request('POST', '/admin/subscribers/replayed/replays', { token: admin, body: { afterEventId: eventOfFirst.id } });
    expect(after.status).toBe(202);
    await expectEventually(() => expect(registeredIn(c).slice(4)).toEqual(['Diputar ulang 2']));
    const missing = await a.request('POST', '/admin/subscribers/replayed/replays', { token: admin, body: { afterEventId: '00000000-0000-4000-8000-000000000000' } });
    expect(missing.status).toBe(404);
    expect((await a.request('POST', '/admin/subscribers/replayed/replays', { token: admin, body: {} })).body.errors[0].field).toBe('since');
  });

  it('removes a subscriber: producers stop sending to it', async () => {
    const connection = new Redis(a.redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('gone-events', { connection, prefix: a.redis.prefix });
    try {
      expect((await add({ name: 'gone', patterns: ['innovation.registered'] })).status).toBe(201);
      expect((await a.request('DELETE', '/admin/subscribers/gone', { token: admin })).status).toBe(204);
      await sleep(600);
      await register(b, agency, 'Setelah dihapus');
      await sleep(800);
      expect(await queue.count()).toBe(0);
      expect((await a.request('GET', '/admin/subscribers/gone', { token: admin })).status).toBe(404);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });

  it('does the same from the command line, on the same records', async () => {
    const run = async (action: string, name?: string, options: Record<string, unknown> = {}) => {
      let out = '';
      let err = '';
      const io = {
        out: { write: (t: string) => ((out += t), true) } as unknown as NodeJS.WriteStream,
        err: { write: (t: string) => ((err += t), true) } as unknown as NodeJS.WriteStream,
        env: { REDIS_URL: a.redis.url, QUEUE_PREFIX: a.redis.prefix },
      };
      const code = await runSubscribersCommand(action, name, options, io);
      return { code, out, err };
    };
    const added = await run('add', 'from-cli', { patterns: 'innovation.*,replication.completed', province: '33', maxBacklog: '50' });
    expect(added).toMatchObject({ code: 0, err: '' });
    expect((await a.request('GET', '/admin/subscribers/from-cli', { token: admin })).body).toMatchObject({
      patterns: ['innovation.*', 'replication.completed'], provinceCode: '33', maxBacklog: 50, state: 'active',
    });
    const hook = await run('add', 'hook-cli', { patterns: '*', webhook: 'https://hooks.example.go.id/lumbung' });
    expect(hook.out).toMatch(/Signing secret \(shown once.*\): whsec_/);
    expect(await run('pause', 'from-cli')).toMatchObject({ code: 0 });
    expect((await run('pause', 'from-cli')).err).toMatch(/already paused/);
    expect((await run('list')).out).toMatch(/from-cli\tqueue from-cli-events\tinnovation\.\*,replication\.completed \(province 33\)\tpaused \(operator/);
    expect((await run('resume', 'from-cli', { replay: false })).code).toBe(0);
    expect((await run('replay', 'from-cli', { since: 'yesterday' })).code).toBe(2);
    expect((await run('replay', 'from-cli', { since: new Date(Date.now() - 60_000).toISOString() })).out).toMatch(/Replay .* queued/);
    expect((await run('add', 'Bad', { patterns: '' })).err).toMatch(/name: .*\npatterns: must list at least one/);
    expect(await run('remove', 'hook-cli')).toMatchObject({ code: 0, out: 'Removed hook-cli.\n' });
    expect((await run('remove', 'hook-cli')).code).toBe(1);
  });
});
