import { Inject, Injectable, Logger } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { EVENT_TYPES, INBOX_QUEUES, INBOX_QUEUE_SETTINGS, SERVICE_SUBSCRIPTIONS, matchesPattern, type ServiceName } from '@lumbung/contracts';
import { MetricsService, ReadinessRegistry, SERVICE_NAME, ServiceEnv } from '@lumbung/platform';
import { DeadLetterService } from '../dead-letters/dead-letter.service.js';
import { failedAttempt } from '../dead-letters/failed-attempt.js';
import { RedisConnections } from '../redis/redis-connections.js';
import { parseEvent } from './event-contract.js';
import type { ReceivedEvent } from './received-event.js';

export type EventHandlerFn = (event: ReceivedEvent) => Promise<unknown>;

/**
 * Runs this service's inbox queue on a BullMQ Worker: validate against the contract, record the
 * event in the inbox (a redelivery stops here), call the handler in the same transaction.
 * Transient errors propagate, so BullMQ retries with backoff; the last failure, and any
 * unrecoverable one, becomes a dead letter.
 */
@Injectable()
export class EventConsumer {
  private readonly logger = new Logger('EventConsumer');
  private worker?: Worker;
  readonly queueName: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly env: ServiceEnv,
    private readonly redis: RedisConnections,
    private readonly deadLetters: DeadLetterService,
    private readonly metrics: MetricsService,
    readiness: ReadinessRegistry,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {
    this.queueName = INBOX_QUEUES[service as ServiceName];
    readiness.register('worker', async () => {
      if (!this.env.WORKER_ENABLED) return { enabled: false };
      if (!this.worker?.isRunning()) throw new Error(`the worker of ${this.queueName} is not running`);
      return { queue: this.queueName };
    });
  }

  /** Every event type this service subscribes to; each must have a handler (checked at start). */
  subscribedTypes(): string[] {
    const patterns = SERVICE_SUBSCRIPTIONS[this.service as ServiceName];
    return EVENT_TYPES.filter((type) => patterns.some((p) => matchesPattern(p, type)));
  }

  start(handlers: Map<string, EventHandlerFn>): void {
    const missing = this.subscribedTypes().filter((type) => !handlers.has(type));
    if (missing.length) {
      throw new Error(`${this.service} subscribes to ${missing.join(', ')} but has no @EventPattern handler for it`);
    }
    if (!this.env.WORKER_ENABLED || this.worker) return;
    const settings = INBOX_QUEUE_SETTINGS[this.service as ServiceName];
    this.worker = new Worker(this.queueName, (job) => this.process(job, handlers), {
      connection: this.redis.worker(),
      prefix: this.env.QUEUE_PREFIX,
      concurrency: settings.concurrency,
      // A job is re-run elsewhere if its worker dies; once more at most before it counts as failed.
      maxStalledCount: 1,
      lockDuration: 30_000,
    });
    this.worker.on('failed', (job, err) => void this.onFailed(job, err));
    this.worker.on('error', (err) => this.logger.warn(`worker ${this.queueName}: ${err.message}`));
  }

  async stop(): Promise<void> {
    // Waits for the jobs in hand; BullMQ hands back nothing half-done.
    await this.worker?.close();
    this.worker = undefined;
  }

  private async process(job: Job, handlers: Map<string, EventHandlerFn>): Promise<void> {
    const started = performance.now();
    const attempt = job.attemptsMade + 1;
    const { envelope, payload } = parseEvent(job.data);
    const handler = handlers.get(envelope.type)!;
    const outcome = await this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO "${this.service}"."inbox" (consumer, event_id, type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.service, envelope.id, envelope.type],
      );
      if (inserted.length === 0) return 'duplicate';
      await handler({
        envelope,
        payload,
        manager,
        attempt,
        context: { actor: { sub: `event:${envelope.producer}`, role: 'service' }, correlationId: envelope.correlationId, causationId: envelope.id, onBehalfOf: envelope.actor },
      });
      return 'applied';
    });
    this.metrics.eventsHandled.inc({ type: envelope.type, outcome });
    this.logger.log({
      msg: outcome === 'applied' ? 'event handled' : 'duplicate event skipped',
      eventId: envelope.id,
      type: envelope.type,
      correlationId: envelope.correlationId,
      attempt,
      durationMs: Math.round(performance.now() - started),
    });
  }

  private async onFailed(job: Job | undefined, err: Error): Promise<void> {
    if (!job) return;
    const { final, unrecoverable } = failedAttempt(job, err);
    const type = typeof job.data?.type === 'string' ? job.data.type : job.name;
    this.metrics.eventsFailed.inc({ type, final: String(final) });
    if (final) this.metrics.eventsDeadLettered.inc({ type, reason: unrecoverable ? 'unrecoverable' : 'attempts-exhausted' });
    else this.metrics.eventsRetried.inc({ type });
    this.logger.warn({ msg: final ? 'event dead-lettered' : 'event failed, will retry', jobId: job.id, type, attempt: job.attemptsMade, error: err.message });
    if (!final) return;
    try {
      await this.deadLetters.record(this.queueName, job, err, unrecoverable);
    } catch (recordErr) {
      // The job stays in BullMQ's failed set either way; operators see it on the queue dashboard.
      this.logger.error(`could not record dead letter for job ${job.id}: ${(recordErr as Error).message}`);
    }
  }
}
