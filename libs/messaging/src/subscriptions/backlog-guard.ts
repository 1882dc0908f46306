import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { subscriberQueueName } from '@lumbung/contracts';
import { MetricsService, ReadinessRegistry, ServiceEnv } from '@lumbung/platform';
import { SubscriberQueues } from '../outbox/subscriber-queues.js';
import type { SubscriberRecord } from './subscriber.js';

export interface Backlog {
  /** Jobs waiting to be taken: waiting, prioritized and delayed (retries). */
  waiting: number;
  /** Seconds since the oldest waiting job was added; 0 when none waits. */
  oldestAgeSeconds: number;
}

/** Why a subscriber is past its bound, in words for the operator; undefined while within it. */
export function overBound(record: Pick<SubscriberRecord, 'maxBacklog' | 'maxAgeSeconds'>, backlog: Backlog): string | undefined {
  if (backlog.waiting > record.maxBacklog) return `${backlog.waiting} events waiting, over its bound of ${record.maxBacklog}`;
  if (backlog.oldestAgeSeconds > record.maxAgeSeconds) return `its oldest event has waited ${Math.round(backlog.oldestAgeSeconds)} s, over its bound of ${record.maxAgeSeconds} s`;
  return undefined;
}

/**
 * A stopped consumer must not stall the system. A subscriber queue nobody reads grows in Redis's
 * memory, which every queue shares (and which must never evict: noeviction), so past its bound
 * (backlog length or age) the subscriber is paused and flagged: the relay stops sending to it,
 * producers go on accepting writes at their usual rate, and the events stay in the outbox history,
 * from where a resume replays them. Flagged three ways: the `lumbung_subscriber_paused` gauge, the
 * readiness detail (it does not fail readiness: this service is fine), and a warning in the log.
 *
 * Runs in the relay's process (RELAY_ENABLED); several replicas may weigh the same subscriber, and
 * the store's compare-and-set makes the pause happen once.
 */
@Injectable()
export class BacklogGuard implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BacklogGuard');
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;

  constructor(
    private readonly queues: SubscriberQueues,
    private readonly env: ServiceEnv,
    private readonly metrics: MetricsService,
    readiness: ReadinessRegistry,
  ) {
    readiness.register('subscribers', async () => {
      const paused = this.queues.records.filter((r) => r.state === 'paused');
      return { outside: this.queues.records.length, paused: paused.map((r) => ({ name: r.name, reason: r.pausedReason, since: r.pausedAt, note: r.pausedNote })) };
    });
    this.queues.onChange((records) => this.showPaused(records));
  }

  onApplicationBootstrap(): void {
    if (this.env.RELAY_ENABLED) this.start();
  }

  /** Runs beside the relay; a process that starts its relay by hand (the bench) starts this with it. */
  start(): void {
    this.timer ??= setInterval(() => void this.checkInBackground(), this.env.SUBSCRIBER_CHECK_MS).unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
  }

  async backlogOf(name: string): Promise<Backlog> {
    const queue = this.queues.get(subscriberQueueName(name));
    const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed');
    // The oldest job waiting to be taken (BullMQ lists the wait list newest first; asc gives the oldest).
    const [oldest] = await queue.getJobs(['wait'], 0, 0, true);
    return {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0),
      oldestAgeSeconds: oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0,
    };
  }

  /** Weighs every active outside subscriber once; pauses those past their bound. */
  async check(): Promise<string[]> {
    const paused: string[] = [];
    for (const record of this.queues.records.filter((r) => r.state === 'active')) {
      const note = overBound(record, await this.backlogOf(record.name));
      if (!note) continue;
      const stored = await this.queues.store.update(record.name, (current) =>
        current.state === 'active' ? { ...current, state: 'paused', pausedReason: 'backlog', pausedAt: new Date().toISOString(), pausedNote: note } : undefined,
      );
      if (!stored) continue;
      paused.push(record.name);
      this.logger.warn({
        msg: `subscriber ${record.name} paused: ${note}. Producers go on; its events stay in the outbox history. Resume it (POST /admin/subscribers/${record.name}/resume or npm run cli -- subscribers resume ${record.name}) once its consumer reads again: the events since the pause are replayed.`,
        subscriber: record.name,
      });
    }
    if (paused.length) await this.queues.refresh();
    return paused;
  }

  private showPaused(records: readonly SubscriberRecord[]): void {
    this.metrics.subscriberPaused.reset();
    for (const r of records) if (r.state === 'paused') this.metrics.subscriberPaused.set({ subscriber: r.name, reason: r.pausedReason ?? 'operator' }, 1);
  }

  private async checkInBackground(): Promise<void> {
    if (this.checking) return;
    this.checking = this.check()
      .then(() => undefined)
      .catch((err: Error) => this.logger.warn(`subscriber backlogs unreadable, trying again: ${err.message}`))
      .finally(() => (this.checking = undefined));
  }
}
