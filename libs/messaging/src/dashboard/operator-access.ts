import { HttpException, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@lumbung/contracts';
import { AuthGuard, principalFromClaims, readCookie, Roles, ServiceEnv, type AuthenticatedRequest, type Principal } from '@lumbung/platform';

/** Who may see and operate queues and dead letters: the national admins and other services. */
export const OPERATOR_ROLES = ['national-admin', 'service'] as const satisfies readonly Role[];

/**
 * The dashboard's session cookie: a short-lived token of its own, sent only to /admin/board. It is
 * HMAC-signed with BOARD_SESSION_SECRET and names the board as its audience, so the API's guard
 * (ES256 tokens of the accounts side only) refuses it as a bearer token, and the board's sign-in
 * takes only an API token, so a session cannot renew itself.
 */
export const BOARD_COOKIE = 'lumbung_board';
export const BOARD_SESSION_SECONDS = 15 * 60;
const BOARD_AUDIENCE = 'lumbung-board';

/** The route the dashboard's own requests are checked as: carries the roles, as a controller would. */
@Roles(...OPERATOR_ROLES)
class QueueBoardRoute {
  open(): void {}
}

export type AccessOutcome = { ok: true; principal: Principal } | { ok: false; status: number; body: unknown };

/**
 * Checks requests that reach routes Nest's guards do not see (Bull Board registers its routes on
 * the Fastify instance itself). It runs the application's own AuthGuard on them, so token
 * verification, claim checks and role refusals are one piece of code for every route.
 */
@Injectable()
export class OperatorAccess {
  private guard?: Promise<AuthGuard>;

  private readonly jwt = new JwtService();
  private readonly sessionKey: Buffer;

  constructor(
    private readonly moduleRef: ModuleRef,
    env: ServiceEnv,
  ) {
    this.sessionKey = Buffer.from(env.BOARD_SESSION_SECRET);
  }

  /** A request to the board: by an API token (curl, the sign-in form) or by the board's own session cookie. */
  async checkRequest(headers: Record<string, string | string[] | undefined>): Promise<AccessOutcome> {
    if (typeof headers.authorization === 'string' && headers.authorization) return this.check(headers.authorization);
    const cookie = readCookie(headers.cookie, BOARD_COOKIE);
    if (!cookie) return this.check(undefined);
    return this.checkSession(cookie);
  }

  private async checkSession(session: string): Promise<AccessOutcome> {
    try {
      const claims = await this.jwt.verifyAsync<Record<string, unknown>>(session, { secret: this.sessionKey, algorithms: ['HS256'], audience: BOARD_AUDIENCE });
      const principal = principalFromClaims(claims);
      if (typeof principal === 'string' || !(OPERATOR_ROLES as readonly string[]).includes(principal.role)) throw new Error('not an operator');
      return { ok: true, principal };
    } catch {
      return { ok: false, status: 401, body: { statusCode: 401, message: 'The dashboard session ended; sign in again' } };
    }
  }

  /** 401 without a valid token, 403 for a role that is not an operator's; the guard's own answers. */
  async check(authorization: string | undefined): Promise<AccessOutcome> {
    const request: AuthenticatedRequest & { headers: Record<string, string | undefined> } = { id: 'queue-board', headers: { authorization } };
    try {
      // Made on first use: Bull Board's routes are mounted before the modules' init hooks run.
      this.guard ??= this.moduleRef.create(AuthGuard);
      await (await this.guard).canActivate(new ExecutionContextHost([request], QueueBoardRoute, QueueBoardRoute.prototype.open));
      return { ok: true, principal: request.principal! };
    } catch (err) {
      if (err instanceof HttpException) return { ok: false, status: err.getStatus(), body: err.getResponse() };
      throw err;
    }
  }

  /**
   * A fresh token for the cookie, good for BOARD_SESSION_SECONDS whatever the life of the token it
   * was exchanged for: a browser keeps cookies around, so what it keeps should expire soon.
   */
  sessionToken(principal: Principal): Promise<string> {
    return this.jwt.signAsync({ ...principal }, { secret: this.sessionKey, algorithm: 'HS256', expiresIn: BOARD_SESSION_SECONDS, audience: BOARD_AUDIENCE });
  }
}
