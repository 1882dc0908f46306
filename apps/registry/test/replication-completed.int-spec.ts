import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { DEFAULT_QUEUE_SETTINGS, INBOX_QUEUES, type EventEnvelope, type ReplicationCompletedV1 } from '@lumbung/contracts';
import { jobOptionsFor } from '@lumbung/messaging';
import { createTestDatabase, createTestRedis, EventCollector, expectEventually, startService, type RunningService, type TestDatabase, type TestRedis } from '@lumbung/testing';
import { createRegistryApp } from '../src/registry.app.js';
import { DEMAK, innovationBody, insertAgency, KUDUS, nationalAdmin, regionAdmin } from './innovation-test.fixtures.js';

function completed(origin: { id: string }, adopterAgencyId: string, overrides: Partial<ReplicationCompletedV1> = {}): ReplicationCompletedV1 {
  return {
    requestId: randomUUID(),
    originInnovationId: origin.id,
    originRegionCode: KUDUS,
    adopterRegionCode: DEMAK,
    adopterAgencyId,
    model: 'kerja-sama',
    adopterInnovationName: 'Jos Pakk Demak',
    implementedOn: '2024-03-01',
    adaptationNotes: 'Formulir disesuaikan dengan jenis izin di Demak.',
    benefitEvaluation: 'Waktu terbit izin turun dari 10 hari menjadi 4 hari.',
    completedAt: '2024-04-02T03:00:00.000Z',
    ...overrides,
  };
}

function envelopeOf(payload: ReplicationCompletedV1, id = randomUUID()): EventEnvelope {
  return {
    id,
    type: 'replication.completed',
    version: 1,
    occurredAt: new Date().toISOString(),
    producer: 'replication',
    correlationId: `replication-${payload.requestId}`,
    causationId: null,
    aggregateId: payload.requestId,
    aggregateVersion: 6,
    payload: payload as unknown as Record<string, unknown>,
  };
}

