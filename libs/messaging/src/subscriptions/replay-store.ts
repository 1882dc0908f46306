import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * An operator's request to send one subscriber the events of the outbox history again: every event
 * sent since `since` (or after the event `afterEventId`), in each producer's commit order. Every
 * producer's relay process replays its own outbox (an aggregate's events all come from one producer,
 * so per-aggregate order holds) and records its progress beside the request.
 */
export interface ReplayRecord {
  id: string;
  subscriber: string;
  /** Events sent at or after this instant (ISO); the epoch for "everything so far". */
  since: string;
  /** Start after this event in the producer that has it (the others start from `since`). */
  afterEventId: string | null;
  /**
   * True: the events go again even if the subscriber had them (a consumer that lost its state); each
   * job gets an id of its own, and the consumer dedupes by event id if it must. False (a backfill, a
   * resume): the job id is the event id, so an event the queue already holds is not added twice.
   */
  redeliver: boolean;
  /** Who asked (the token's subject, or `cli:<user>`). */
  requestedBy: string;
  /**
   * `operator`: asked for. `backfill`: a new subscriber's "everything so far". `catch-up`: a new
   * subscriber's first seconds, before every relay knew of it. `resume`: what a paused one missed.
   */
  reason: 'operator' | 'backfill' | 'catch-up' | 'resume';
  createdAt: string;
}

/** One producer's part of a replay. */
export interface ReplayProgress {
  /** Events sent to the subscriber so far. */
  sent: number;
  /** History rows in the range when the replay started (some may not match the subscriber's patterns). */
  total: number;
  /** Last outbox sequence number handled: where a replay taken over by another replica goes on. */
  cursor: number | null;
  /** Highest sequence number when the replay started: later events reach the subscriber live. */
  head: number | null;
  startedAt: string | null;
  doneAt: string | null;
}

/** Extends a lock only if it is still ours: a replica that stalled past the lock's life must not take it back. */
const EXTEND_IF_OURS = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_IF_OURS = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/** How long a replica holds a replay without extending it before another may take it over. */
export const REPLAY_LOCK_MS = 30_000;

/** Replays and their progress in Redis, beside the subscribers; plain class, so the CLI uses it too. */
export class ReplayStore {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.key = `${prefix}:replays`;
  }

  async create(input: Omit<ReplayRecord, 'id' | 'createdAt'>): Promise<ReplayRecord> {
    const record: ReplayRecord = { ...input, id: randomUUID(), createdAt: new Date().toISOString() };
    await this.redis.hset(this.key, record.id, JSON.stringify(record));
    return record;
  }

  async list(subscriber?: string): Promise<ReplayRecord[]> {
    const all = Object.values(await this.redis.hgetall(this.key)).map((json) => JSON.parse(json) as ReplayRecord);
    return all.filter((r) => !subscriber || r.subscriber === subscriber).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async get(id: string): Promise<ReplayRecord | undefined> {
    const json = await this.redis.hget(this.key, id);
    return json ? (JSON.parse(json) as ReplayRecord) : undefined;
  }

  /** Forgets a subscriber's replays, with their progress (the subscriber was removed). */
  async removeOf(subscriber: string): Promise<void> {
    for (const replay of await this.list(subscriber)) {
      await this.redis.hdel(this.key, replay.id);
      await this.redis.del(this.progressKey(replay.id));
    }
  }

  /** Each producer's progress, by service name. */
  async progress(id: string): Promise<Record<string, ReplayProgress>> {
    const fields = await this.redis.hgetall(this.progressKey(id));
    const byService: Record<string, ReplayProgress> = {};
    for (const [field, value] of Object.entries(fields)) {
      const [service, name] = field.split('.', 2);
      const p = (byService[service] ??= { sent: 0, total: 0, cursor: null, head: null, startedAt: null, doneAt: null });
      if (name === 'sent' || name === 'total') p[name] = Number(value);
      else if (name === 'cursor' || name === 'head') p[name] = Number(value);
      else if (name === 'startedAt' || name === 'doneAt') p[name] = value;
    }
    return byService;
  }

  async saveProgress(id: string, service: string, progress: Partial<ReplayProgress>): Promise<void> {
    const fields = Object.entries(progress).filter(([, v]) => v !== undefined && v !== null).flatMap(([k, v]) => [`${service}.${k}`, String(v)]);
    if (fields.length) await this.redis.hset(this.progressKey(id), ...fields);
  }

  /** Takes a producer's part of a replay for this replica; false when another holds it. */
  async claim(id: string, service: string, token: string): Promise<boolean> {
    return (await this.redis.set(this.lockKey(id, service), token, 'PX', REPLAY_LOCK_MS, 'NX')) === 'OK';
  }

  async extend(id: string, service: string, token: string): Promise<boolean> {
    return (await this.redis.eval(EXTEND_IF_OURS, 1, this.lockKey(id, service), token, String(REPLAY_LOCK_MS))) === 1;
  }

  async release(id: string, service: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE_IF_OURS, 1, this.lockKey(id, service), token);
  }

  private progressKey(id: string): string {
    return `${this.prefix}:replays:${id}:progress`;
  }

  private lockKey(id: string, service: string): string {
    return `${this.prefix}:replays:${id}:${service}:lock`;
  }
}
