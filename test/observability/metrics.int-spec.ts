import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { INBOX_QUEUES } from '@lumbung/contracts';
import { OutboxService } from '@lumbung/messaging';
import { eventEnvelope, expectEventually, startService, tokenFor, type RunningService } from '@lumbung/testing';
import { createMessagingTestApp, handlerControl } from '../../libs/messaging/test/messaging-test.app.js';

/** Reads one sample of a Prometheus text exposition; undefined when the series is not there. */
function sample(exposition: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

/**
 * /metrics of a service posing as the registry (libs/messaging's test app, whose one handler can
 * be told to fail), on the real PostgreSQL and Redis: the counters move with what really happens
 * to events, and the gauges show the queues and tables as they are at the scrape.
 */
describe('/metrics: event outcomes, queue depth, outbox and dead letters', () => {
  let svc: RunningService;
  let inbox: Queue;
  let redis: Redis;
  const admin = tokenFor({ sub: 'ops', role: 'national-admin' });
  const scrape = async () => {
    const res = await svc.request('GET', '/metrics');
    expect(res.status).toBe(200);
    return res.body as string;
  };
  const completed = () =>
    eventEnvelope('replication.completed', randomUUID(), 1, {
      requestId: randomUUID(),
      originInnovationId: randomUUID(),
      originRegionCode: '33.19',
      adopterRegionCode: '33.21',
      adopterAgencyId: randomUUID(),
      model: 'mandiri',
      completedAt: new Date().toISOString(),
    });

  beforeAll(async () => {
    // No relay: the outbox rows this test writes stay unsent, so the backlog gauge has something to show.
    svc = await startService(createMessagingTestApp, { env: { RELAY_ENABLED: 'false' } });
    redis = new Redis(svc.redis.url, { maxRetriesPerRequest: null });
    inbox = new Queue(INBOX_QUEUES.registry, { connection: redis, prefix: svc.redis.prefix });
  });
  afterAll(async () => {
    handlerControl.failNext = 0;
    await inbox?.close();
    redis?.disconnect();
    await svc?.close();
  });

  it('counts each retry and the dead letter of an event whose handler keeps failing, and shows it in the failed set', async () => {
    const before = await scrape();
    expect(sample(before, 'lumbung_events_retried_total', { type: 'replication.completed' })).toBeUndefined();
    expect(sample(before, 'lumbung_queue_depth', { queue: 'registry-inbox', state: 'failed' })).toBe(0);

    handlerControl.failNext = 1000;
    const event = completed();
    await inbox.add(event.type, event, { jobId: event.id, attempts: 3, backoff: { type: 'fixed', delay: 20 } });
    await expectEventually(async () => {
      const letters = await svc.request('GET', '/admin/dead-letters', { token: admin });
      expect(letters.body.map((l: { eventId: string }) => l.eventId)).toContain(event.id);
    });

    const after = await scrape();
    expect(sample(after, 'lumbung_events_retried_total', { type: 'replication.completed' })).toBe(2);
    expect(sample(after, 'lumbung_events_dead_lettered_total', { type: 'replication.completed', reason: 'attempts-exhausted' })).toBe(1);
    expect(sample(after, 'lumbung_events_failed_total', { type: 'replication.completed', final: 'true' })).toBe(1);
    expect(sample(after, 'lumbung_queue_depth', { queue: 'registry-inbox', state: 'failed' })).toBe(1);
    expect(sample(after, 'lumbung_dead_letters_open', { service: 'registry' })).toBe(1);
  });

  it('dead-letters an invalid event at once as unrecoverable, with no retry counted', async () => {
    const retriedBefore = sample(await scrape(), 'lumbung_events_retried_total', { type: 'replication.completed' });
    const broken = { ...completed(), payload: { requestId: 'not-a-uuid' } };
    await inbox.add(broken.type, broken, { jobId: broken.id, attempts: 3, backoff: { type: 'fixed', delay: 20 } });
    await expectEventually(async () => {
      expect(sample(await scrape(), 'lumbung_events_dead_lettered_total', { type: 'replication.completed', reason: 'unrecoverable' })).toBe(1);
    });
    const after = await scrape();
    expect(sample(after, 'lumbung_events_retried_total', { type: 'replication.completed' })).toBe(retriedBefore);
    expect(sample(after, 'lumbung_dead_letters_open')).toBe(2);
  });

  it('reports the depth of every queue it shows on its dashboard, and waiting jobs as they are at the scrape', async () => {
    await inbox.pause(); // nothing takes the job, so it is still waiting when scraped
    try {
      const event = completed();
      await inbox.add(event.type, event, { jobId: event.id });
      const metrics = await scrape();
      expect(sample(metrics, 'lumbung_queue_depth', { queue: 'registry-inbox', state: 'waiting' })).toBe(1);
      for (const queue of ['replication-inbox', 'nomination-inbox']) expect(sample(metrics, 'lumbung_queue_depth', { queue, state: 'waiting' })).toBe(0);
      const listed = await svc.request('GET', '/admin/queues', { token: admin });
      expect(listed.body.find((q: { queue: string }) => q.queue === 'registry-inbox')).toMatchObject({ role: 'inbox', counts: { waiting: 1 } });
    } finally {
      await inbox.resume();
    }
  });

  it('reads the outbox backlog and the age of its oldest row at the scrape', async () => {
    const db = svc.app.get(DataSource);
    await db.transaction((manager) =>
      svc.app.get(OutboxService).append(manager, { actor: { sub: 'test', role: 'service' }, correlationId: 'metrics-test' }, [
        { type: 'replication.completed', aggregateId: 'a', aggregateVersion: 1, payload: completed().payload as never },
        { type: 'replication.completed', aggregateId: 'b', aggregateVersion: 1, payload: completed().payload as never },
      ]),
    );
    const metrics = await scrape();
    expect(sample(metrics, 'lumbung_outbox_backlog')).toBe(2);
    expect(sample(metrics, 'lumbung_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('times HTTP requests by route template, not by raw URL', async () => {
    await svc.request('GET', `/admin/dead-letters/${randomUUID()}`, { token: admin });
    const metrics = await scrape();
    expect(sample(metrics, 'lumbung_http_request_duration_seconds_count', { route: '/admin/dead-letters/:id', status: '404' })).toBeGreaterThanOrEqual(1);
  });
});
