import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { RedisConnections } from '@lumbung/messaging';
import { ServiceEnv } from '@lumbung/platform';
import type { NominationEnv } from '../nomination.env.js';
import { DeadlineReminders } from './deadline-reminders.service.js';
import { EditionsService } from './editions.service.js';

/**
 * WARNING: a queue name is a public contract within the deployment: renaming it strands the job
 * scheduler registered under the old name. DO NOT CHANGE WITHOUT A MIGRATION PLAN.
 */
export const PHASE_QUEUE = 'nomination-phases';
const PHASE_SCHEDULER_ID = 'phase-tick';
const REMINDER_SCHEDULER_ID = 'reminder-tick';

/**
 * Advances editions on their dates with BullMQ's job scheduler: one repeatable "tick" that every
 * replica upserts under the same id (so there is one schedule, not one per replica), and one
 * worker per replica taking ticks. A tick that runs twice moves nothing twice: phases only move
 * forward and each edition is locked while it moves. A second schedule on the same queue sends
 * the deadline reminders, each once (DeadlineReminders).
 */
@Injectable()
export class PhaseScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('PhaseScheduler');
  private queue?: Queue;
  private worker?: Worker;

  constructor(
    private readonly editions: EditionsService,
    private readonly reminders: DeadlineReminders,
    private readonly redis: RedisConnections,
    private readonly env: ServiceEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The one-shot migration step and API-only replicas run no worker, so they leave phases alone.
    if (!this.env.WORKER_ENABLED) return;
    const every = (this.env as NominationEnv).PHASE_TICK_MS ?? 60_000;
    const connection = this.redis.worker();
    this.queue = new Queue(PHASE_QUEUE, { connection, prefix: this.env.QUEUE_PREFIX });
    const opts = { removeOnComplete: 100, removeOnFail: 100 };
    await this.queue.upsertJobScheduler(PHASE_SCHEDULER_ID, { every }, { name: 'advance-due-phases', opts });
    if (this.env.REMINDERS_ENABLED) await this.queue.upsertJobScheduler(REMINDER_SCHEDULER_ID, { every: (this.env as NominationEnv).REMINDER_TICK_MS ?? 3_600_000 }, { name: 'send-due-reminders', opts });
    else await this.queue.removeJobScheduler(REMINDER_SCHEDULER_ID);
    this.worker = new Worker(
      PHASE_QUEUE,
      async (job) => {
        if (job.name === 'send-due-reminders') {
          const sent = await this.reminders.sendDue();
          if (sent) this.logger.log({ msg: 'deadline reminders published', sent });
          return sent;
        }
        const moved = await this.editions.advanceDue();
        if (moved) this.logger.log({ msg: 'editions advanced on their dates', moved });
        return moved;
      },
      { connection: this.redis.worker(), prefix: this.env.QUEUE_PREFIX, concurrency: 1 },
    );
    this.worker.on('failed', (_job, err) => this.logger.warn(`phase tick failed, the next one retries: ${err.message}`));
    this.worker.on('error', (err) => this.logger.warn(`phase worker: ${err.message}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }
}
