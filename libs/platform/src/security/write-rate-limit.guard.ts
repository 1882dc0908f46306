import { createHash } from 'node:crypto';
import { HttpException, HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/auth.decorators.js';
import { RedisRateLimitStore } from './redis-rate-limit.store.js';

/** Requests that change data. */
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Requests that read: counted per token apart from writes, so a search loop cannot starve the writes of others, nor spend its own write budget. */
const READS = new Set(['GET', 'HEAD']);

type Access = 'write' | 'read';

const accessOf = (method: string): Access | undefined => (WRITES.has(method) ? 'write' : READS.has(method) ? 'read' : undefined);

export const RATE_LIMITS = 'lumbung:rate-limits';

export interface RateLimits {
  perToken: number;
  /** Reads per token subject and window; 0: reads are not limited. */
  perTokenReads: number;
  perAddress: number;
  windowMs: number;
  trustedProxyHops: number;
}

interface RawRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string };
  raw?: { socket?: { remoteAddress?: string } };
}

/**
 * The client's address, counting `trustedHops` proxies in front of the service: each appends the
 * address it received from to X-Forwarded-For, so the entry that many places from the right was
 * written by our own outermost proxy. Entries further left are whatever the client sent, and
 * keying on them (as Fastify's trustProxy: true does for request.ip) would let a script dodge the
 * limit by sending a fresh X-Forwarded-For with every write.
 */
export function clientAddress(req: RawRequest, trustedHops: number): string {
  const peer = req.raw?.socket?.remoteAddress ?? req.socket?.remoteAddress ?? 'unknown';
  if (trustedHops <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return chain[Math.max(0, chain.length - 1 - trustedHops)];
}

/**
 * Limits writes per fixed window. Not @nestjs/throttler's guard: that package is CommonJS and
 * requires the ESM-only @nestjs/common; Node 20.19 manages through require(esm), Jest's module
 * runtime on Node 20 does not, so no test could boot a service that imports it.
 * One guard per limit, so the address limit runs before authentication (a flood of bad tokens
 * from one address is counted too) and the token limit after it, on the verified subject.
 */
abstract class RateLimitGuard implements CanActivate {
  protected abstract readonly name: 'token' | 'address';
  protected abstract limitOf(limits: RateLimits, access: Access): number;
  /** Who is counted, or undefined to let the request through uncounted. */
  protected abstract trackerOf(req: RawRequest & AuthenticatedRequest, limits: RateLimits): string | undefined;

  constructor(
    @Inject(RATE_LIMITS) private readonly limits: RateLimits,
    @Inject(RedisRateLimitStore) private readonly store: RedisRateLimitStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<RawRequest & AuthenticatedRequest>();
    const access = accessOf(req.method);
    const limit = access ? this.limitOf(this.limits, access) : 0;
    if (limit <= 0) return true;
    const tracker = this.trackerOf(req, this.limits);
    if (tracker === undefined) return true;
    // One counter per tracker for all of the service's writes, one for its reads. Hashed: subjects
    // can be e-mail addresses, and operators list Redis keys.
    const key = createHash('sha256').update(tracker).digest('base64url').slice(0, 32);
    const hit = await this.store.increment(key, this.limits.windowMs, limit, this.limits.windowMs, access === 'write' ? this.name : `${this.name}-read`);
    if (!hit.isBlocked) return true;
    const retryAfter = Math.max(1, hit.timeToBlockExpire);
    context.switchToHttp().getResponse<{ header(name: string, value: string): void }>().header('retry-after', String(retryAfter));
    throw new HttpException(
      { statusCode: 429, error: 'Too Many Requests', message: `Too many ${access}s ${this.name === 'token' ? 'with this token' : 'from this address'}; retry after ${retryAfter} s` },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

@Injectable()
export class AddressRateLimitGuard extends RateLimitGuard {
  protected readonly name = 'address';
  protected limitOf = (l: RateLimits, access: Access) => (access === 'write' ? l.perAddress : 0);
  protected trackerOf = (req: RawRequest, l: RateLimits) => clientAddress(req, l.trustedProxyHops);
}

@Injectable()
export class TokenRateLimitGuard extends RateLimitGuard {
  protected readonly name = 'token';
  protected limitOf = (l: RateLimits, access: Access) => (access === 'write' ? l.perToken : l.perTokenReads);
  // @Public writes have no subject to count; the address limit covers them.
  protected trackerOf = (req: AuthenticatedRequest) => req.principal?.sub;
}
