import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { LRUCache } from 'lru-cache';
import type { Role } from '@lumbung/contracts';
import { IS_PUBLIC, ROLES_KEY, type AuthenticatedRequest } from './auth.decorators.js';
import type { Principal } from './principal.js';
import { InvalidTokenError, TokenVerifier } from './token-verifier.js';

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

/**
 * Tokens verified lately, each kept until it expires. A token is a signed string: the same string
 * verifies the same way until its `exp`, so verifying it again on every request (an ECDSA check
 * and two JSON parses) only repeated work. Bounded, since every client brings its own token.
 */
const VERIFIED_TOKENS = 10_000;

/** Global guard: every HTTP route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verified = new LRUCache<string, Principal>({ max: VERIFIED_TOKENS, ttlAutopurge: false });

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Event handlers are reached through the queue transport, which validates contracts instead.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();
    // Exactly "Bearer <token>": a header with more after the token ("Bearer a b") was read as "a" and let through.
    const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
    if (!token) throw new UnauthorizedException('A bearer token is required');
    const principal = this.verified.get(token) ?? (await this.verify(token));
    req.principal = principal;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) throw new ForbiddenException(`Role ${principal.role} may not do this`);
    return true;
  }

  private async verify(token: string): Promise<Principal> {
    try {
      const { principal, exp } = await this.verifier.verify(token);
      const ttl = exp * 1000 - Date.now();
      if (ttl > 0) this.verified.set(token, principal, { ttl });
      return principal;
    } catch (err) {
      if (err instanceof InvalidTokenError) throw new UnauthorizedException(`Invalid token: ${err.message}`);
      throw err;
    }
  }
}
