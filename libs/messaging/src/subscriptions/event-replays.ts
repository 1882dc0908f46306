import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { receives, subscriberQueueName, type EventEnvelope } from '@lumbung/contracts';
import { MetricsService, SERVICE_NAME, ServiceEnv } from '@lumbung/platform';
import { jobOptionsFor } from '../outbox/job-options.js';
import { SubscriberQueues } from '../outbox/subscriber-queues.js';
import { ReplayStore, type ReplayRecord } from './replay-store.js';
import { subscriptionOf } from './subscriber.js';

/** History rows read per statement: one addBulk per batch, and the lock extended between batches. */
export const REPLAY_BATCH = 500;

interface HistoryRow {
  seq: string;
  id: string;
  type: string;
  envelope: EventEnvelope;
}

/** The job id of a replayed event; see ReplayRecord.redeliver. BullMQ refuses ':' in ids. */
export function replayJobId(replay: Pick<ReplayRecord, 'id' | 'redeliver'>, eventId: string): string {
  return replay.redeliver ? `${eventId}-replay-${replay.id}` : eventId;
}

/**
 * Runs replays and backfills from this service's outbox history, in the relay's process
 * (RELAY_ENABLED). For each replay not finished here it takes the producer's part (a lock in Redis,
 * so one replica does it), then reads the history in commit order (`seq`), `REPLAY_BATCH` rows at a
 * time, and adds the matching events to the subscriber's queue, at most REPLAY_RATE_PER_SECOND a
 * second so a backfill of months does not crowd out live traffic. Progress is saved after every
 * batch: a replica that dies is replaced by another that goes on from the last batch (a batch sent
 * twice dedupes on its job ids).
 *
 * It stops while the subscriber is paused and goes on when it is resumed; it ends with the subscriber.
 * The range ends at the highest sequence number when the replay started: later events reach the
 * subscriber live.
 */
@Injectable()
export class EventReplays implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('EventReplays');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private storeHandle?: ReplayStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: SubscriberQueues,
    private readonly env: ServiceEnv,
    private readonly metrics: MetricsService,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  get store(): ReplayStore {
    this.storeHandle ??= new ReplayStore(this.queues.storeConnection, this.env.QUEUE_PREFIX);
    return this.storeHandle;
  }

  onApplicationBootstrap(): void {
    if (this.env.RELAY_ENABLED) this.start();
  }

  /** Runs beside the relay; a process that starts its relay by hand (the bench) starts this with it. */
  start(): void {
    this.timer ??= setInterval(() => void this.runInBackground(), this.env.SUBSCRIBERS_REFRESH_MS).unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private get table(): string {
    return `"${this.service}"."outbox"`;
  }

  /** When an event of this service's outbox history was written; undefined when the history has no such event. */
  async createdAtOf(eventId: string): Promise<Date | undefined> {
    const [row] = await this.dataSource.query(`SELECT created_at FROM ${this.table} WHERE id = $1`, [eventId]);
    return row?.created_at;
  }

  /** Looks for replays to do here and does them, one after another. */
  async runPending(): Promise<void> {
    for (const replay of await this.store.list()) {
      if (this.stopped) return;
      const progress = (await this.store.progress(replay.id))[this.service];
      if (progress?.doneAt) continue;
      const record = this.queues.records.find((r) => r.name === replay.subscriber);
      if (!record || record.state !== 'active') continue;
      const token = randomUUID();
      if (!(await this.store.claim(replay.id, this.service, token))) continue;
      try {
        await this.runOne(replay, token);
      } finally {
        await this.store.release(replay.id, this.service, token).catch(() => undefined);
      }
    }
  }

  private async runOne(replay: ReplayRecord, token: string): Promise<void> {
    const saved = (await this.store.progress(replay.id))[this.service];
    let cursor = saved?.cursor ?? (await this.startCursor(replay));
    let sent = saved?.sent ?? 0;
    let head = saved?.head ?? null;
    if (head === null) {
      const [range] = await this.dataSource.query(
        `SELECT coalesce(max(seq), 0)::bigint AS head,
                (SELECT count(*) FROM ${this.table} WHERE seq > $1 AND sent_at IS NOT NULL AND sent_at >= $2)::int AS total
           FROM ${this.table}`,
        [cursor, replay.since],
      );
      head = Number(range.head);
      await this.store.saveProgress(replay.id, this.service, { cursor, head, total: range.total, sent, startedAt: new Date().toISOString() });
    }
    const queue = this.queues.get(subscriberQueueName(replay.subscriber));
    const started = Date.now();
    const sentAtStart = sent;
    while (!this.stopped) {
      const record = this.queues.records.find((r) => r.name === replay.subscriber);
      if (!record || record.state !== 'active') return; // paused or removed: goes on when resumed
      const subscription = subscriptionOf(record);
      const rows: HistoryRow[] = await this.dataSource.query(
        `SELECT seq, id, type, envelope FROM ${this.table}
          WHERE seq > $1 AND seq <= $2 AND sent_at IS NOT NULL AND sent_at >= $3
          ORDER BY seq LIMIT $4`,
        [cursor, head, replay.since, REPLAY_BATCH],
      );
      if (rows.length === 0) {
        await this.store.saveProgress(replay.id, this.service, { doneAt: new Date().toISOString() });
        this.logger.log({ msg: `replay ${replay.id} to ${replay.subscriber}: ${sent} events sent from the ${this.service} outbox`, replay: replay.id, subscriber: replay.subscriber, sent });
        return;
      }
      const matching = rows.filter((row) => receives(subscription, row.type, row.envelope.payload));
      if (matching.length) {
        await queue.addBulk(matching.map((row) => ({ name: row.type, data: row.envelope, opts: { ...jobOptionsFor(row.envelope, subscription.settings), jobId: replayJobId(replay, row.id) } })));
        this.metrics.eventsReplayed.inc({ subscriber: replay.subscriber }, matching.length);
      }
      sent += matching.length;
      cursor = Number(rows[rows.length - 1].seq);
      await this.store.saveProgress(replay.id, this.service, { cursor, sent });
      if (!(await this.store.extend(replay.id, this.service, token))) return; // another replica took over
      // The rate bound: wait until this run's events are within REPLAY_RATE_PER_SECOND.
      const due = started + ((sent - sentAtStart) / this.env.REPLAY_RATE_PER_SECOND) * 1000;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /**
   * The sequence number before the first history row of the range: after `afterEventId` when this
   * outbox has it, otherwise before the first row sent at or after `since` (read through the index of
   * sent rows, so a replay of the last hour does not walk a year of history).
   */
  private async startCursor(replay: ReplayRecord): Promise<number> {
    if (replay.afterEventId) {
      const [row] = await this.dataSource.query(`SELECT seq FROM ${this.table} WHERE id = $1`, [replay.afterEventId]);
      if (row) return Number(row.seq);
    }
    const [row] = await this.dataSource.query(`SELECT min(seq) AS first FROM ${this.table} WHERE sent_at IS NOT NULL AND sent_at >= $1`, [replay.since]);
    return row?.first ? Number(row.first) - 1 : 0;
  }

  private async runInBackground(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = this.runPending()
      .catch((err: Error) => this.logger.warn(`replays paused, trying again: ${err.message}`))
      .finally(() => (this.running = undefined));
  }
}