describe('replication.completed', () => {
  let registry: RunningService;
  let audit: EventCollector;
  let redis: Redis;
  let inbox: Queue;
  let dataSource: DataSource;
  let kudusLicensing: string;
  let demakLicensing: string;
  let origin: { id: string; name: string; typeCode: string; problem: string; design: string };

  const send = (envelope: EventEnvelope, jobId = envelope.id) => inbox.add(envelope.type, envelope, { ...jobOptionsFor(envelope, DEFAULT_QUEUE_SETTINGS), jobId });
  const recordsOf = async (requestId: string): Promise<{ id: string }[]> =>
    dataSource.query(`SELECT id FROM "registry"."innovation" WHERE replication_request_id = $1`, [requestId]);
  const deadLetters = async () => {
    const res = await registry.request('GET', '/admin/dead-letters', { token: nationalAdmin() });
    expect(res.status).toBe(200);
    return res.body as { eventId: string; error: string; unrecoverable: boolean; attempts: number }[];
  };

  beforeAll(async () => {
    registry = await startService(createRegistryApp, { env: { EVENT_SUBSCRIBERS: 'audit:innovation.*' } });
    dataSource = registry.app.get(DataSource);
    audit = new EventCollector('audit-events', registry.redis.url, registry.redis.prefix);
    redis = new Redis(registry.redis.url, { maxRetriesPerRequest: null });
    inbox = new Queue(INBOX_QUEUES.registry, { connection: redis, prefix: registry.redis.prefix });
    kudusLicensing = await insertAgency(registry, KUDUS, 'DPMPTSP');
    demakLicensing = await insertAgency(registry, DEMAK, 'DPMPTSP');
    const created = await registry.request('POST', '/innovations', {
      token: regionAdmin(KUDUS),
      body: innovationBody(KUDUS, kudusLicensing, { stage: 'penerapan', implementedOn: '2022-06-01' }),
    });
    expect(created.status).toBe(201);
    origin = created.body;
  });
  afterAll(async () => {
    await audit?.close();
    await inbox?.close();
    redis?.disconnect();
    await registry?.close();
  });

  it("records the adopter's innovation linked to its origin, and announces it caused by the event", async () => {
    const payload = completed(origin, demakLicensing);
    const envelope = envelopeOf(payload);
    await send(envelope);

    const [record] = await expectEventually(async () => {
      const rows = await recordsOf(payload.requestId);
      expect(rows).toHaveLength(1);
      return rows;
    });
    const adopted = await registry.request('GET', `/innovations/${record.id}`, { token: regionAdmin(DEMAK) });
    expect(adopted.status).toBe(200);
    expect(adopted.body).toMatchObject({
      version: 1,
      name: 'Jos Pakk Demak',
      regionCode: DEMAK,
      provinceCode: '33',
      agencyId: demakLicensing,
      agencyName: 'DPMPTSP',
      stage: 'penerapan',
      implementedOn: '2024-03-01',
      typeCode: origin.typeCode,
      problem: origin.problem,
      design: origin.design,
      adaptationNotes: payload.adaptationNotes,
      results: payload.benefitEvaluation,
      evidence: [],
      originInnovationId: origin.id,
      replicationRequestId: payload.requestId,
      yearRegistered: 2024,
      replications: [],
    });

    const originRead = await registry.request('GET', `/innovations/${origin.id}`, { token: regionAdmin(KUDUS) });
    expect(originRead.body.replications).toEqual([
      expect.objectContaining({ id: record.id, name: 'Jos Pakk Demak', regionCode: DEMAK, agencyId: demakLicensing, replicationRequestId: payload.requestId }),
    ]);
    // The origin itself did not change.
    expect(originRead.body.version).toBe(1);

    const announced = await expectEventually(() => {
      const events = audit.received.filter((e) => e.aggregateId === record.id);
      expect(events).toHaveLength(1);
      return events[0];
    });
    expect(announced).toMatchObject({
      type: 'innovation.registered',
      aggregateVersion: 1,
      causationId: envelope.id,
      correlationId: envelope.correlationId,
      payload: { innovation: { id: record.id, originInnovationId: origin.id, replicationRequestId: payload.requestId } },
    });

    const history = await registry.request('GET', `/innovations/${record.id}/history`, { token: regionAdmin(DEMAK) });
    expect(history.body).toEqual([
      expect.objectContaining({ version: 1, action: 'registered', actor: 'event:replication', actorRole: 'service', correlationId: envelope.correlationId }),
    ]);
    expect(history.body[0].note).toContain(payload.requestId);
  });

  it('has one effect when the same event arrives twice, or the same request under a new event id', async () => {
    const payload = completed(origin, demakLicensing, { adopterInnovationName: null, implementedOn: null });
    const envelope = envelopeOf(payload);
    await send(envelope);
    await expectEventually(async () => expect(await recordsOf(payload.requestId)).toHaveLength(1));
    const [record] = await recordsOf(payload.requestId);

    // The same event again: a new job carrying the same envelope (the inbox stops it).
    const again = await send(envelope, `${envelope.id}-again`);
    // The same request re-sent as a new event (the unique request id stops it).
    const resent = envelopeOf(payload);
    await send(resent);
    await expectEventually(async () => {
      expect(await again.getState()).toBe('completed');
      expect(await (await inbox.getJob(resent.id))!.getState()).toBe('completed');
    });

    expect(await recordsOf(payload.requestId)).toHaveLength(1);
    const originRead = await registry.request('GET', `/innovations/${origin.id}`, { token: regionAdmin(KUDUS) });
    expect(originRead.body.replications.filter((r: { replicationRequestId: string }) => r.replicationRequestId === payload.requestId)).toHaveLength(1);
    const adopted = await registry.request('GET', `/innovations/${record.id}`, { token: regionAdmin(DEMAK) });
    // Without a name or a date of its own, the adopter's record takes the origin's name and the completion day.
    expect(adopted.body).toMatchObject({ name: origin.name, implementedOn: '2024-04-02' });
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM "registry"."outbox" WHERE envelope->>'aggregateId' = $1`, [record.id]);
    expect(n).toBe(1);
  });

  it.each([
    ['an unknown origin', () => completed({ id: randomUUID() }, demakLicensing), 'is not in the registry'],
    ['an origin in another region than the event says', () => completed(origin, demakLicensing, { originRegionCode: '33.20' }), 'belongs to 33.19'],
    ['an adopter agency of another region', () => completed(origin, kudusLicensing), 'is not an active agency of 33.21'],
    ['an adopter agency that does not exist', () => completed(origin, randomUUID()), 'is not an active agency of 33.21'],
  ])('dead-letters %s at once, recording nothing', async (_, payloadOf, reason) => {
    const payload = payloadOf();
    const envelope = envelopeOf(payload);
    const job = await send(envelope);
    const letter = await expectEventually(async () => {
      const found = (await deadLetters()).find((d) => d.eventId === envelope.id);
      expect(found).toBeDefined();
      return found!;
    });
    expect(letter.unrecoverable).toBe(true);
    expect(letter.error).toContain(reason);
    // Not retried: one attempt although the job allowed eight.
    expect(await job.getState()).toBe('failed');
    expect((await inbox.getJob(envelope.id))!.attemptsMade).toBe(1);
    expect(await recordsOf(payload.requestId)).toEqual([]);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM "registry"."inbox" WHERE event_id = $1`, [envelope.id]);
    expect(n).toBe(0);
  });
});

