import { timingSafeEqual } from 'node:crypto';
import { HttpStatus, Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import * as oidc from 'openid-client';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { ServiceEnv } from '@lumbung/platform';
import type { RegistryEnv } from '../registry.env.js';
import { AccountError, AccountsService, type IssuedSession } from './accounts.service.js';

/** How long a sign-in may stay at the provider (login page, second factor) before it must start over. */
export const OIDC_FLOW_SECONDS = 600;

/**
 * Sign-ins one address may start per minute. Each start keeps a flow in Redis for 10 minutes, and
 * starts are GETs, which the write rate limits do not count: unbounded, they could fill Redis. High
 * enough for a province office behind one NAT signing in at eight o'clock.
 */
export const OIDC_STARTS_PER_ADDRESS_PER_MINUTE = 120;

/** What the callback needs of its start, kept server-side: nothing of it travels through the browser but the state. */
interface PendingFlow {
  nonce: string;
  codeVerifier: string;
}

const stateInvalid = () =>
  new AccountError(HttpStatus.BAD_REQUEST, 'auth.sso-state-invalid', 'This sign-in was not started in this browser, has expired or was already used; start it again', { field: 'state' });
const ssoFailed = (why: string) => new AccountError(HttpStatus.UNAUTHORIZED, 'auth.sso-failed', `The identity provider did not confirm the sign-in (${why}); start it again`);

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Single sign-on through the province's OpenID Connect provider with openid-client: the
 * authorization code flow with PKCE (S256), a state and a nonce. The flow's secrets wait in Redis
 * (shared by the registry's replicas) under the state, and are taken once. Which account signs in
 * is AccountsService#signInWithIdentity's decision; this class only speaks the protocol.
 */
@Injectable()
export class OidcService implements OnApplicationShutdown {
  private readonly logger = new Logger(OidcService.name);
  private readonly redis?: Redis;
  private readonly starts?: RateLimiterRedis;
  private configuration?: Promise<oidc.Configuration>;

  constructor(
    @Inject(ServiceEnv) private readonly env: RegistryEnv,
    private readonly accounts: AccountsService,
  ) {
    if (!env.OIDC_ISSUER) return;
    this.redis = new Redis(env.REDIS_URL, { connectionName: 'lumbung-registry-oidc', maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    this.redis.on('error', () => undefined);
    this.starts = new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `${env.QUEUE_PREFIX}:oidc:starts`, points: OIDC_STARTS_PER_ADDRESS_PER_MINUTE, duration: 60 });
  }

  /** The SSO button's label, or null when the registry has no identity provider. */
  get buttonName(): string | null {
    return this.env.OIDC_ISSUER ? this.env.OIDC_NAME : null;
  }

  /** The provider's authorization URL for a new flow, and the state to bind to this browser. */
  async start(address: string): Promise<{ url: URL; state: string }> {
    const config = await this.config();
    try {
      await this.starts!.consume(address);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      throw new AccountError(HttpStatus.TOO_MANY_REQUESTS, 'auth.sso-too-many', 'Too many sign-ins started from this address; try again in a minute', { retryAfterSeconds: seconds });
    }
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const pending: PendingFlow = { nonce, codeVerifier };
    await this.redis!.set(this.key(state), JSON.stringify(pending), 'EX', OIDC_FLOW_SECONDS);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.env.OIDC_REDIRECT_URI!,
      scope: 'openid email',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, state };
  }

  /**
   * The provider's answer: `search` is the callback's query string as received, `cookieState` the
   * state this browser was given at the start. A session for the account, or an AccountError.
   */
  async finish(search: string, cookieState: string | undefined): Promise<IssuedSession> {
    this.assertEnabled();
    const state = new URLSearchParams(search).get('state');
    // The cookie ties the answer to the browser that started the flow (login CSRF); Redis to one use.
    if (!state || !cookieState || !sameText(state, cookieState)) throw stateInvalid();
    const stored = await this.redis!.getdel(this.key(state));
    if (!stored) throw stateInvalid();
    const pending = JSON.parse(stored) as PendingFlow;
    const config = await this.config();

    // The redirect URI sent with the code must be the registered one, the front door's public URL,
    // not the address this service sees behind it.
    const current = new URL(this.env.OIDC_REDIRECT_URI!);
    current.search = search;
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, current, { pkceCodeVerifier: pending.codeVerifier, expectedState: state, expectedNonce: pending.nonce, idTokenExpected: true });
    } catch (err) {
      throw this.failed('code exchange', err);
    }
    const claims = tokens.claims()!;
    let email = claims.email;
    let verified = claims.email_verified;
    if (typeof email !== 'string') {
      // Providers that follow the core spec to the letter (oidc-provider by default) put scope
      // claims only in UserInfo when an access token is issued too.
      try {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        email = info.email;
        verified = info.email_verified;
      } catch (err) {
        throw this.failed('userinfo', err);
      }
    }
    const session = await this.accounts.signInWithIdentity({ issuer: claims.iss, subject: claims.sub, email: typeof email === 'string' ? email : undefined, emailVerified: verified === true });
    this.logger.log(`single sign-on of account ${session.view.account.id} through ${claims.iss}`);
    return session;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }

  private assertEnabled(): void {
    if (!this.env.OIDC_ISSUER) throw new AccountError(HttpStatus.NOT_FOUND, 'auth.sso-off', 'Single sign-on is not set up on this registry (OIDC_ISSUER)');
  }

  /**
   * The provider's metadata, discovered at the first sign-in rather than at boot: a provider that
   * is down must not keep the registry from starting, and a failed discovery is tried again.
   */
  private config(): Promise<oidc.Configuration> {
    this.assertEnabled();
    this.configuration ??= oidc
      .discovery(new URL(this.env.OIDC_ISSUER!), this.env.OIDC_CLIENT_ID!, this.env.OIDC_CLIENT_SECRET!, undefined, {
        // openid-client refuses plain http unless told; RegistryEnv allows an http issuer only
        // outside production (a provider on the developer's machine or in a test).
        execute: this.env.OIDC_ISSUER!.startsWith('http:') ? [oidc.allowInsecureRequests] : [],
        timeout: 10,
      })
      .catch((err: unknown) => {
        this.configuration = undefined;
        this.logger.error(`discovery of ${this.env.OIDC_ISSUER} failed: ${(err as Error).message}`);
        throw new AccountError(HttpStatus.SERVICE_UNAVAILABLE, 'auth.sso-unavailable', 'The identity provider cannot be reached; try again later or sign in with a password');
      });
    return this.configuration;
  }

  /** Logs what went wrong by its OAuth error code and message only: never a code or a token. */
  private failed(step: string, err: unknown): AccountError {
    const e = err as { code?: string; error?: string; message?: string };
    this.logger.warn(`single sign-on failed at ${step}: ${e.code ?? ''} ${e.error ?? ''} ${e.message ?? ''}`.trim());
    return ssoFailed(e.error ?? e.code ?? step);
  }

  private key(state: string): string {
    return `${this.env.QUEUE_PREFIX}:oidc:flow:${state}`;
  }
}
