import { DataSource } from 'typeorm';
import { MetricsService } from '@lumbung/platform';
import { expectEventually, replicationCompletedPayload, startService, type RunningService } from '@lumbung/testing';
import { OutboxService } from '../src/index.js';
import { createMessagingTestApp } from './messaging-test.app.js';

const ctx = { actor: { sub: 'test', role: 'service' as const }, correlationId: 'corr-two-relays' };

async function publishedCount(svc: RunningService): Promise<number> {
  const metric = await svc.app.get(MetricsService).eventsPublished.get();
  return metric.values.filter((v) => v.labels.queue === 'registry-inbox').reduce((sum, v) => sum + v.value, 0);
}

describe('two relays on one outbox (real PostgreSQL: FOR UPDATE SKIP LOCKED)', () => {
  let first: RunningService;
  let second: RunningService;

  beforeAll(async () => {
    first = await startService(createMessagingTestApp);
    second = await startService(createMessagingTestApp, { db: first.db, redis: first.redis });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('sends every event exactly once between them while writes keep arriving, and each is applied once', async () => {
    const total = 300;
    const outbox = first.app.get(OutboxService);
    const db = first.app.get(DataSource);
    for (let batch = 0; batch < total / 10; batch++) {
      await db.transaction((manager) =>
        outbox.append(
          manager,
          ctx,
          Array.from({ length: 10 }, (_, n) => ({
            type: 'replication.completed' as const,
            aggregateId: 'a',
            aggregateVersion: batch * 10 + n + 1,
            payload: replicationCompletedPayload(),
          })),
        ),
      );
    }
    await expectEventually(async () => {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM "registry"."test_effect"`);
      expect(n).toBe(total);
    }, 30_000);
    const [{ unsent }] = await db.query(`SELECT count(*)::int AS unsent FROM "registry"."outbox" WHERE sent_at IS NULL`);
    expect(unsent).toBe(0);
    const [{ inboxRows }] = await db.query(`SELECT count(*)::int AS "inboxRows" FROM "registry"."inbox"`);
    expect(inboxRows).toBe(total);
    // Neither relay sent a row the other had claimed: the sends add up to the events, not more.
    const [a, b] = [await publishedCount(first), await publishedCount(second)];
    expect(a + b).toBe(total);
  });
});
