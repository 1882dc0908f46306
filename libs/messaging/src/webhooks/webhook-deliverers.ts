import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import type { EventEnvelope } from '@lumbung/contracts';
import { MetricsService, ServiceEnv } from '@lumbung/platform';
import { DeadLetterService } from '../dead-letters/dead-letter.service.js';
import { failedAttempt } from '../dead-letters/failed-attempt.js';
import { SubscriberQueues } from '../outbox/subscriber-queues.js';
import { RedisConnections } from '../redis/redis-connections.js';
import { subscriptionOf, type SubscriberRecord } from '../subscriptions/subscriber.js';
import { deliverWebhook } from './webhook-delivery.js';

interface Deliverer {
  /** Replaced on every change of the list, so a new url or secret applies from the next delivery on. */
  record: SubscriberRecord;
  queue: string;
  worker: Worker;
}

/**
 * Consumes the queue of every active webhook subscriber: one BullMQ Worker each, POSTing every event
 * signed (webhook-delivery.ts). The relay fills a webhook's queue exactly as a queue subscriber's, so
 * retries, backoff and the failed set are BullMQ's; after the last attempt the event becomes a dead
 * letter of this service, which an operator replays from /admin/dead-letters once the receiver is fixed.
 *
 * Every process with WORKER_ENABLED runs these workers, whichever service it is: BullMQ hands each
 * job to one of them, so a receiver sees up to `concurrency` requests per worker process at once.
 * A paused or removed subscriber's worker is closed (it finishes the deliveries in hand): the events
 * already queued wait there, and those published meanwhile come with the resume's catch-up.
 */
@Injectable()
export class WebhookDeliverers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly deliverers = new Map<string, Deliverer>();
  private readonly closing = new Set<Promise<void>>();
  private connection?: ReturnType<RedisConnections['worker']>;
  private stopped = false;

  constructor(
    private readonly env: ServiceEnv,
    private readonly redis: RedisConnections,
    private readonly queues: SubscriberQueues,
    private readonly deadLetters: DeadLetterService,
    private readonly metrics: MetricsService,
  ) {}

  /** The webhook subscribers this process delivers to now, by name. */
  get delivering(): string[] {
    return [...this.deliverers.keys()];
  }

  onApplicationBootstrap(): void {
    if (this.env.WORKER_ENABLED) this.queues.onChange((records) => this.follow(records));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const [name, deliverer] of this.deliverers) this.close(name, deliverer);
    await Promise.all(this.closing);
  }

  private follow(records: readonly SubscriberRecord[]): void {
    if (this.stopped) return;
    const active = new Map(records.filter((r) => r.kind === 'webhook' && r.state === 'active').map((r) => [r.name, r]));
    for (const [name, deliverer] of this.deliverers) if (!active.has(name)) this.close(name, deliverer);
    for (const [name, record] of active) {
      const running = this.deliverers.get(name);
      if (running) running.record = record;
      else this.deliverers.set(name, this.start(record));
    }
  }

  private start(record: SubscriberRecord): Deliverer {
    const { queue, settings } = subscriptionOf(record);
    // One connection for all of them: each Worker makes its own blocking connection from it, and a
    // connection per worker would stay open (RedisConnections closes them at shutdown) through every pause and resume.
    this.connection ??= this.redis.worker();
    const deliverer = { record, queue } as Deliverer;
    deliverer.worker = new Worker(queue, (job: Job<EventEnvelope>) => this.deliver(deliverer, job), {
      connection: this.connection,
      prefix: this.env.QUEUE_PREFIX,
      concurrency: settings.concurrency,
      // As the inbox workers: a job whose worker died is run once more elsewhere before it counts as failed.
      maxStalledCount: 1,
      lockDuration: 30_000,
    });
    deliverer.worker.on('failed', (job, err) => void this.onFailed(deliverer, job, err));
    deliverer.worker.on('error', (err) => this.logger.warn(`webhook worker ${queue}: ${err.message}`));
    this.logger.log(`delivering ${queue} to webhook subscriber ${record.name}`);
    return deliverer;
  }

  private close(name: string, deliverer: Deliverer): void {
    this.deliverers.delete(name);
    const closed = deliverer.worker
      .close()
      .catch((err: Error) => this.logger.warn(`webhook worker ${deliverer.queue} did not close cleanly: ${err.message}`))
      .finally(() => this.closing.delete(closed));
    this.closing.add(closed);
  }

  private async deliver(deliverer: Deliverer, job: Job<EventEnvelope>): Promise<void> {
    const started = performance.now();
    const { record } = deliverer;
    const status = await deliverWebhook(record, job.data, { allowHttp: this.env.WEBHOOK_ALLOW_HTTP, timeoutMs: this.env.WEBHOOK_TIMEOUT_MS });
    this.metrics.webhookDeliveries.inc({ subscriber: record.name, outcome: 'delivered' });
    this.logger.log({
      msg: 'webhook delivered',
      subscriber: record.name,
      eventId: job.data.id,
      type: job.data.type,
      correlationId: job.data.correlationId,
      attempt: job.attemptsMade + 1,
      status,
      durationMs: Math.round(performance.now() - started),
    });
  }

  private async onFailed(deliverer: Deliverer, job: Job | undefined, err: Error): Promise<void> {
    if (!job) return;
    const { final, unrecoverable } = failedAttempt(job, err);
    const subscriber = deliverer.record.name;
    this.metrics.webhookDeliveries.inc({ subscriber, outcome: final ? 'dead-lettered' : 'retried' });
    this.logger.warn({ msg: final ? 'webhook dead-lettered' : 'webhook failed, will retry', subscriber, jobId: job.id, type: job.name, attempt: job.attemptsMade, error: err.message });
    if (!final) return;
    try {
      await this.deadLetters.record(deliverer.queue, job, err, unrecoverable);
    } catch (recordErr) {
      // The job stays in BullMQ's failed set either way; operators see it on the queue dashboard.
      this.logger.error(`could not record dead letter for webhook job ${job.id}: ${(recordErr as Error).message}`);
    }
  }
}
