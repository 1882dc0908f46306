import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from '../auth/auth.guard.js';
import type { ServiceEnv } from '../config/service-env.js';
import { RedisRateLimitStore } from './redis-rate-limit.store.js';
import { AddressRateLimitGuard, RATE_LIMITS, TokenRateLimitGuard, type RateLimits } from './write-rate-limit.guard.js';

/**
 * The global guards, in the order they run: the per-address write limit, authentication and
 * roles, then the per-token write and read limits. Nest applies the APP_GUARDs of one module in the order of
 * its providers, which is why all three are declared here and nowhere else. A limit set to 0 has
 * no guard at all, and with both off no Redis connection is made for them.
 */
@Module({})
export class SecurityModule {
  static forRoot(env: ServiceEnv): DynamicModule {
    const limits: RateLimits = {
      perToken: env.RATE_LIMIT_PER_TOKEN,
      perTokenReads: env.RATE_LIMIT_READS_PER_TOKEN,
      perAddress: env.RATE_LIMIT_PER_ADDRESS,
      windowMs: env.RATE_LIMIT_WINDOW_SECONDS * 1000,
      trustedProxyHops: env.TRUSTED_PROXY_HOPS,
    };
    const providers: Provider[] = [
      ...(limits.perToken > 0 || limits.perTokenReads > 0 || limits.perAddress > 0 ? [RedisRateLimitStore, { provide: RATE_LIMITS, useValue: limits }] : []),
      ...(limits.perAddress > 0 ? [{ provide: APP_GUARD, useClass: AddressRateLimitGuard }] : []),
      { provide: APP_GUARD, useClass: AuthGuard },
      ...(limits.perToken > 0 || limits.perTokenReads > 0 ? [{ provide: APP_GUARD, useClass: TokenRateLimitGuard }] : []),
    ];
    return { module: SecurityModule, providers };
  }
}
