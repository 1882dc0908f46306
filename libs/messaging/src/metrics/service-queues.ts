import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { EVENT_CATALOG, EVENT_TYPES, INBOX_QUEUES, matchesPattern, type ServiceName, type Subscription } from '@lumbung/contracts';
import { SERVICE_NAME } from '@lumbung/platform';
import { SubscriberQueues } from '../outbox/subscriber-queues.js';

/** The states a queue's depth is reported in; `completed` is retention, not depth, so it is left out. */
export const QUEUE_DEPTH_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'failed'] as const;

export interface QueueDepth {
  queue: string;
  /** Whether this is the service's own inbox (consumed here) or a queue it publishes to. */
  role: 'inbox' | 'publishes-to';
  counts: Record<(typeof QUEUE_DEPTH_STATES)[number], number>;
}

/**
 * The queues an operator of this service looks at: its own inbox, and every subscriber queue
 * that receives an event type this service produces (other services' inboxes, outside
 * subscribers from EVENT_SUBSCRIBERS). The metrics, the dashboard and GET /admin/queues all
 * show this one list.
 */
export function queuesOfService(service: ServiceName, subscriptions: readonly Subscription[]): Array<Subscription & { role: QueueDepth['role'] }> {
  const produced = EVENT_TYPES.filter((type) => EVENT_CATALOG[type].producer === service);
  return subscriptions.flatMap((s): Array<Subscription & { role: QueueDepth['role'] }> => {
    if (s.queue === INBOX_QUEUES[service]) return [{ ...s, role: 'inbox' }];
    const receives = produced.some((type) => s.patterns.some((p) => matchesPattern(p, type)));
    return receives ? [{ ...s, role: 'publishes-to' }] : [];
  });
}

@Injectable()
export class ServiceQueues {
  private cached?: { version: number; list: ReturnType<typeof queuesOfService> };

  constructor(
    private readonly queues: SubscriberQueues,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  /** Follows the subscriber list as operators change it (paused subscribers stay listed: their backlog is what matters). */
  get subscriptions(): ReturnType<typeof queuesOfService> {
    if (this.cached?.version !== this.queues.version) {
      this.cached = { version: this.queues.version, list: queuesOfService(this.service as ServiceName, this.queues.subscriptions) };
    }
    return this.cached.list;
  }

  /** BullMQ handles, shared with the relay (one Redis connection for all of them). */
  list(): Array<{ queue: Queue; role: QueueDepth['role'] }> {
    return this.subscriptions.map((s) => ({ queue: this.queues.get(s.queue), role: s.role }));
  }

  /** One Redis round trip per queue; a queue that cannot be read rejects its own entry only. */
  depths(): Promise<Array<PromiseSettledResult<QueueDepth>>> {
    return Promise.allSettled(
      this.list().map(async ({ queue, role }) => ({
        queue: queue.name,
        role,
        counts: (await queue.getJobCounts(...QUEUE_DEPTH_STATES)) as QueueDepth['counts'],
      })),
    );
  }
}
