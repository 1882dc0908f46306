import type { Redis } from 'ioredis';
import type { SubscriberRecord } from './subscriber.js';

/**
 * Replaces a field only if it still holds what the caller read: an operator's resume and a producer's
 * backlog pause may race, and a plain HSET would let the later one undo the other unseen. A script
 * rather than WATCH/MULTI because the connection is shared by concurrent callers (WATCH is per
 * connection).
 */
const COMPARE_AND_SET = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if (current or '') ~= ARGV[2] then return 0 end
if ARGV[3] == '' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end
return 1`;

/**
 * The outside subscribers, one Redis hash shared by every producer (`<QUEUE_PREFIX>:subscribers`,
 * field = name, value = the record as JSON). Kept in Redis because every producer already depends on
 * it for the queues themselves, and the three services keep separate databases. Plain class, so the
 * CLI uses it without a Nest application.
 */
export class SubscriberStore {
  readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = `${prefix}:subscribers`;
  }

  async list(): Promise<SubscriberRecord[]> {
    const all = await this.redis.hgetall(this.key);
    return Object.values(all)
      .map((json) => JSON.parse(json) as SubscriberRecord)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(name: string): Promise<SubscriberRecord | undefined> {
    const json = await this.redis.hget(this.key, name);
    return json ? (JSON.parse(json) as SubscriberRecord) : undefined;
  }

  /** Adds a subscriber unless one of that name exists; false when it does. */
  async create(record: SubscriberRecord): Promise<boolean> {
    return (await this.redis.hsetnx(this.key, record.name, JSON.stringify(record))) === 1;
  }

  /** EVENT_SUBSCRIBERS: adds the ones that are missing and leaves any an operator changed as they are. */
  async seed(records: readonly SubscriberRecord[]): Promise<void> {
    for (const record of records) await this.create(record);
  }

  /**
   * Changes a subscriber through `change`, which sees the current record; retried when another
   * process changed it in between. Returns the stored record, or undefined when there is none (or
   * `change` returned undefined: nothing to do).
   */
  async update(name: string, change: (current: SubscriberRecord) => SubscriberRecord | undefined): Promise<SubscriberRecord | undefined> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const json = await this.redis.hget(this.key, name);
      if (!json) return undefined;
      const next = change(JSON.parse(json) as SubscriberRecord);
      if (!next) return undefined;
      const stored = { ...next, updatedAt: new Date().toISOString() };
      if ((await this.redis.eval(COMPARE_AND_SET, 1, this.key, name, json, JSON.stringify(stored))) === 1) return stored;
    }
    throw new Error(`subscriber ${name} kept changing under an update; try again`);
  }

  async remove(name: string): Promise<boolean> {
    return (await this.redis.hdel(this.key, name)) === 1;
  }
}
