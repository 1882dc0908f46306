import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiServiceUnavailableResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponse } from '@lumbung/contracts';
import { clientAddress, Public, ServiceEnv } from '@lumbung/platform';
import type { RegistryEnv } from '../registry.env.js';
import { cookieOf, setRefreshCookie } from './accounts.controller.js';
import { AccountError } from './accounts.service.js';
import { OIDC_FLOW_SECONDS, OidcService } from './oidc.service.js';

/**
 * The flow's state in this browser. SameSite=Lax, not Strict: the callback is a top-level
 * navigation coming from the provider's site, which a Strict cookie would not be sent with.
 */
export const OIDC_STATE_COOKIE = 'lumbung_oidc_state';

/** Single sign-on through the province's identity provider: the browser is sent there and back. */
@ApiTags('accounts')
@Controller('accounts')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    @Inject(ServiceEnv) private readonly env: RegistryEnv,
  ) {}

  @Get('sign-in-options')
  @Public()
  @ApiOperation({ summary: 'How one may sign in here: whether to show a single sign-on button, and its label' })
  @ApiOkResponse({ description: '{ "sso": { "name": "SSO Jawa Tengah" } } or { "sso": null }' })
  signInOptions(): { sso: { name: string } | null } {
    const name = this.oidc.buttonName;
    return { sso: name === null ? null : { name } };
  }

  @Get('oidc/start')
  @Public()
  @ApiOperation({ summary: 'Start a single sign-on: 302 to the identity provider (authorization code with PKCE); a state cookie binds the flow to this browser' })
  @ApiResponse({ status: 302, description: 'To the identity provider' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'auth.sso-off: no identity provider is set up' })
  @ApiTooManyRequestsResponse({ type: ErrorResponse, description: 'auth.sso-too-many: too many sign-ins started from this address in a minute; Retry-After says when to try again' })
  @ApiServiceUnavailableResponse({ type: ErrorResponse, description: 'auth.sso-unavailable: the identity provider cannot be reached' })
  async start(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    let started: { url: URL; state: string };
    try {
      started = await this.oidc.start(clientAddress(req, this.env.TRUSTED_PROXY_HOPS));
    } catch (err) {
      const retryAfter = err instanceof AccountError ? (err.getResponse() as { retryAfterSeconds?: number }).retryAfterSeconds : undefined;
      if (retryAfter) void reply.header('retry-after', String(retryAfter));
      throw err;
    }
    const { url, state } = started;
    void reply.header('set-cookie', this.stateCookie(state, OIDC_FLOW_SECONDS));
    void reply.header('cache-control', 'no-store');
    await reply.code(302).header('location', url.href).send();
  }

  @Get('oidc/callback')
  @Public()
  @ApiOperation({ summary: 'The identity provider sends the browser back here: on success the refresh cookie is set and 303 to the console, which then calls POST /accounts/refresh' })
  @ApiResponse({ status: 303, description: 'Signed in: to OIDC_AFTER_SIGN_IN_URL, with the refresh cookie' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'auth.sso-state-invalid: not started in this browser, expired (10 min) or already used' })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'auth.sso-failed: the provider refused, or its answer did not check out' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'auth.sso-no-account (an admin must create the account first), auth.account-inactive' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'auth.sso-off' })
  @ApiServiceUnavailableResponse({ type: ErrorResponse, description: 'auth.sso-unavailable' })
  async callback(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    // The state is good for one try whatever its outcome: the cookie goes with it.
    void reply.header('set-cookie', this.stateCookie('', 0));
    void reply.header('cache-control', 'no-store');
    const search = new URL(req.url, 'http://registry').search;
    const session = await this.oidc.finish(search, cookieOf(req, OIDC_STATE_COOKIE));
    setRefreshCookie(reply, this.env, session);
    await reply.code(303).header('location', this.env.OIDC_AFTER_SIGN_IN_URL).send();
  }

  private stateCookie(value: string, maxAge: number): string {
    const secure = this.env.NODE_ENV === 'production' ? '; Secure' : '';
    return `${OIDC_STATE_COOKIE}=${value}; Path=${this.env.ACCOUNTS_COOKIE_PATH}/oidc; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
  }
}
