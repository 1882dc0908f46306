import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import pg from 'pg';
import { subscribersOf, type EventEnvelope } from '@lumbung/contracts';
import { MetricsService, SERVICE_NAME, ServiceEnv } from '@lumbung/platform';
import { jobOptionsFor } from './job-options.js';
import { outboxChannel, OutboxWake, type LocalRelay } from './outbox-wake.js';
import { SubscriberQueues } from './subscriber-queues.js';

interface ClaimedRow {
  id: string;
  type: string;
  envelope: EventEnvelope;
}

export interface RelayFaults {
  /** Runs after the jobs were added and before the rows are marked sent: a test throws here to act as a crash. */
  afterSend?: () => Promise<void> | void;
}

/** Backoff of a LISTEN connection that failed: from a second, doubling, up to half a minute. */
const LISTEN_RETRY_FIRST_MS = 1_000;
const LISTEN_RETRY_MAX_MS = 30_000;

/**
 * Moves committed outbox rows to the subscriber queues. Rows are claimed with FOR UPDATE SKIP
 * LOCKED, so several relays (replicas) share the work without sending a row twice at once; a relay
 * that dies between sending and marking leaves the rows unsent, and the re-send is absorbed by
 * jobId dedup and the consumers' inboxes.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown, LocalRelay {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private loop?: Promise<void>;
  private wake: () => void = () => (this.woken = true);
  /** A NOTIFY that arrived while a batch was being sent: the next sleep returns at once. */
  private woken = false;
  private listener?: pg.Client;
  private listenRetry?: NodeJS.Timeout;
  private listenRetryMs = LISTEN_RETRY_FIRST_MS;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: SubscriberQueues,
    private readonly env: ServiceEnv,
    private readonly metrics: MetricsService,
    @Inject(SERVICE_NAME) private readonly service: string,
    outboxWake: OutboxWake,
  ) {
    outboxWake.attachLocalRelay(this);
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Rows were committed in this process: send them now rather than at the next poll. */
  nudge(): void {
    this.wake();
  }

  private get table(): string {
    return `"${this.service}"."outbox"`;
  }

  onApplicationBootstrap(): void {
    if (this.env.RELAY_ENABLED) this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.listen();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    this.woken = true;
    await this.loop;
    clearTimeout(this.listenRetry);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /** Sends one batch; returns how many rows it sent. */
  async relayOnce(faults: RelayFaults = {}): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: ClaimedRow[] = await manager.query(
        `SELECT id, type, envelope FROM ${this.table} WHERE sent_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.env.RELAY_BATCH_SIZE],
      );
      if (rows.length === 0) return 0;
      const byQueue = new Map<string, ClaimedRow[]>();
      // One read of the list per batch: an operator's change lands between batches, never inside one.
      const subscriptions = this.queues.delivering;
      for (const row of rows) {
        for (const sub of subscribersOf(row.type, subscriptions, row.envelope.payload)) {
          const list = byQueue.get(sub.queue) ?? [];
          list.push(row);
          byQueue.set(sub.queue, list);
        }
      }
      // The queues at once: each addBulk is one round trip, and they share the producer connection's
      // pipeline, so a batch waits for the slowest queue rather than for all of them in turn.
      await Promise.all(
        [...byQueue].map(async ([queueName, queueRows]) => {
          const settings = subscriptions.find((s) => s.queue === queueName)!.settings;
          await this.queues.get(queueName).addBulk(queueRows.map((row) => ({ name: row.type, data: row.envelope, opts: jobOptionsFor(row.envelope, settings) })));
          for (const row of queueRows) this.metrics.eventsPublished.inc({ type: row.type, queue: queueName });
        }),
      );
      await faults.afterSend?.();
      await manager.query(`UPDATE ${this.table} SET sent_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const sent = await this.relayOnce();
        failures = 0;
        if (sent >= this.env.RELAY_BATCH_SIZE) continue;
        await this.sleep(this.env.RELAY_POLL_MS);
      } catch (err) {
        // Redis or PostgreSQL away: the rows stay unsent and are tried again, backing off to 5 s.
        failures++;
        if (failures === 1 || failures % 20 === 0) this.logger.warn(`relay failed (${failures}x): ${(err as Error).message}`);
        await this.sleep(Math.min(this.env.RELAY_POLL_MS * 2 ** failures, 5000));
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || !this.running) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = () => (this.woken = true);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /**
   * LISTEN on a connection of its own. The relay polls as well, so while this connection is down
   * nothing is lost, only woken later: it is opened again, with backoff, whenever it fails or drops
   * (a database restart ends it), and the relay looks for rows at once when it is back.
   */
  private async listen(): Promise<void> {
    if (!this.running) return;
    const client = new pg.Client({ connectionString: this.env.DATABASE_URL });
    client.on('error', () => undefined);
    client.on('end', () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.listenAgain('the LISTEN connection closed');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${outboxChannel(this.service)}`);
      client.on('notification', () => this.wake?.());
      if (!this.running) return void (await client.end());
      this.listener = client;
      this.listenRetryMs = LISTEN_RETRY_FIRST_MS;
      this.wake?.();
    } catch (err) {
      await client.end().catch(() => undefined);
      this.listenAgain((err as Error).message);
    }
  }

  private listenAgain(reason: string): void {
    if (!this.running) return;
    this.logger.warn(`LISTEN unavailable (${reason}); polling every ${this.env.RELAY_POLL_MS} ms, trying LISTEN again in ${this.listenRetryMs} ms`);
    this.listenRetry = setTimeout(() => void this.listen(), this.listenRetryMs);
    this.listenRetry.unref();
    this.listenRetryMs = Math.min(this.listenRetryMs * 2, LISTEN_RETRY_MAX_MS);
  }
}
