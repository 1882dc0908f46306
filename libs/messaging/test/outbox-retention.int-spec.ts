import pg from 'pg';
import { DataSource } from 'typeorm';
import { MetricsService } from '@lumbung/platform';
import { startService, type RunningService } from '@lumbung/testing';
import { OUTBOX_PRUNE_BATCH, OutboxRetention, pruneOutboxSql } from '../src/index.js';
import { createMessagingTestApp } from './messaging-test.app.js';

/**
 * The outbox retention on the real PostgreSQL: what it removes, what it never touches, and that it
 * and the writers never wait on each other. "Never waits" is shown with lock_timeout: a statement
 * that had to wait for a lock fails with 55P03 instead of waiting, so no timing is measured.
 */
describe('outbox retention (real PostgreSQL)', () => {
  let svc: RunningService;
  let db: DataSource;
  let retention: OutboxRetention;
  const clients: pg.Client[] = [];

  /** A connection of its own whose statements fail rather than wait for a lock. */
  async function impatient(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: svc.db.url });
    await client.connect();
    await client.query(`SET lock_timeout = '200ms'`);
    clients.push(client);
    return client;
  }

  /** `n` outbox rows created `createdDaysAgo` and sent `sentDaysAgo` days ago (null: not sent). */
  const rows = (n: number, label: string, createdDaysAgo: number, sentDaysAgo: number | null) =>
    db.query(
      `INSERT INTO "registry"."outbox" (id, type, envelope, created_at, sent_at)
       SELECT gen_random_uuid(), $1, '{}'::jsonb, now() - make_interval(days => $2), CASE WHEN $3::int IS NULL THEN NULL ELSE now() - make_interval(days => $3::int) END
         FROM generate_series(1, $4)`,
      [label, createdDaysAgo, sentDaysAgo, n],
    );
  const remaining = async (): Promise<Record<string, number>> =>
    Object.fromEntries((await db.query(`SELECT type, count(*)::int AS n FROM "registry"."outbox" GROUP BY type`)).map((r: { type: string; n: number }) => [r.type, r.n]));

  beforeAll(async () => {
    // The relay (and with it the periodic prune) is off: each test decides when a prune runs.
    svc = await startService(createMessagingTestApp, { env: { RELAY_ENABLED: 'false' } });
    db = svc.app.get(DataSource);
    retention = svc.app.get(OutboxRetention);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await svc?.close();
  });
  beforeEach(async () => {
    await db.query(`TRUNCATE "registry"."outbox"`);
  });

  it('removes sent rows past the retention in batches, and keeps recent sent rows and unsent rows of any age', async () => {
    await rows(2 * OUTBOX_PRUNE_BATCH + 500, 'old-sent', 45, 40);
    await rows(7, 'recent-sent', 29, 29);
    await rows(3, 'old-unsent', 400, null);
    await rows(4, 'new-unsent', 0, null);
    const before = (await svc.app.get(MetricsService).outboxPruned.get()).values[0]?.value ?? 0;

    expect(await retention.prune(30)).toBe(2 * OUTBOX_PRUNE_BATCH + 500);
    expect(await remaining()).toEqual({ 'recent-sent': 7, 'old-unsent': 3, 'new-unsent': 4 });
    expect((await svc.app.get(MetricsService).outboxPruned.get()).values[0].value - before).toBe(2 * OUTBOX_PRUNE_BATCH + 500);

    // A shorter retention reaches the recent rows; unsent rows still stay.
    expect(await retention.prune(1)).toBe(7);
    expect(await remaining()).toEqual({ 'old-unsent': 3, 'new-unsent': 4 });
  });

  it('keeps everything when the retention is 0', async () => {
    await rows(5, 'old-sent', 4000, 3999);
    expect(await retention.prune(0)).toBe(0);
    expect(await remaining()).toEqual({ 'old-sent': 5 });
  });

  it('never makes a writer, the relay or a second prune wait while a prune holds its rows', async () => {
    await rows(OUTBOX_PRUNE_BATCH + 200, 'old-sent', 45, 40);
    await rows(2, 'unsent', 1, null);
    const pruner = await impatient();
    await pruner.query('BEGIN');
    const first = await pruner.query(pruneOutboxSql('registry'), [30, OUTBOX_PRUNE_BATCH]);
    expect(first.rowCount).toBe(OUTBOX_PRUNE_BATCH);

    // The prune's transaction is still open, holding its 1,000 rows. A writer inserts (and commits)...
    const writer = await impatient();
    await writer.query(`INSERT INTO "registry"."outbox" (id, type, envelope) VALUES (gen_random_uuid(), 'written-meanwhile', '{}')`);
    // ...the relay claims and marks the unsent rows, as relayOnce does...
    const relay = await impatient();
    await relay.query('BEGIN');
    const claimed = await relay.query(`SELECT id FROM "registry"."outbox" WHERE sent_at IS NULL ORDER BY seq FOR UPDATE SKIP LOCKED`);
    expect(claimed.rowCount).toBe(3);
    await relay.query(`UPDATE "registry"."outbox" SET sent_at = now() WHERE id = ANY($1::uuid[])`, [claimed.rows.map((r: { id: string }) => r.id)]);
    await relay.query('COMMIT');
    // ...and a second replica's prune takes the rows the first does not hold, skipping the held ones.
    const second = await impatient();
    const other = await second.query(pruneOutboxSql('registry'), [30, OUTBOX_PRUNE_BATCH]);
    expect(other.rowCount).toBe(200);

    await pruner.query('COMMIT');
    expect(await remaining()).toEqual({ unsent: 2, 'written-meanwhile': 1 });
  });

  it('does not wait for a writer whose transaction is still open, nor for the relay holding unsent rows', async () => {
    await rows(30, 'old-sent', 45, 40);
    await rows(2, 'unsent', 50, null);
    const writer = await impatient();
    await writer.query('BEGIN');
    await writer.query(`INSERT INTO "registry"."outbox" (id, type, envelope) VALUES (gen_random_uuid(), 'uncommitted', '{}')`);
    const relay = await impatient();
    await relay.query('BEGIN');
    await relay.query(`SELECT id FROM "registry"."outbox" WHERE sent_at IS NULL FOR UPDATE SKIP LOCKED`);

    const pruner = await impatient();
    expect((await pruner.query(pruneOutboxSql('registry'), [30, OUTBOX_PRUNE_BATCH])).rowCount).toBe(30);

    await writer.query('COMMIT');
    await relay.query('ROLLBACK');
    expect(await remaining()).toEqual({ unsent: 2, uncommitted: 1 });
  });
});
