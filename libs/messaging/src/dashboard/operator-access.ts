import { HttpException, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@lumbung/contracts';
import { AuthGuard, Roles, type AuthenticatedRequest, type Principal } from '@lumbung/platform';

/** Who may see and operate queues and dead letters: the national admins and other services. */
export const OPERATOR_ROLES = ['national-admin', 'service'] as const satisfies readonly Role[];

/** The dashboard's session cookie: a short-lived token of its own, sent only to /admin/board. */
export const BOARD_COOKIE = 'lumbung_board';
export const BOARD_SESSION_SECONDS = 15 * 60;

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

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly jwt: JwtService,
  ) {}

  /** The bearer header if there is one, else the dashboard's cookie (what a browser sends). */
  credentialsOf(headers: Record<string, string | string[] | undefined>): string | undefined {
    if (typeof headers.authorization === 'string' && headers.authorization) return headers.authorization;
    const cookie = typeof headers.cookie === 'string' ? readCookie(headers.cookie, BOARD_COOKIE) : undefined;
    return cookie ? `Bearer ${cookie}` : undefined;
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
    return this.jwt.signAsync({ ...principal }, { algorithm: 'HS256', expiresIn: BOARD_SESSION_SECONDS });
  }
}

function readCookie(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}
