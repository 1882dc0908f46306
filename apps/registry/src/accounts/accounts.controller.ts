import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  AccountAuditView,
  AccountView,
  ChangePasswordDto,
  CreateAccountDto,
  ErrorResponse,
  ListAccountsQuery,
  OneTimePasswordView,
  RefreshDto,
  SessionView,
  SignInDto,
} from '@lumbung/contracts';
import { Actor, clientAddress, invalidField, Public, readCookie, Roles, ServiceEnv, type CommandContext } from '@lumbung/platform';
import type { RegistryEnv } from '../registry.env.js';
import { AccountError, AccountsService, accountView, type IssuedSession } from './accounts.service.js';

/** The browser's refresh token: httpOnly (no script reads it), SameSite=Strict, only sent to the accounts' paths. */
export const REFRESH_COOKIE = 'lumbung_refresh';
const ACCOUNT_ID = new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'id must be a UUID') });
const ADMINS = ['region-admin', 'province-admin', 'national-admin'] as const;

/** A cookie of the request, for the accounts' refresh and SSO state cookies. */
export const cookieOf = (req: FastifyRequest, name: string) => readCookie(req.headers.cookie, name);

/** The session's refresh cookie, the same for a password and a single sign-on. */
export function setRefreshCookie(reply: FastifyReply, env: RegistryEnv, session: IssuedSession): void {
  const secure = env.NODE_ENV === 'production' ? '; Secure' : '';
  const maxAge = Math.floor((session.refreshExpiresAt.getTime() - Date.now()) / 1000);
  void reply.header('set-cookie', `${REFRESH_COOKIE}=${session.refreshToken}; Path=${env.ACCOUNTS_COOKIE_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`);
}