describe('replication.completed waiting when the registry starts', () => {
  let db: TestDatabase;
  let queueRedis: TestRedis;

  beforeAll(async () => {
    db = await createTestDatabase();
    queueRedis = createTestRedis();
  });
  afterAll(async () => {
    await queueRedis?.cleanup();
    await db?.drop();
  });

  it('is taken only once the app is initialised: recorded, not dead-lettered for a region the catalogue had not loaded yet', async () => {
    // A registry with the origin and the adopter's agency, stopped: the completion then waits in its inbox.
    const first = await startService(createRegistryApp, { db, redis: queueRedis });
    const adopter = await insertAgency(first, DEMAK, 'DPMPTSP');
    const created = await first.request('POST', '/innovations', {
      token: regionAdmin(KUDUS),
      body: innovationBody(KUDUS, await insertAgency(first, KUDUS, 'DPMPTSP'), { stage: 'penerapan', implementedOn: '2022-06-01' }),
    });
    expect(created.status).toBe(201);
    await first.close();
    const redis = new Redis(queueRedis.url, { maxRetriesPerRequest: null });
    const inbox = new Queue(INBOX_QUEUES.registry, { connection: redis, prefix: queueRedis.prefix });
    const envelope = envelopeOf(completed(created.body, adopter));
    await inbox.add(envelope.type, envelope, { ...jobOptionsFor(envelope, DEFAULT_QUEUE_SETTINGS), jobId: envelope.id });

    // The next registry, created but not yet listening: the gap in which a worker started before the
    // lifecycle hooks took the job while the region catalogue (loaded in onModuleInit) was empty.
    const { app } = await createRegistryApp(first.env);
    try {
      const job = await expectEventually(async () => {
        const found = await inbox.getJob(envelope.id);
        expect(['completed', 'failed']).toContain(await found!.getState());
        return found!;
      });
      expect({ state: await job.getState(), failedReason: job.failedReason }).toEqual({ state: 'completed', failedReason: undefined });
      const records = await app.get(DataSource).query(`SELECT id FROM "registry"."innovation" WHERE replication_request_id = $1`, [envelope.payload.requestId]);
      expect(records).toHaveLength(1);
    } finally {
      await app.close();
      await inbox.close();
      redis.disconnect();
    }
  });
});
