import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterRedis, type RateLimiterRes } from 'rate-limiter-flexible';
import { ServiceEnv } from '@lumbung/platform';
import type { RegistryEnv } from '../registry.env.js';

/** Failed sign-ins one account may have in the window before it is locked. */
export const FAILURES_PER_ACCOUNT = 5;
/** Failed sign-ins from one address (an office shares one NAT): higher, to stop guessing across accounts. */
export const FAILURES_PER_ADDRESS = 50;

/**
 * Counts failed sign-ins per account and per address in Redis (shared by the registry's
 * replicas), with rate-limiter-flexible's brute-force limiter: past the limit the key is blocked
 * and unblocks by itself after SIGN_IN_LOCK_SECONDS. A success clears the account's count.
 */
@Injectable()
export class SignInThrottle implements OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly perAccount: RateLimiterRedis;
  private readonly perAddress: RateLimiterRedis;

  constructor(@Inject(ServiceEnv) env: RegistryEnv) {
    this.redis = new Redis(env.REDIS_URL, { connectionName: 'lumbung-registry-signin', maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    this.redis.on('error', () => undefined);
    const common = { storeClient: this.redis, duration: env.SIGN_IN_LOCK_SECONDS, blockDuration: env.SIGN_IN_LOCK_SECONDS };
    this.perAccount = new RateLimiterRedis({ ...common, keyPrefix: `${env.QUEUE_PREFIX}:signin:account`, points: FAILURES_PER_ACCOUNT });
    this.perAddress = new RateLimiterRedis({ ...common, keyPrefix: `${env.QUEUE_PREFIX}:signin:address`, points: FAILURES_PER_ADDRESS });
  }

  /** Seconds until the account or address may try again, or 0. */
  async lockedFor(email: string, address: string): Promise<number> {
    const [account, addr] = await Promise.all([this.perAccount.get(email), this.perAddress.get(address)]);
    const left = (res: RateLimiterRes | null, points: number) => (res && res.consumedPoints > points ? Math.ceil(res.msBeforeNext / 1000) : 0);
    return Math.max(left(account, FAILURES_PER_ACCOUNT), left(addr, FAILURES_PER_ADDRESS));
  }

  /** Records a failure; the seconds of the lock it caused, or 0. */
  async failed(email: string, address: string): Promise<number> {
    const results = await Promise.allSettled([this.perAccount.consume(email), this.perAddress.consume(address)]);
    const locked = results.map((r) => (r.status === 'rejected' && typeof (r.reason as RateLimiterRes).msBeforeNext === 'number' ? Math.ceil((r.reason as RateLimiterRes).msBeforeNext / 1000) : 0));
    return Math.max(...locked);
  }

  async succeeded(email: string): Promise<void> {
    await this.perAccount.delete(email);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
