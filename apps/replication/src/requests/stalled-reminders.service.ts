import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import { OPEN_REPLICATION_STATUSES } from '@lumbung/contracts';
import { OutboxService, RedisConnections, startRepeatingTick } from '@lumbung/messaging';
import { claimReminder, reminderAggregateId, ServiceEnv, type CommandContext, type ReminderKey } from '@lumbung/platform';
import { ReplicationEnv } from '../replication.env.js';
import { ReplicationRequest } from './replication-request.entity.js';
import { snapshotOf } from './replication-request.views.js';

/**
 * WARNING: a queue name is a public contract within the deployment: renaming it strands the job
 * scheduler registered under the old name. DO NOT CHANGE WITHOUT A MIGRATION PLAN.
 */
export const REMINDER_QUEUE = 'replication-reminders';
const SCHEDULER_ID = 'stalled-tick';
const KIND = 'replication.stalled';
const DAY_MS = 24 * 3600 * 1000;
const REMINDERS: CommandContext = { actor: { sub: 'stalled-reminders', role: 'service' }, correlationId: 'stalled-reminders' };

/**
 * replication.stalled: an open request with no step by a party for REPLICATION_STALLED_DAYS, once
 * per request and last activity (claimReminder in the event's transaction), whatever the number of
 * replicas ticking on the BullMQ job scheduler, and across restarts. A step resets the clock, and a
 * request idle again reminds again.
 */
@Injectable()
export class StalledReminders implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('StalledReminders');
  private stop?: () => Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly redis: RedisConnections,
    private readonly env: ServiceEnv,
  ) {}

  private get replicationEnv(): ReplicationEnv {
    return this.env as ReplicationEnv;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.WORKER_ENABLED) return;
    this.stop = await startRepeatingTick({
      queue: REMINDER_QUEUE,
      schedulerId: SCHEDULER_ID,
      jobName: 'send-stalled-reminders',
      everyMs: this.replicationEnv.REMINDER_TICK_MS ?? 3_600_000,
      enabled: this.env.REMINDERS_ENABLED,
      redis: this.redis,
      prefix: this.env.QUEUE_PREFIX,
      logger: this.logger,
      run: () => this.sendDue(),
      didWhat: 'stalled replication reminders published',
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop?.();
  }

  /** Publishes the reminders of requests stalled by now; answers how many this call sent. */
  async sendDue(now: Date = new Date()): Promise<number> {
    const days = this.replicationEnv.REPLICATION_STALLED_DAYS ?? 30;
    const stalled = await this.dataSource.getRepository(ReplicationRequest).find({
      where: { status: In([...OPEN_REPLICATION_STATUSES]), lastActivityAt: LessThanOrEqual(new Date(now.getTime() - days * DAY_MS)) },
      order: { lastActivityAt: 'ASC' },
    });
    let sent = 0;
    for (const request of stalled) {
      const key: ReminderKey = { kind: KIND, subject: request.id, deadline: request.lastActivityAt.toISOString() };
      const published = await this.dataSource.transaction(async (manager) => {
        if (!(await claimReminder(manager, 'replication', key))) return false;
        // Counted when published, not when the tick began: a step's time written while the tick was
        // selecting (a tick that started a moment before it) would otherwise count a day short.
        const idleDays = Math.floor((Math.max(now.getTime(), Date.now()) - request.lastActivityAt.getTime()) / DAY_MS);
        await this.outbox.append(manager, REMINDERS, [
          { type: KIND, aggregateId: reminderAggregateId(key), aggregateVersion: 1, payload: { request: snapshotOf(request), lastActivityAt: request.lastActivityAt.toISOString(), idleDays } },
        ]);
        return true;
      });
      if (published) sent += 1;
    }
    return sent;
  }
}
