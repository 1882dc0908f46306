import { DataSource } from 'typeorm';
import { createTestDatabase, createTestRedis, expectEventually, type RunningService, type TestDatabase, type TestRedis } from '@lumbung/testing';
import { StalledReminders } from '../src/requests/stalled-reminders.service.js';
import { regionAdmin, RegistryFeed, requestBody, seedWorld, startReplication, DEMAK, KUDUS, type World } from './replication-test.fixtures.js';

/**
 * replication.stalled with two replicas of the replication service on one database and Redis, each
 * ticking its BullMQ job scheduler every 100 ms: a request idle past REPLICATION_STALLED_DAYS is
 * reminded of once, also when both replicas run at once and after one restarts; a step resets it,
 * and idle again it reminds again.
 */
describe('stalled replication reminders, exactly once across replicas and restarts (real PostgreSQL and Redis)', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let a: RunningService;
  let b: RunningService;
  let feed: RegistryFeed;
  let world: World;
  let requestId: string;
  const env = { REMINDERS_ENABLED: 'true', REMINDER_TICK_MS: '100', REPLICATION_STALLED_DAYS: '30' };

  const stalledEvents = async (): Promise<{ aggregateId: string; payload: { request: { id: string; status: string }; idleDays: number } }[]> =>
    ((await a.app.get(DataSource).query(`SELECT envelope FROM "replication"."outbox" WHERE type = 'replication.stalled' ORDER BY seq`)) as { envelope: never }[]).map((r) => r.envelope);
  const idleFor = (days: number) => a.app.get(DataSource).query(`UPDATE "replication"."replication_request" SET last_activity_at = now() - make_interval(days => $2) WHERE id = $1`, [requestId, days]);

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    a = await startReplication({ db, redis, env });
    b = await startReplication({ db, redis, env });
    feed = new RegistryFeed(a.redis);
    world = await seedWorld(a, feed);
    const filed = await a.request('POST', '/replication-requests', { token: regionAdmin(DEMAK), body: requestBody(world.origin.id, world.demakAgency.id) });
    expect(filed.status).toBe(201);
    requestId = filed.body.id;
  }, 60_000);

  afterAll(async () => {
    await feed?.close();
    await a?.close();
    await b?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('says nothing of a request with a recent step', async () => {
    await idleFor(29);
    expect(await a.app.get(StalledReminders).sendDue()).toBe(0);
    expect(await stalledEvents()).toEqual([]);
  });

  it('reminds once of a request idle for 30 days, with two replicas ticking and asking at once', async () => {
    await idleFor(31);
    await expectEventually(async () => expect(await stalledEvents()).toHaveLength(1), 10_000, 100);
    await Promise.all([a, b].flatMap((svc) => [1, 2, 3].map(() => svc.app.get(StalledReminders).sendDue())));
    const [first] = await stalledEvents();
    expect(await stalledEvents()).toHaveLength(1);
    expect(first!.payload).toMatchObject({ request: { id: requestId, status: 'requested' }, idleDays: 31 });
  });

  it('stays at one after a replica restarts', async () => {
    await b.close();
    b = await startReplication({ db, redis, env });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await stalledEvents()).toHaveLength(1);
  });

  it('reminds again when the request, moved on by a step, goes idle again', async () => {
    const read = await a.request('GET', `/replication-requests/${requestId}`, { token: regionAdmin(KUDUS) });
    const accepted = await a.request('POST', `/replication-requests/${requestId}/accept`, { token: regionAdmin(KUDUS), headers: { 'if-match': `"${read.body.version}"` }, body: {} });
    expect(accepted.status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(await stalledEvents()).toHaveLength(1);
    await idleFor(40);
    await expectEventually(async () => expect(await stalledEvents()).toHaveLength(2), 10_000, 100);
    const [, second] = await stalledEvents();
    expect(second!.payload).toMatchObject({ request: { status: 'accepted' }, idleDays: 40 });
  });
});
