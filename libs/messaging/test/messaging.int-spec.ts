import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { INBOX_QUEUES, type EventEnvelope } from '@lumbung/contracts';
import { expectEventually, replicationCompletedPayload, startService, tokenFor, type RunningService } from '@lumbung/testing';
import { OutboxRelay, OutboxService } from '../src/index.js';
import { createMessagingTestApp, handlerControl } from './messaging-test.app.js';

const admin = tokenFor({ sub: 'ops', role: 'national-admin' });
const ctx = { actor: { sub: 'test', role: 'service' as const }, correlationId: 'corr-test' };

function envelope(payload: Record<string, unknown>, id = randomUUID()): EventEnvelope {
  return {
    id,
    type: 'replication.completed',
    version: 1,
    occurredAt: new Date().toISOString(),
    producer: 'replication',
    correlationId: 'corr-test',
    causationId: null,
    aggregateId: String(payload.requestId ?? 'x'),
    aggregateVersion: 1,
    payload,
  };
}

describe('messaging: outbox, relay, transport, inbox, dead letters (real PostgreSQL and Redis)', () => {
  let svc: RunningService;
  let db: DataSource;
  let inbox: Queue;
  let redis: Redis;

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0].n);
  const effects = () => count(`SELECT count(*) AS n FROM "registry"."test_effect"`);
  const unsent = () => count(`SELECT count(*) AS n FROM "registry"."outbox" WHERE sent_at IS NULL`);

  beforeAll(async () => {
    // The relay runs only when a test drives it, so each test decides when events leave the outbox.
    svc = await startService(createMessagingTestApp, { env: { RELAY_ENABLED: 'false' } });
    db = svc.app.get(DataSource);
    redis = new Redis(svc.redis.url, { maxRetriesPerRequest: null });
    inbox = new Queue(INBOX_QUEUES.registry, { connection: redis, prefix: svc.redis.prefix });
  });
  afterAll(async () => {
    await inbox?.close();
    redis?.disconnect();
    await svc?.close();
  });
  beforeEach(async () => {
    handlerControl.failNext = 0;
    await db.query(`TRUNCATE "registry"."test_effect", "registry"."outbox", "registry"."inbox", "registry"."dead_letter", "registry"."dead_letter_replay"`);
  });

  it('leaves no outbox row when the writing transaction rolls back, and one when it commits', async () => {
    const outbox = svc.app.get(OutboxService);
    await expect(
      db.transaction(async (manager) => {
        await outbox.append(manager, ctx, [{ type: 'replication.completed', aggregateId: 'a', aggregateVersion: 1, payload: replicationCompletedPayload() }]);
        throw new Error('the write failed after the event was appended');
      }),
    ).rejects.toThrow('the write failed');
    expect(await count(`SELECT count(*) AS n FROM "registry"."outbox"`)).toBe(0);

    await db.transaction((manager) =>
      outbox.append(manager, ctx, [{ type: 'replication.completed', aggregateId: 'a', aggregateVersion: 1, payload: replicationCompletedPayload() }]),
    );
    expect(await unsent()).toBe(1);
  });

  it('refuses to append an event that breaks its own contract, failing the write', async () => {
    const outbox = svc.app.get(OutboxService);
    const bad = { ...replicationCompletedPayload(), model: 'teleport' } as never;
    await expect(
      db.transaction((manager) => outbox.append(manager, ctx, [{ type: 'replication.completed', aggregateId: 'a', aggregateVersion: 1, payload: bad }])),
    ).rejects.toThrow(/does not satisfy its contract/);
    expect(await count(`SELECT count(*) AS n FROM "registry"."outbox"`)).toBe(0);
  });

  it('relays committed events to the subscriber queue, where the handler applies each once', async () => {
    const outbox = svc.app.get(OutboxService);
    await db.transaction((manager) =>
      outbox.append(
        manager,
        ctx,
        Array.from({ length: 5 }, (_, n) => ({ type: 'replication.completed' as const, aggregateId: 'a', aggregateVersion: n + 1, payload: replicationCompletedPayload() })),
      ),
    );
    expect(await svc.app.get(OutboxRelay).relayOnce()).toBe(5);
    expect(await unsent()).toBe(0);
    await expectEventually(async () => expect(await effects()).toBe(5));
  });

  it('applies an event delivered twice only once (inbox), even after BullMQ forgot the first job', async () => {
    const env = envelope(replicationCompletedPayload());
    await inbox.add(env.type, env, { jobId: env.id });
    await expectEventually(async () => expect(await effects()).toBe(1));
    // A second delivery under another job id is what a redelivery after jobId retention looks like.
    await inbox.add(env.type, env, { jobId: `${env.id}-again` });
    await expectEventually(async () => expect((await inbox.getJob(`${env.id}-again`))?.finishedOn).toBeDefined());
    expect(await effects()).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM "registry"."inbox" WHERE event_id = $1`, [env.id])).toBe(1);
  });

  it('re-sends after a relay dies between sending and marking, and the consumer still applies once', async () => {
    const outbox = svc.app.get(OutboxService);
    const relay = svc.app.get(OutboxRelay);
    await db.transaction((manager) =>
      outbox.append(manager, ctx, [{ type: 'replication.completed', aggregateId: 'a', aggregateVersion: 1, payload: replicationCompletedPayload() }]),
    );
    await expect(relay.relayOnce({ afterSend: () => Promise.reject(new Error('killed after send')) })).rejects.toThrow('killed');
    expect(await unsent()).toBe(1);
    await expectEventually(async () => expect(await effects()).toBe(1));

    // The job is gone from Redis (as after its retention), so the re-send really is delivered again.
    const [row] = await db.query(`SELECT id FROM "registry"."outbox"`);
    await (await inbox.getJob(row.id))?.remove();
    expect(await relay.relayOnce()).toBe(1);
    expect(await unsent()).toBe(0);
    await expectEventually(async () => expect((await inbox.getJob(row.id))?.finishedOn).toBeDefined());
    expect(await effects()).toBe(1);
  });

  it('retries a transient failure with backoff and applies once', async () => {
    handlerControl.failNext = 2;
    const env = envelope(replicationCompletedPayload());
    await inbox.add(env.type, env, { jobId: env.id, attempts: 5, backoff: { type: 'exponential', delay: 50, jitter: 0.5 } });
    await expectEventually(async () => expect(await effects()).toBe(1));
    const job = await inbox.getJob(env.id);
    expect(job?.attemptsMade).toBe(3);
    expect(await count(`SELECT count(*) AS n FROM "registry"."dead_letter"`)).toBe(0);
  });

  it('dead-letters an event that keeps failing after its last attempt, and replays it once fixed', async () => {
    handlerControl.failNext = 100;
    const env = envelope(replicationCompletedPayload());
    await inbox.add(env.type, env, { jobId: env.id, attempts: 2, backoff: { type: 'fixed', delay: 20 } });
    const letters = await expectEventually(async () => {
      const res = await svc.request('GET', '/admin/dead-letters', { token: admin });
      expect(res.body).toHaveLength(1);
      return res.body;
    });
    expect(letters[0]).toMatchObject({ eventId: env.id, unrecoverable: false, attempts: 2, error: 'transient failure (test)' });

    handlerControl.failNext = 0; // the fix is deployed
    const replay = await svc.request('POST', `/admin/dead-letters/${letters[0].id}/replay`, { token: admin, body: {} });
    expect(replay.status).toBe(201);
    await expectEventually(async () => expect(await effects()).toBe(1));
    const open = await svc.request('GET', '/admin/dead-letters', { token: admin });
    expect(open.body).toHaveLength(0);
  });

  it('replays a dead letter under its own job id, even when the event id is still held by the event\'s first, completed job', async () => {
    const env = envelope(replicationCompletedPayload());
    await inbox.add(env.type, env, { jobId: env.id });
    await expectEventually(async () => expect(await effects()).toBe(1));
    // A redelivering replay's copy of the same event (job id <event id>-replay-<replay id>), broken on the way.
    const copyJobId = `${env.id}-replay-r1`;
    await inbox.add(env.type, { ...env, payload: { ...env.payload, adopterRegionCode: 'Demak' } }, { jobId: copyJobId, attempts: 1 });
    const [letter] = await expectEventually(async () => {
      const res = await svc.request('GET', '/admin/dead-letters', { token: admin });
      expect(res.body).toHaveLength(1);
      return res.body;
    });
    expect(letter.jobId).toBe(copyJobId);
    expect((await svc.request('POST', `/admin/dead-letters/${letter.id}/replay`, { token: admin, body: {} })).status).toBe(201);
    // Back on the queue under its own id, it runs again (and, still broken, is dead-lettered again).
    await expectEventually(async () => expect((await svc.request('GET', '/admin/dead-letters?status=all', { token: admin })).body).toHaveLength(2));
  });

  it('sends a message that fails its contract to dead letters at once, without retrying, and replays it with a corrected payload', async () => {
    const payload = { ...replicationCompletedPayload(), adopterRegionCode: 'Demak' };
    const env = envelope(payload);
    const callsBefore = handlerControl.calls;
    await inbox.add(env.type, env, { jobId: env.id, attempts: 5, backoff: { type: 'fixed', delay: 20 } });
    const [letter] = await expectEventually(async () => {
      const res = await svc.request('GET', '/admin/dead-letters', { token: admin });
      expect(res.body).toHaveLength(1);
      return res.body;
    });
    expect(letter).toMatchObject({ eventId: env.id, unrecoverable: true, attempts: 1 });
    expect(letter.error).toMatch(/payload\.adopterRegionCode/);
    expect(handlerControl.calls).toBe(callsBefore); // the handler never saw it
    expect(await effects()).toBe(0);

    const fixed = { ...payload, adopterRegionCode: '33.21' };
    const replay = await svc.request('POST', `/admin/dead-letters/${letter.id}/replay`, { token: admin, body: { payload: fixed } });
    expect(replay.status).toBe(201);
    await expectEventually(async () => expect(await effects()).toBe(1));
  });

  it('lets only a national admin replay with a changed payload, which must keep the contract and every id, and audits each replay', async () => {
    const service = tokenFor({ sub: 'replication-service', role: 'service' });
    const payload = { ...replicationCompletedPayload(), adopterRegionCode: 'Demak' };
    const env = envelope(payload);
    await inbox.add(env.type, env, { jobId: env.id, attempts: 1 });
    const [letter] = await expectEventually(async () => {
      const res = await svc.request('GET', '/admin/dead-letters', { token: admin });
      expect(res.body).toHaveLength(1);
      return res.body;
    });
    const replay = (token: string, body: object) => svc.request('POST', `/admin/dead-letters/${letter.id}/replay`, { token, body });
    const fixed = { ...payload, adopterRegionCode: '33.21' };

    // A service token could invent a registry innovation this way; it keeps the unchanged replay it had.
    expect((await replay(service, { payload: fixed })).status).toBe(403);
    const invented = await replay(admin, { payload: { ...fixed, requestId: randomUUID(), originInnovationId: randomUUID() } });
    expect([invented.status, invented.body.errors?.map((e: { field: string }) => e.field)]).toEqual([409, ['payload.requestId', 'payload.originInnovationId']]);
    const broken = await replay(admin, { payload: { ...fixed, completedAt: 'yesterday' } });
    expect([broken.status, broken.body.errors?.map((e: { field: string }) => e.field)]).toEqual([400, ['payload.completedAt']]);
    expect(await effects()).toBe(0);

    expect((await replay(service, {})).status).toBe(201); // unchanged: still the broken payload, dead-lettered again
    await expectEventually(async () => expect((await svc.request('GET', '/admin/dead-letters', { token: admin })).body).toHaveLength(1));
    const [again] = (await svc.request('GET', '/admin/dead-letters', { token: admin })).body;
    expect((await svc.request('POST', `/admin/dead-letters/${again.id}/replay`, { token: admin, body: { payload: fixed } })).status).toBe(201);
    await expectEventually(async () => expect(await effects()).toBe(1));
    const applied = await db.query(`SELECT 1 FROM "registry"."inbox" WHERE event_id = $1`, [env.id]);
    expect(applied).toHaveLength(1); // the same event id: the corrected event is the original event

    const audit = await svc.request('GET', `/admin/dead-letters/${again.id}/replays`, { token: admin });
    expect(audit.body).toEqual([expect.objectContaining({ actorSub: 'ops', actorRole: 'national-admin', payloadBefore: payload, payloadAfter: fixed, replayedAt: expect.any(String) })]);
    const first = await svc.request('GET', `/admin/dead-letters/${letter.id}/replays`, { token: admin });
    expect(first.body).toEqual([expect.objectContaining({ actorSub: 'replication-service', actorRole: 'service', payloadBefore: payload, payloadAfter: null })]);
  });

  it('dead-letters messages that are not events at all, or of an unknown type or version', async () => {
    await inbox.add('garbage', { hello: 'world' }, { jobId: randomUUID() });
    await inbox.add('unknown', { ...envelope(replicationCompletedPayload()), type: 'replication.teleported' }, { jobId: randomUUID() });
    await inbox.add('future', { ...envelope(replicationCompletedPayload()), version: 99 }, { jobId: randomUUID() });
    const letters = await expectEventually(async () => {
      const res = await svc.request('GET', '/admin/dead-letters', { token: admin });
      expect(res.body).toHaveLength(3);
      return res.body as { error: string; unrecoverable: boolean }[];
    });
    expect(letters.every((l) => l.unrecoverable)).toBe(true);
    const errors = letters.map((l) => l.error).join('\n');
    expect(errors).toMatch(/invalid envelope/);
    expect(errors).toMatch(/unknown event type replication.teleported/);
    expect(errors).toMatch(/version 99 is not supported/);
  });

  it('lets only operators see dead letters and queues', async () => {
    expect((await svc.request('GET', '/admin/dead-letters', { token: tokenFor({ sub: 'k', role: 'region-admin', region: '33.19' }) })).status).toBe(403);
    const queues = await svc.request('GET', '/admin/queues', { token: admin });
    expect(queues.status).toBe(200);
    expect(queues.body.map((q: { queue: string }) => q.queue)).toEqual(expect.arrayContaining(['registry-inbox', 'replication-inbox', 'nomination-inbox']));
  });
});