@ApiTags('accounts')
@Controller('accounts')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    @Inject(ServiceEnv) private readonly env: RegistryEnv,
  ) {}

  @Post('sign-in')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with e-mail and password: an access token (15 min) and a refresh token (cookie, or body on request)' })
  @ApiOkResponse({ type: SessionView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A bad field, or a new password that is too short or too common' })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'auth.invalid-credentials (the same for an unknown e-mail and a wrong password), auth.one-time-password-expired' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'auth.password-change-required (send newPassword), auth.account-inactive' })
  @ApiTooManyRequestsResponse({ type: ErrorResponse, description: 'auth.locked: too many failures for the account or the address; Retry-After says when to try again' })
  async signIn(@Body() dto: SignInDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionView> {
    const address = clientAddress(req, this.env.TRUSTED_PROXY_HOPS);
    try {
      return this.answer(reply, await this.accounts.signIn(dto.email, dto.password, dto.newPassword, address), dto.refreshTokenIn ?? 'cookie');
    } catch (err) {
      const retryAfter = err instanceof AccountError ? (err.getResponse() as { retryAfterSeconds?: number }).retryAfterSeconds : undefined;
      if (retryAfter) void reply.header('retry-after', String(retryAfter));
      throw err;
    }
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'A new access token for the refresh token (cookie or body); the refresh token is replaced, and reusing an old one ends the session' })
  @ApiOkResponse({ type: SessionView })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'auth.no-session, auth.session-expired, auth.refresh-token-reused, auth.session-revoked, auth.account-inactive' })
  async refresh(@Body() dto: RefreshDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionView> {
    const fromBody = !!dto?.refreshToken;
    try {
      return this.answer(reply, await this.accounts.refresh(dto?.refreshToken ?? cookieOf(req, REFRESH_COOKIE)), fromBody ? 'body' : 'cookie');
    } catch (err) {
      if (!fromBody) this.clearCookie(reply);
      throw err;
    }
  }

  @Post('sign-out')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of this refresh token (cookie or body)' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponse })
  async signOut(@Body() dto: RefreshDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.accounts.signOut(dto?.refreshToken ?? cookieOf(req, REFRESH_COOKIE));
    this.clearCookie(reply);
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in account' })
  @ApiOkResponse({ type: AccountView })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'A development or service token, not an account' })
  async me(@Actor() ctx: CommandContext): Promise<AccountView> {
    return accountView(await this.accounts.me(ctx.actor));
  }

  @Put('me/password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change one’s own password' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'password.too-short, password.too-common, password.unchanged' })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'auth.wrong-password' })
  async changePassword(@Actor() ctx: CommandContext, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.accounts.changeOwnPassword(ctx, dto.currentPassword, dto.newPassword);
  }

  @Get()
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'The accounts the caller manages' })
  @ApiOkResponse({ type: [AccountView] })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  async list(@Actor() ctx: CommandContext, @Query() query: ListAccountsQuery): Promise<AccountView[]> {
    return (await this.accounts.list(ctx.actor, query)).map(accountView);
  }

  @Post()
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Create an account below the caller, in the caller’s scope; its one-time password is shown once; emits account.created' })
  @ApiCreatedResponse({ type: OneTimePasswordView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A bad field, a scope the role needs missing, an unknown region or agency' })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'A role or scope above or outside the caller’s' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'account.email-taken' })
  async create(@Actor() ctx: CommandContext, @Body() dto: CreateAccountDto): Promise<OneTimePasswordView> {
    const { account, oneTimePassword, expiresAt } = await this.accounts.create(ctx, dto);
    return { account: accountView(account), oneTimePassword, expiresAt: expiresAt.toISOString() };
  }

  @Get(':id')
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'An account the caller manages' })
  @ApiOkResponse({ type: AccountView })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async get(@Actor() ctx: CommandContext, @Param('id', ACCOUNT_ID) id: string): Promise<AccountView> {
    return accountView(await this.accounts.get(ctx.actor, id));
  }

  @Get(':id/audit')
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Who changed this account, how and when' })
  @ApiOkResponse({ type: [AccountAuditView] })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async audit(@Actor() ctx: CommandContext, @Param('id', ACCOUNT_ID) id: string): Promise<AccountAuditView[]> {
    return (await this.accounts.audit(ctx.actor, id)).map((a) => ({ action: a.action, actorSub: a.actorSub, actorRole: a.actorRole, changes: a.changes, at: a.at.toISOString() }));
  }

  @Post(':id/deactivate')
  @Roles(...ADMINS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate an account: it cannot sign in, its sessions end (access tokens within 15 min); emits account.deactivated' })
  @ApiOkResponse({ type: AccountView })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'account.self' })
  async deactivate(@Actor() ctx: CommandContext, @Param('id', ACCOUNT_ID) id: string): Promise<AccountView> {
    return accountView(await this.accounts.setActive(ctx, id, false));
  }

  @Post(':id/reactivate')
  @Roles(...ADMINS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Reactivate an account; emits account.reactivated' })
  @ApiOkResponse({ type: AccountView })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'account.self, account.agency-retired' })
  async reactivate(@Actor() ctx: CommandContext, @Param('id', ACCOUNT_ID) id: string): Promise<AccountView> {
    return accountView(await this.accounts.setActive(ctx, id, true));
  }

  @Post(':id/password-reset')
  @Roles(...ADMINS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Give the account a new one-time password (shown once) and end its sessions; emits account.password-reset' })
  @ApiOkResponse({ type: OneTimePasswordView })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'account.self' })
  async resetPassword(@Actor() ctx: CommandContext, @Param('id', ACCOUNT_ID) id: string): Promise<OneTimePasswordView> {
    const { account, oneTimePassword, expiresAt } = await this.accounts.resetPassword(ctx, id);
    return { account: accountView(account), oneTimePassword, expiresAt: expiresAt.toISOString() };
  }

  private answer(reply: FastifyReply, session: IssuedSession, refreshTokenIn: 'cookie' | 'body'): SessionView {
    void reply.header('cache-control', 'no-store');
    if (refreshTokenIn === 'body') return { ...session.view, refreshToken: session.refreshToken };
    setRefreshCookie(reply, this.env, session);
    return session.view;
  }

  private clearCookie(reply: FastifyReply): void {
    void reply.header('set-cookie', `${REFRESH_COOKIE}=; Path=${this.env.ACCOUNTS_COOKIE_PATH}; Max-Age=0; HttpOnly; SameSite=Strict`);
  }
}
