import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ServiceEnv } from '../config/service-env.js';
import { SERVICE_NAME } from '../config/service-name.js';

/**
 * One fixed window per key, counted in Redis so every replica of a service shares it.
 * KEYS[1] the hit counter, KEYS[2] the block marker; ARGV ttl ms, limit, block ms.
 * One script, so INCR, PEXPIRE and the block check are atomic: two replicas never both let the
 * 121st write through, and a crash between INCR and PEXPIRE never leaves a counter without expiry.
 * Returns { hits, ms left in the window, blocked 0|1, ms left in the block }.
 */
const INCREMENT = `
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft > 0 then
  local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
  return { hits, math.max(redis.call('PTTL', KEYS[1]), 0), 1, blockLeft }
end
local hits = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return { hits, left, 1, tonumber(ARGV[3]) }
end
return { hits, left, 0, 0 }
`;

type ScriptedRedis = Redis & { lumbungRateLimit(hitsKey: string, blockKey: string, ttlMs: number, limit: number, blockMs: number): Promise<[number, number, number, number]> };

export interface RateLimitHit {
  totalHits: number;
  /** Seconds until the window restarts. */
  timeToExpire: number;
  isBlocked: boolean;
  /** Seconds until a blocked tracker may write again (the Retry-After). */
  timeToBlockExpire: number;
}

/**
 * Rate-limit counters on ioredis, shaped like @nestjs/throttler's ThrottlerStorage. Written here
 * because @nest-lab/throttler-storage-redis, the usual choice, declares peer ranges that stop at
 * Nest 11 and will not install beside Nest 12 (and see write-rate-limit.guard.ts for why the
 * throttler package itself is not used either).
 *
 * Fails open: when Redis does not answer, the write goes through (with a warning) rather than
 * turning a Redis outage into refused writes; the outbox design already keeps writes working
 * without Redis, and a limit is protection, not a correctness rule.
 */
@Injectable()
export class RedisRateLimitStore implements OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: ScriptedRedis;
  private readonly prefix: string;
  private lastWarning = 0;

  constructor(@Inject(ServiceEnv) env: ServiceEnv, @Inject(SERVICE_NAME) service: string) {
    this.redis = new Redis(env.REDIS_URL, {
      connectionName: `lumbung-${service}-ratelimit`,
      lazyConnect: true,
      // A request must never wait on a Redis that is away: fail fast, then fail open.
      enableOfflineQueue: true,
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
      retryStrategy: (times) => Math.min(times * 200, 5000),
    }) as ScriptedRedis;
    this.redis.on('error', (err) => this.warn(`Redis: ${err.message}`));
    this.redis.defineCommand('lumbungRateLimit', { numberOfKeys: 2, lua: INCREMENT });
    // Under the queue prefix, so a test run's cleanup (and an operator's SCAN) finds them with the rest.
    this.prefix = `${env.QUEUE_PREFIX}:ratelimit:${service}`;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<RateLimitHit> {
    // The hash tag keeps both keys of one tracker in one slot, as a script on Redis Cluster needs.
    const base = `${this.prefix}:${throttlerName}:{${key}}`;
    try {
      const [totalHits, leftMs, blocked, blockLeftMs] = await this.redis.lumbungRateLimit(`${base}:hits`, `${base}:block`, ttl, limit, blockDuration);
      return { totalHits, timeToExpire: Math.ceil(leftMs / 1000), isBlocked: blocked === 1, timeToBlockExpire: Math.ceil(blockLeftMs / 1000) };
    } catch (err) {
      this.warn(`not limiting a write, Redis did not answer: ${(err as Error).message}`);
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  /** One warning per 10 s: an outage must show in the log without flooding it. */
  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarning < 10_000) return;
    this.lastWarning = now;
    this.logger.warn(message);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'wait' || this.redis.status === 'end') return this.redis.disconnect();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
