import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { INBOX_QUEUES, SERVICE_SUBSCRIPTIONS, matchesPattern, type ServiceName } from '@lumbung/contracts';

export type Query = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

const SERVICES: ServiceName[] = ['registry', 'replication', 'nomination'];

export interface Reconciliation {
  /** Outbox rows over the three services (every event any accepted write produced). */
  events: number;
  unsent: number;
  /** (event, subscribing service) pairs. */
  expectedDeliveries: number;
  /** Of those, the pairs whose event is in the subscriber's inbox (one row at most: the inbox key). */
  delivered: number;
  missing: string[];
  /** Ids the outside subscriber received (when one was given), those it never received, and repeats. */
  outside?: { delivered: number; missing: number; repeats: number };
  /** Dead letters not yet replayed, and those among them not in `explained`, each with its error. */
  deadLetters: number;
  unexplained: string[];
  /** Per queue, jobs not yet completed (waiting, active, delayed...) and failed. */
  queues: Record<string, Record<string, number>>;
  /** The first failed jobs of each queue with failed ones, with why BullMQ gave up on them. */
  failedJobs: Record<string, string[]>;
}

export interface ReconcileOptions {
  /** All three services' schemas live in the one database this runs queries on. */
  query: Query;
  redisUrl: string;
  prefix: string;
  /** Event ids allowed in dead letters (a test's own poison events). */
  explained?: Set<string>;
  /** Jobs allowed to be still pending (e.g. a poison event between its retries). */
  pendingAllowed?: number;
  /** An outside subscriber that takes every event, and the ids it has received so far, in order. */
  outside?: { queue: string; received: () => string[] };
}

/**
 * What was written against what arrived: each outbox row of each service against the inbox of every
 * service subscribed to its type (SERVICE_SUBSCRIPTIONS), plus the queues' leftovers and dead letters.
 */
export async function reconcile(options: ReconcileOptions): Promise<Reconciliation> {
  const { query } = options;
  const explained = options.explained ?? new Set<string>();
  const expected = new Map<ServiceName, Set<string>>(SERVICES.map((s) => [s, new Set()]));
  const all = new Set<string>();
  let unsent = 0;
  for (const producer of SERVICES) {
    const rows = await query<{ id: string; type: string; sent: boolean }>(`SELECT id, type, sent_at IS NOT NULL AS sent FROM "${producer}"."outbox"`);
    for (const row of rows) {
      all.add(row.id);
      if (!row.sent) unsent++;
      for (const consumer of SERVICES) if (SERVICE_SUBSCRIPTIONS[consumer].some((p) => matchesPattern(p, row.type))) expected.get(consumer)!.add(row.id);
    }
  }
  let delivered = 0;
  let deadLetters = 0;
  const missing: string[] = [];
  const unexplained: string[] = [];
  for (const consumer of SERVICES) {
    const seen = new Set((await query<{ event_id: string }>(`SELECT event_id FROM "${consumer}"."inbox"`)).map((r) => r.event_id));
    for (const id of expected.get(consumer)!) {
      if (seen.has(id)) delivered++;
      // An explained event (a test's poison) is accounted for by its dead letter, not lost.
      else if (!explained.has(id)) missing.push(`${consumer}:${id}`);
    }
    const letters = await query<{ event_id: string; error: string; attempts: number; unrecoverable: boolean }>(
      `SELECT event_id, error, attempts, unrecoverable FROM "${consumer}"."dead_letter" WHERE replayed_at IS NULL`,
    );
    deadLetters += letters.length;
    for (const l of letters) {
      if (!explained.has(l.event_id)) unexplained.push(`${consumer}:${l.event_id} (${l.unrecoverable ? 'unrecoverable' : `${l.attempts} attempts`}: ${l.error})`);
    }
  }
  let outside: Reconciliation['outside'];
  if (options.outside) {
    const received = options.outside.received();
    const got = new Set(received);
    outside = { delivered: got.size, missing: [...all].filter((id) => !got.has(id)).length, repeats: received.length - got.size };
  }
  const queueNames = [...Object.values(INBOX_QUEUES), ...(options.outside ? [options.outside.queue] : [])];
  const { queues, failedJobs } = await queueLeftovers(options.redisUrl, options.prefix, queueNames);
  return {
    events: all.size,
    unsent,
    expectedDeliveries: [...expected.values()].reduce((s, e) => s + e.size, 0),
    delivered,
    missing,
    outside,
    deadLetters,
    unexplained,
    queues,
    failedJobs,
  };
}

/** Nothing unsent, undelivered or still in a queue (failed jobs may remain: they are the dead letters). */
export function isDrained(r: Reconciliation, pendingAllowed = 0): boolean {
  const pending = Object.values(r.queues).reduce((sum, c) => sum + Object.entries(c).reduce((s, [state, n]) => (state === 'failed' ? s : s + n), 0), 0);
  return r.unsent === 0 && r.missing.length === 0 && (r.outside?.missing ?? 0) === 0 && pending <= pendingAllowed;
}

/** Waits (bounded) until the system has delivered everything written so far; throws with the last state. */
export async function waitUntilDrained(options: ReconcileOptions, timeoutMs = 60_000): Promise<Reconciliation> {
  const deadline = Date.now() + timeoutMs;
  let last: Reconciliation | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await reconcile(options);
      if (isDrained(last, options.pendingAllowed)) return last;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const summary = last ? { ...last, missing: last.missing.slice(0, 10), missingCount: last.missing.length } : { error: String(lastError) };
  throw new Error(`not drained within ${timeoutMs} ms: ${JSON.stringify(summary)}`);
}

async function queueLeftovers(
  redisUrl: string,
  prefix: string,
  names: string[],
): Promise<{ queues: Record<string, Record<string, number>>; failedJobs: Record<string, string[]> }> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  connection.on('error', () => undefined);
  try {
    const queues: Record<string, Record<string, number>> = {};
    const failedJobs: Record<string, string[]> = {};
    for (const name of names) {
      const queue = new Queue(name, { connection, prefix });
      const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed');
      // A failed job with no dead letter beside it (a stalled job failed by BullMQ itself, say) is
      // otherwise only a count; its reason is what a flaky failure needs to be explained later.
      if (counts.failed) {
        failedJobs[name] = (await queue.getFailed(0, 4)).map((job) => `${job.id} (${job.attemptsMade} attempts, ${job.stalledCounter} stalls: ${job.failedReason})`);
      }
      await queue.close();
      const nonzero = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
      if (Object.keys(nonzero).length) queues[name] = nonzero;
    }
    return { queues, failedJobs };
  } finally {
    connection.disconnect();
  }
}
