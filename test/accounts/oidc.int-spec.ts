import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import { Redis } from 'ioredis';
import Provider from 'oidc-provider';
import { validateEnv } from '@lumbung/platform';
import { newSigningKey, productionSecrets, signingKeysEnv, startService, tokenFor, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { OIDC_STARTS_PER_ADDRESS_PER_MINUTE } from '../../apps/registry/src/accounts/oidc.service.js';
import { RegistryEnv } from '../../apps/registry/src/registry.env.js';
import { DEMAK, KUDUS } from '../../apps/registry/test/innovation-test.fixtures.js';

/** The callback's public URL through the front door; the provider redirects the browser there, the test calls the registry directly. */
const REDIRECT_URI = 'http://127.0.0.1:3000/api/accounts/oidc/callback';

interface Person {
  email: string;
  email_verified: boolean;
}

/**
 * Single sign-on end to end against a real OpenID Connect provider (oidc-provider) on 127.0.0.1:
 * the registry discovers it, sends the browser there with PKCE, state and nonce, exchanges the code
 * with its client secret and reads the claims. The person at the provider's login page is
 * `atLoginPage`; the test completes the login and consent interaction as that person.
 */
describe('single sign-on through an OpenID Connect provider', () => {
  const national = tokenFor({ sub: 'nasional', role: 'national-admin' });
  /** The provider's users, by subject. */
  const people = new Map<string, Person>();
  let atLoginPage = '';
  let server: Server;
  let registry: RunningService;
  let redis: Redis;

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'lumbung-registry',
          client_secret: 'the registry secret at the province',
          redirect_uris: [REDIRECT_URI],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'province-1', alg: 'RS256', use: 'sig' }] },
      claims: { openid: ['sub'], email: ['email', 'email_verified'] },
      findAccount: (_ctx, sub) => {
        const person = people.get(sub);
        return person && { accountId: sub, claims: () => ({ sub, ...person }) };
      },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      features: { devInteractions: { enabled: false } },
      cookies: { keys: ['the provider cookie key, test only'] },
      // Set, so that the provider does not print a notice for each default it falls back on.
      ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    });
    const handle = provider.callback();
    // The login page, as oidc-provider's examples complete it: the person signs in and consents to
    // the scopes asked for, in one step.
    const interaction = async (req: IncomingMessage, res: ServerResponse) => {
      const details = await provider.interactionDetails(req, res);
      const grant = new provider.Grant({ accountId: atLoginPage, clientId: details.params.client_id as string });
      grant.addOIDCScope(details.params.scope as string);
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId: atLoginPage }, consent: { grantId } }, { mergeWithLastSubmission: false });
    };
    server.on('request', (req, res) => {
      if (req.url?.startsWith('/interaction/')) {
        interaction(req, res).catch((err: Error) => res.writeHead(500).end(err.message));
      } else {
        void handle(req, res);
      }
    });
    registry = await startService(createRegistryApp, {
      env: {
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: 'lumbung-registry',
        OIDC_CLIENT_SECRET: 'the registry secret at the province',
        OIDC_REDIRECT_URI: REDIRECT_URI,
        OIDC_NAME: 'SSO Jawa Tengah',
        OIDC_AFTER_SIGN_IN_URL: '/konsol/',
      },
    });
    redis = new Redis(registry.redis.url);
  });
  afterAll(async () => {
    await redis?.quit();
    await registry?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** The browser's trip: start at the registry, through the provider's redirects, until it is sent to the callback. */
  async function throughProvider(sub: string): Promise<{ callback: URL; stateCookie: string; authorizeUrl: URL }> {
    atLoginPage = sub;
    const start = await fetch(`${registry.baseUrl}/accounts/oidc/start`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const setCookie = start.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\/api\/accounts\/oidc;/);
    const stateCookie = /lumbung_oidc_state=([^;]+)/.exec(setCookie)![1];
    const authorizeUrl = new URL(start.headers.get('location')!);
    const jar = new Map<string, string>();
    let url = authorizeUrl.href;
    for (let hop = 0; hop < 10; hop++) {
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const cookie of res.headers.getSetCookie()) {
        const pair = cookie.split(';')[0];
        const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
        if (value) jar.set(name, value);
        else jar.delete(name);
      }
      const location = res.headers.get('location');
      if (!location) throw new Error(`the provider answered ${res.status}: ${await res.text()}`);
      const next = new URL(location, url);
      if (next.origin + next.pathname === REDIRECT_URI) return { callback: next, stateCookie, authorizeUrl };
      url = next.href;
    }
    throw new Error('the provider never sent the browser back');
  }

  const callback = (back: URL, stateCookie?: string) =>
    fetch(`${registry.baseUrl}/accounts/oidc/callback${back.search}`, { redirect: 'manual', headers: stateCookie ? { cookie: `lumbung_oidc_state=${stateCookie}` } : {} });

  async function ssoSignIn(sub: string): Promise<Response> {
    const { callback: back, stateCookie } = await throughProvider(sub);
    return callback(back, stateCookie);
  }

  /** What the console does after the 303: trade the refresh cookie for an access token. */
  async function accessTokenFrom(res: Response): Promise<string> {
    const refresh = /lumbung_refresh=([^;]+)/.exec(res.headers.getSetCookie().join('\n'))![1];
    const session = await registry.request('POST', '/accounts/refresh', { headers: { cookie: `lumbung_refresh=${refresh}` } });
    expect(session.status).toBe(200);
    return session.body.accessToken;
  }

  async function createAccount(body: Record<string, unknown>): Promise<{ id: string; oneTimePassword: string }> {
    const created = await registry.request('POST', '/accounts', { token: national, body });
    expect(created.status).toBe(201);
    return { id: created.body.account.id, oneTimePassword: created.body.oneTimePassword };
  }

  it('tells the console to show an SSO button with its label', async () => {
    const options = await registry.request('GET', '/accounts/sign-in-options');
    expect(options.status).toBe(200);
    expect(options.body).toEqual({ sso: { name: 'SSO Jawa Tengah' } });
  });

  it('sends the browser to the provider with PKCE S256, a state and a nonce kept 10 minutes in Redis', async () => {
    people.set('sub-visitor', { email: 'visitor@example.org', email_verified: true });
    const { authorizeUrl, stateCookie } = await throughProvider('sub-visitor');
    const q = authorizeUrl.searchParams;
    expect({ response_type: q.get('response_type'), client_id: q.get('client_id'), redirect_uri: q.get('redirect_uri'), method: q.get('code_challenge_method') }).toEqual({
      response_type: 'code',
      client_id: 'lumbung-registry',
      redirect_uri: REDIRECT_URI,
      method: 'S256',
    });
    expect(q.get('state')).toBe(stateCookie);
    expect(q.get('nonce')).toMatch(/.{20,}/);
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const ttl = await redis.ttl(`${registry.redis.prefix}:oidc:flow:${stateCookie}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('links an admin-made account by the verified e-mail at the first sign-in, then signs in by the link alone', async () => {
    const { id, oneTimePassword } = await createAccount({ name: 'Sri Lestari', email: 'Sri.Lestari@kuduskab.go.id', role: 'region-admin', region: KUDUS });
    people.set('sub-sri', { email: 'sri.lestari@KUDUSKAB.go.id', email_verified: true });

    const first = await ssoSignIn('sub-sri');
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/konsol/');
    const cookies = first.headers.getSetCookie();
    // The refresh cookie exactly as a password sign-in sets it, and the flow's state cookie cleared.
    expect(cookies.find((c) => c.startsWith('lumbung_refresh='))).toMatch(/^lumbung_refresh=[A-Za-z0-9_-]{43}; Path=\/api\/accounts; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    expect(cookies.find((c) => c.startsWith('lumbung_oidc_state='))).toMatch(/^lumbung_oidc_state=; Path=\/api\/accounts\/oidc; Max-Age=0/);
    const me = await registry.request('GET', '/accounts/me', { token: await accessTokenFrom(first) });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id, role: 'region-admin', region: KUDUS, singleSignOn: true, mustChangePassword: false, lastSignInAt: expect.any(String) });

    const audit = await registry.request('GET', `/accounts/${id}/audit`, { token: national });
    const linked = audit.body.find((a: { action: string }) => a.action === 'sso-linked');
    expect(linked).toMatchObject({ actorSub: id, actorRole: 'region-admin', changes: { oidcSubject: [null, 'sub-sri'], password: ['*** (one-time)', null] } });
    // The one-time password nobody used is no second way in any more.
    const withPassword = await registry.request('POST', '/accounts/sign-in', { body: { email: 'sri.lestari@kuduskab.go.id', password: oneTimePassword } });
    expect(withPassword.status).toBe(401);

    // The link is (issuer, subject): a new e-mail at the provider changes nothing.
    people.set('sub-sri', { email: 'sri@example.org', email_verified: false });
    const again = await ssoSignIn('sub-sri');
    expect(again.status).toBe(303);
    const meAgain = await registry.request('GET', '/accounts/me', { token: await accessTokenFrom(again) });
    expect(meAgain.body).toMatchObject({ id, email: 'sri.lestari@kuduskab.go.id' });
    expect((await registry.request('GET', `/accounts/${id}/audit`, { token: national })).body.filter((a: { action: string }) => a.action === 'sso-linked')).toHaveLength(1);
  });

  it('refuses a person with no account, and one whose matching e-mail is not verified: auth.sso-no-account', async () => {
    people.set('sub-stranger', { email: 'stranger@gmail.com', email_verified: true });
    const stranger = await ssoSignIn('sub-stranger');
    expect(stranger.status).toBe(403);
    expect(((await stranger.json()) as { code: string }).code).toBe('auth.sso-no-account');
    expect(stranger.headers.getSetCookie().some((c) => c.startsWith('lumbung_refresh='))).toBe(false);

    const { id } = await createAccount({ name: 'Budi Demak', email: 'budi@demakkab.go.id', role: 'region-admin', region: DEMAK });
    people.set('sub-budi', { email: 'budi@demakkab.go.id', email_verified: false });
    const unverified = await ssoSignIn('sub-budi');
    expect(unverified.status).toBe(403);
    expect(((await unverified.json()) as { code: string }).code).toBe('auth.sso-no-account');
    expect((await registry.request('GET', `/accounts/${id}`, { token: national })).body.singleSignOn).toBe(false);
  });

  it('refuses a state from another browser, a missing one and a replayed one: auth.sso-state-invalid', async () => {
    await createAccount({ name: 'Ani Jateng', email: 'ani@jatengprov.go.id', role: 'province-admin', province: '33' });
    people.set('sub-ani', { email: 'ani@jatengprov.go.id', email_verified: true });
    const mine = await throughProvider('sub-ani');
    const theirs = await throughProvider('sub-ani');

    for (const cookie of [theirs.stateCookie, undefined]) {
      const refused = await callback(mine.callback, cookie);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ code: 'auth.sso-state-invalid', field: 'state' });
    }
    // Refusing a foreign cookie did not spend the flow: its own browser still completes it, once.
    const ok = await callback(mine.callback, mine.stateCookie);
    expect(ok.status).toBe(303);
    const replayed = await callback(mine.callback, mine.stateCookie);
    expect(replayed.status).toBe(400);
    expect(((await replayed.json()) as { code: string }).code).toBe('auth.sso-state-invalid');
    expect(replayed.headers.getSetCookie().some((c) => c.startsWith('lumbung_refresh='))).toBe(false);
  });

  it('refuses an answer the provider did not confirm: a refusal at the provider, a forged code: auth.sso-failed', async () => {
    const answers: Array<Record<string, string>> = [{ error: 'access_denied', error_description: 'the person cancelled' }, { code: 'a-code-the-provider-never-issued' }];
    for (const answer of answers) {
      const start = await fetch(`${registry.baseUrl}/accounts/oidc/start`, { redirect: 'manual' });
      const state = /lumbung_oidc_state=([^;]+)/.exec(start.headers.get('set-cookie')!)![1];
      const iss = new URL(start.headers.get('location')!).origin;
      const back = new URL(`${REDIRECT_URI}?${new URLSearchParams({ ...answer, state, iss })}`);
      const refused = await callback(back, state);
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { code: string }).code).toBe('auth.sso-failed');
      expect(refused.headers.getSetCookie().some((c) => c.startsWith('lumbung_refresh='))).toBe(false);
    }
  });

  it('limits the sign-ins one address may start in a minute: 429 auth.sso-too-many with Retry-After', async () => {
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i <= OIDC_STARTS_PER_ADDRESS_PER_MINUTE && !refused; i++) {
      const res = await fetch(`${registry.baseUrl}/accounts/oidc/start`, { redirect: 'manual' });
      statuses.push(res.status);
      if (res.status !== 302) refused = res;
    }
    expect(refused?.status).toBe(429);
    expect(((await refused!.json()) as { code: string }).code).toBe('auth.sso-too-many');
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 302).length).toBeLessThanOrEqual(OIDC_STARTS_PER_ADDRESS_PER_MINUTE);
    // The next tests start sign-ins from this address again.
    await redis.del(`${registry.redis.prefix}:oidc:starts:127.0.0.1`);
  });

  it('refuses a deactivated account, linked or not yet: auth.account-inactive', async () => {
    const linked = await createAccount({ name: 'Dewi Kudus', email: 'dewi@kuduskab.go.id', role: 'region-admin', region: KUDUS });
    people.set('sub-dewi', { email: 'dewi@kuduskab.go.id', email_verified: true });
    expect((await ssoSignIn('sub-dewi')).status).toBe(303);
    expect((await registry.request('POST', `/accounts/${linked.id}/deactivate`, { token: national })).status).toBe(200);
    const refused = await ssoSignIn('sub-dewi');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('auth.account-inactive');

    const notLinked = await createAccount({ name: 'Eko Kudus', email: 'eko@kuduskab.go.id', role: 'region-admin', region: KUDUS });
    expect((await registry.request('POST', `/accounts/${notLinked.id}/deactivate`, { token: national })).status).toBe(200);
    people.set('sub-eko', { email: 'eko@kuduskab.go.id', email_verified: true });
    const inactive = await ssoSignIn('sub-eko');
    expect(inactive.status).toBe(403);
    expect(((await inactive.json()) as { code: string }).code).toBe('auth.account-inactive');
    expect((await registry.request('GET', `/accounts/${notLinked.id}`, { token: national })).body.singleSignOn).toBe(false);
  });
});

describe('a registry without an identity provider', () => {
  let registry: RunningService;
  beforeAll(async () => {
    registry = await startService(createRegistryApp);
  });
  afterAll(() => registry?.close());

  it('shows no SSO button and refuses to start a single sign-on: auth.sso-off', async () => {
    expect((await registry.request('GET', '/accounts/sign-in-options')).body).toEqual({ sso: null });
    for (const path of ['/accounts/oidc/start', '/accounts/oidc/callback?code=x&state=y']) {
      const res = await registry.request('GET', path);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 404, code: 'auth.sso-off' });
    }
  });
});

describe('single sign-on configuration', () => {
  const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/lumbung', REDIS_URL: 'redis://127.0.0.1:6379' };
  const sso = { OIDC_ISSUER: 'http://127.0.0.1:9000', OIDC_CLIENT_ID: 'lumbung', OIDC_CLIENT_SECRET: 'a secret', OIDC_REDIRECT_URI: REDIRECT_URI };

  it('needs the client with an issuer, and a path or an http(s) URL to land on', () => {
    expect(validateEnv(RegistryEnv, base).OIDC_ISSUER).toBeUndefined();
    expect(() => validateEnv(RegistryEnv, { ...base, OIDC_ISSUER: sso.OIDC_ISSUER })).toThrow(/OIDC_CLIENT_ID is required[\s\S]*OIDC_CLIENT_SECRET is required[\s\S]*OIDC_REDIRECT_URI/);
    expect(() => validateEnv(RegistryEnv, { ...base, ...sso, OIDC_AFTER_SIGN_IN_URL: '//elsewhere.example' })).toThrow(/OIDC_AFTER_SIGN_IN_URL/);
    expect(validateEnv(RegistryEnv, { ...base, ...sso })).toMatchObject({ OIDC_NAME: 'Single sign-on', OIDC_AFTER_SIGN_IN_URL: '/' });
  });

  it('refuses an http issuer or callback in production', () => {
    const production = { ...base, ...productionSecrets(), NODE_ENV: 'production', ACCOUNTS_SIGNING_KEYS: signingKeysEnv(newSigningKey()) };
    expect(() => validateEnv(RegistryEnv, { ...production, ...sso })).toThrow(/OIDC_ISSUER must be an https:\/\/ URL in production[\s\S]*OIDC_REDIRECT_URI must be an https:\/\/ URL in production/);
    const https = { OIDC_ISSUER: 'https://sso.jatengprov.go.id/realms/asn', OIDC_REDIRECT_URI: 'https://lumbung.jatengprov.go.id/api/accounts/oidc/callback' };
    expect(validateEnv(RegistryEnv, { ...production, ...sso, ...https }).OIDC_ISSUER).toBe(https.OIDC_ISSUER);
  });
});
