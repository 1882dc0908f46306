import { createHash } from 'node:crypto';
import { HttpException, HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { clientAddress, RedisRateLimitStore, ServiceEnv } from '@lumbung/platform';
import type { RegistryEnv } from '../registry.env.js';

/**
 * Public catalogue reads per client address (PUBLIC_RATE_LIMIT_PER_ADDRESS per window). The
 * platform's limits count writes per address and reads per token; a public read has no token, so
 * without this a crawler's reads would not be counted at all. Same Redis counters, same client
 * address (X-Forwarded-For counted from our own proxies only), a counter of its own.
 */
@Injectable()
export class PublicAddressRateLimitGuard implements CanActivate {
  private readonly env: RegistryEnv;

  constructor(
    @Inject(ServiceEnv) env: ServiceEnv,
    private readonly store: RedisRateLimitStore,
  ) {
    this.env = env as RegistryEnv;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const limit = this.env.PUBLIC_RATE_LIMIT_PER_ADDRESS;
    if (limit <= 0) return true;
    const req = context.switchToHttp().getRequest<Parameters<typeof clientAddress>[0]>();
    const key = createHash('sha256').update(clientAddress(req, this.env.TRUSTED_PROXY_HOPS)).digest('base64url').slice(0, 32);
    const windowMs = this.env.RATE_LIMIT_WINDOW_SECONDS * 1000;
    const hit = await this.store.increment(key, windowMs, limit, windowMs, 'public-address');
    if (!hit.isBlocked) return true;
    const retryAfter = Math.max(1, hit.timeToBlockExpire);
    context.switchToHttp().getResponse<{ header(name: string, value: string): void }>().header('retry-after', String(retryAfter));
    throw new HttpException(
      { statusCode: 429, error: 'Too Many Requests', code: 'too-many-public-reads', message: `Too many catalogue reads from this address; retry after ${retryAfter} s` },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
