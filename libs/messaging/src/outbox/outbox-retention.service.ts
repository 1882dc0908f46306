import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MetricsService, SERVICE_NAME, ServiceEnv } from '@lumbung/platform';

/** Rows removed per statement: small enough that each DELETE is a short transaction of its own. */
export const OUTBOX_PRUNE_BATCH = 1000;

/** How often the relay's process looks for sent rows past their retention. */
export const OUTBOX_PRUNE_INTERVAL_MS = 10 * 60_000;

/**
 * The one statement that removes sent rows older than the retention ($1 days), at most $2 of them.
 * - Only rows with a `sent_at` are candidates: an unsent row, however old, is an event not yet
 *   delivered and is never touched.
 * - FOR UPDATE SKIP LOCKED: a row another process holds (a second replica's prune) is skipped, not
 *   waited for. Writers only insert new rows and the relay only locks unsent ones, so neither ever
 *   waits on this statement, nor this statement on them.
 * - It walks `outbox_sent_idx` (sent_at, sent rows only) from the oldest, so a prune that finds
 *   nothing to remove reads one index page instead of the whole table.
 * - One statement, so one short transaction: it holds nothing while waiting on another connection,
 *   which the embedded PostgreSQL (one transaction at a time) needs.
 */
export function pruneOutboxSql(schema: string): string {
  return `WITH doomed AS (
      SELECT id FROM "${schema}"."outbox"
       WHERE sent_at IS NOT NULL AND sent_at < now() - make_interval(days => $1::int)
       ORDER BY sent_at
       LIMIT $2
         FOR UPDATE SKIP LOCKED
    )
    DELETE FROM "${schema}"."outbox" o USING doomed WHERE o.id = doomed.id`;
}

/**
 * Keeps the outbox bounded: runs in the relay's process (RELAY_ENABLED), on this service's own
 * schema, every OUTBOX_PRUNE_INTERVAL_MS, removing sent rows past OUTBOX_RETENTION_DAYS in batches
 * of OUTBOX_PRUNE_BATCH until a batch comes back short. Never pruned, a busy registry's outbox was
 * 43% of its database (issue 20).
 */
@Injectable()
export class OutboxRetention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxRetention');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly env: ServiceEnv,
    private readonly metrics: MetricsService,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.env.RELAY_ENABLED || this.env.OUTBOX_RETENTION_DAYS === 0) return;
    // Unreferenced: a pending prune must never keep a closing process alive.
    this.timer = setInterval(() => void this.pruneInBackground(), OUTBOX_PRUNE_INTERVAL_MS).unref();
    setImmediate(() => void this.pruneInBackground());
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /**
   * Removes every sent row past the retention, batch by batch, each batch its own statement; returns
   * how many went. `retentionDays` defaults to OUTBOX_RETENTION_DAYS; 0 removes nothing.
   */
  async prune(retentionDays = this.env.OUTBOX_RETENTION_DAYS): Promise<number> {
    if (retentionDays === 0) return 0;
    const started = Date.now();
    let removed = 0;
    let batches = 0;
    while (!this.stopped) {
      const [, count] = (await this.dataSource.query(pruneOutboxSql(this.service), [retentionDays, OUTBOX_PRUNE_BATCH])) as [unknown, number];
      removed += count;
      batches++;
      this.metrics.outboxPruned.inc(count);
      if (count < OUTBOX_PRUNE_BATCH) break;
    }
    if (removed > 0) this.logger.log({ msg: `outbox retention removed ${removed} sent rows older than ${retentionDays} days`, removed, batches, retentionDays, durationMs: Date.now() - started });
    return removed;
  }

  private async pruneInBackground(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = this.prune();
    try {
      await this.running;
    } catch (err) {
      // PostgreSQL away: nothing is lost by waiting, the next interval tries again.
      this.logger.warn(`outbox retention failed, trying again in ${OUTBOX_PRUNE_INTERVAL_MS / 60_000} min: ${(err as Error).message}`);
    } finally {
      this.running = undefined;
    }
  }
}
