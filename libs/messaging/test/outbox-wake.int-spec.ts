import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { expectEventually, replicationCompletedPayload, startService, type RunningService } from '@lumbung/testing';
import { OutboxService } from '../src/index.js';
import { NOTIFY_SPACING_MS, OutboxWake, outboxChannel } from '../src/outbox/outbox-wake.js';
import { createMessagingTestApp } from './messaging-test.app.js';

const ctx = { actor: { sub: 'test', role: 'service' as const }, correlationId: 'corr-wake' };

// The relays poll only once a minute here, so an event sent within the test's bounds was sent
// because the commit woke a relay: directly in-process, or by NOTIFY from a process without one.
describe('relays are woken by commits, not by the next poll', () => {
  let withRelay: RunningService;
  let httpOnly: RunningService;

  beforeAll(async () => {
    withRelay = await startService(createMessagingTestApp, { env: { RELAY_POLL_MS: '60000' } });
    httpOnly = await startService(createMessagingTestApp, { db: withRelay.db, redis: withRelay.redis, env: { ROLE: 'http', RELAY_POLL_MS: '60000' } });
  });
  afterAll(async () => {
    await httpOnly?.close();
    await withRelay?.close();
  });

  const sentAt = async (id: string) => (await withRelay.app.get(DataSource).query(`SELECT sent_at FROM "registry"."outbox" WHERE id = $1`, [id]))[0]?.sent_at;

  async function appendIn(service: RunningService): Promise<string> {
    const [envelope] = await service.app
      .get(DataSource)
      .transaction((manager) => service.app.get(OutboxService).append(manager, ctx, [{ type: 'replication.completed', aggregateId: 'a', aggregateVersion: 1, payload: replicationCompletedPayload() }]));
    return envelope.id;
  }

  it('a commit in the process that runs the relay wakes it directly', async () => {
    const id = await appendIn(withRelay);
    await expectEventually(async () => expect(await sentAt(id)).toBeInstanceOf(Date));
  });

  it('a commit in a process without a relay (ROLE=http) wakes the other process by NOTIFY', async () => {
    const id = await appendIn(httpOnly);
    await expectEventually(async () => expect(await sentAt(id)).toBeInstanceOf(Date));
  });

  it('a burst of commits without a relay here is all sent, with NOTIFYs coalesced', async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, () => appendIn(httpOnly)));
    await expectEventually(async () => {
      const [row] = await withRelay.app.get(DataSource).query(`SELECT count(*)::int AS n FROM "registry"."outbox" WHERE id = ANY($1::uuid[]) AND sent_at IS NOT NULL`, [ids]);
      expect(row.n).toBe(ids.length);
    });
  });

  it('wakes in quick succession without a relay here send NOTIFYs at least NOTIFY_SPACING_MS apart, the last one included', async () => {
    const listener = new pg.Client({ connectionString: withRelay.db.url });
    await listener.connect();
    const notifiedAt: number[] = [];
    listener.on('notification', () => notifiedAt.push(Date.now()));
    await listener.query(`LISTEN ${outboxChannel('registry')}`);
    try {
      const wake = httpOnly.app.get(OutboxWake);
      // One wake per millisecond, as commits come at load: one NOTIFY each was the old cost.
      const started = Date.now();
      let lastWake = started;
      while (Date.now() - started < 300) {
        wake.wake();
        lastWake = Date.now();
        await sleep(1);
      }
      await expectEventually(async () => expect(notifiedAt.at(-1)).toBeGreaterThanOrEqual(lastWake));
      const elapsed = notifiedAt.at(-1)! - started;
      expect(notifiedAt.length).toBeGreaterThan(1);
      expect(notifiedAt.length).toBeLessThanOrEqual(Math.floor(elapsed / NOTIFY_SPACING_MS) + 2);
    } finally {
      await listener.end();
    }
  });

  it('a relay whose LISTEN connection drops (a database restart ends it) listens again and is woken as before', async () => {
    const db = withRelay.app.get(DataSource);
    const listeners = async () =>
      (await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN lumbung_outbox_%'`)) as { pid: number }[];
    const [before] = await listeners();
    expect(before).toBeDefined();
    await db.query('SELECT pg_terminate_backend($1)', [before.pid]);
    await expectEventually(async () => {
      const pids = (await listeners()).map((l) => l.pid);
      expect(pids).toHaveLength(1);
      expect(pids[0]).not.toBe(before.pid);
    }, 15_000, 100);
    const id = await appendIn(httpOnly);
    await expectEventually(async () => expect(await sentAt(id)).toBeInstanceOf(Date));
  });

  it('a rolled-back transaction wakes nobody and leaves nothing', async () => {
    const db = httpOnly.app.get(DataSource);
    await expect(
      db.transaction(async (manager) => {
        await httpOnly.app.get(OutboxService).append(manager, ctx, [{ type: 'replication.completed', aggregateId: 'b', aggregateVersion: 1, payload: replicationCompletedPayload() }]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const [row] = await db.query(`SELECT count(*)::int AS n FROM "registry"."outbox" WHERE envelope->>'aggregateId' = 'b'`);
    expect(row.n).toBe(0);
  });
});
