import type { ServiceName } from '../events/event-catalog.js';

/**
 * WARNING: queue names are a public contract. Jobs waiting in Redis are addressed by these names;
 * renaming one strands every job in the old queue. DO NOT CHANGE A VALUE WITHOUT A MIGRATION PLAN.
 * (BullMQ rejects ':' in queue names.)
 */
export const INBOX_QUEUES = {
  registry: 'registry-inbox',
  replication: 'replication-inbox',
  nomination: 'nomination-inbox',
} as const satisfies Record<ServiceName, string>;

export type InboxQueueName = (typeof INBOX_QUEUES)[ServiceName];

/**
 * Which event types each service consumes, as patterns ("innovation.*" matches every innovation
 * event). A service's inbox queue receives a copy of each matching event: BullMQ is a work queue,
 * not pub/sub, so the relay fans out one job per subscriber queue.
 *
 * The replication and nomination inboxes are subscribed before those services exist on purpose:
 * their events wait in the queue, so a service started later catches up from what it missed.
 * Replication takes agency.* to know which adopting agencies the registry will accept when a
 * replication completes, before it lets a request be filed.
 */
/** The events that change an innovation's record, which the other services keep a read model of (documents are not part of it). */
const INNOVATION_RECORD_EVENTS = ['innovation.registered', 'innovation.revised', 'innovation.stage-changed', 'innovation.retired'] as const;

export const SERVICE_SUBSCRIPTIONS: Record<ServiceName, readonly string[]> = {
  // competition.juror-*: a juror account's editions, which its next token names.
  registry: ['replication.completed', 'competition.juror-assigned', 'competition.juror-removed'],
  replication: [...INNOVATION_RECORD_EVENTS, 'agency.*'],
  nomination: [...INNOVATION_RECORD_EVENTS, 'replication.completed'],
};

/**
 * Per-queue delivery settings, one record so a queue without settings is a compile error.
 * attempts/backoff: transient failures (a database restart) retry with exponential backoff and
 * jitter; after the last attempt the job stays in the failed set and a dead letter records it.
 */
export interface QueueSettings {
  readonly attempts: number;
  readonly backoffMs: number;
  readonly concurrency: number;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = { attempts: 8, backoffMs: 500, concurrency: 4 };

export const INBOX_QUEUE_SETTINGS: Record<ServiceName, QueueSettings> = {
  registry: DEFAULT_QUEUE_SETTINGS,
  replication: DEFAULT_QUEUE_SETTINGS,
  nomination: DEFAULT_QUEUE_SETTINGS,
};
