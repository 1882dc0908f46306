import { DataSource } from 'typeorm';
import { sleep, startService, tokenFor, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../src/registry.app.js';
import { DEMAK, insertAgency, KUDUS } from './innovation-test.fixtures.js';

/**
 * Accounts over HTTP, against the real PostgreSQL and Redis: sign-in, one-time passwords, refresh
 * rotation and its reuse detection, lockout and its end, deactivation, and an agency's retirement.
 */
describe('accounts and sessions', () => {
  let registry: RunningService;
  const national = tokenFor({ sub: 'nasional', role: 'national-admin' });
  const STRONG = 'Lumpia Semarang di pagi hari';

  beforeAll(async () => {
    registry = await startService(createRegistryApp, { env: { SIGN_IN_LOCK_SECONDS: '3' } });
  });
  afterAll(() => registry?.close());

  /** Creates an account as `token`, signs in with its one-time password and sets STRONG; its session answer. */
  async function accountWithPassword(token: string, body: Record<string, unknown>): Promise<{ id: string; session: any; cookie: string }> {
    const created = await registry.request('POST', '/accounts', { token, body });
    expect(created.status).toBe(201);
    const first = await registry.request('POST', '/accounts/sign-in', { body: { email: body.email, password: created.body.oneTimePassword } });
    expect(first.status).toBe(403);
    expect(first.body.code).toBe('auth.password-change-required');
    const session = await registry.request('POST', '/accounts/sign-in', { body: { email: body.email, password: created.body.oneTimePassword, newPassword: STRONG } });
    expect(session.status).toBe(200);
    return { id: created.body.account.id, session: session.body, cookie: session.headers.get('set-cookie')! };
  }

  const refreshCookie = (setCookie: string) => /lumbung_refresh=([^;]*)/.exec(setCookie)![1];

  it('signs in with a one-time password that must be replaced, then with the new one; the token works on the API', async () => {
    const { session, cookie } = await accountWithPassword(national, { name: 'Admin Kudus', email: 'Admin.Kudus@kuduskab.go.id', role: 'region-admin', region: KUDUS });
    expect(session).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, account: { email: 'admin.kudus@kuduskab.go.id', role: 'region-admin', region: KUDUS, mustChangePassword: false } });
    expect(session.refreshToken).toBeUndefined();
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/accounts/);
    const header = JSON.parse(Buffer.from(session.accessToken.split('.')[0], 'base64url').toString());
    expect(header).toMatchObject({ alg: 'ES256', kid: expect.any(String) });
    const claims = JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(900);
    expect(claims).not.toHaveProperty('email');
    expect((await registry.request('GET', '/accounts/me', { token: session.accessToken })).body).toMatchObject({ name: 'Admin Kudus', role: 'region-admin' });
    expect((await registry.request('GET', `/agencies?region=${KUDUS}`, { token: session.accessToken })).status).toBe(200);
    const jwks = await registry.request('GET', '/.well-known/jwks.json');
    expect(jwks.body.keys.map((k: { kid: string }) => k.kid)).toContain(header.kid);
    expect(JSON.stringify(jwks.body)).not.toMatch(/"d"/);
  });

  it('refuses a weak new password with a code and the field', async () => {
    const created = await registry.request('POST', '/accounts', { token: national, body: { name: 'Weak', email: 'weak@jatengprov.go.id', role: 'province-admin', province: '33' } });
    for (const [newPassword, code] of [['short', 'password.too-short'], ['password123', 'password.too-common'], ['sunshine2022', 'password.too-common'], ['qwertyuiop1', 'password.too-common'], ['1234567890', 'password.too-common']]) {
      const res = await registry.request('POST', '/accounts/sign-in', { body: { email: 'weak@jatengprov.go.id', password: created.body.oneTimePassword, newPassword } });
      expect({ newPassword, status: res.status, code: res.body.code, field: res.body.field }).toEqual({ newPassword, status: 400, code, field: 'newPassword' });
    }
  });

  it('answers an unknown e-mail exactly as a wrong password', async () => {
    await accountWithPassword(national, { name: 'Admin Demak', email: 'admin@demakkab.go.id', role: 'region-admin', region: DEMAK });
    const wrong = await registry.request('POST', '/accounts/sign-in', { body: { email: 'admin@demakkab.go.id', password: 'not the password at all' } });
    const unknown = await registry.request('POST', '/accounts/sign-in', { body: { email: 'nobody@demakkab.go.id', password: 'not the password at all' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.code).toBe('auth.invalid-credentials');
  });

  it('rotates the refresh token; reusing an old one revokes the whole session family', async () => {
    const { session, cookie } = await accountWithPassword(national, { name: 'Admin Jateng', email: 'biro.organisasi@jatengprov.go.id', role: 'province-admin', province: '33' });
    expect(session.account.province).toBe('33');
    const first = refreshCookie(cookie);
    const r1 = await registry.request('POST', '/accounts/refresh', { headers: { cookie: `lumbung_refresh=${first}` } });
    expect(r1.status).toBe(200);
    const second = refreshCookie(r1.headers.get('set-cookie')!);
    expect(second).not.toBe(first);
    // A program sends it in the body and gets the next one in the body.
    const r2 = await registry.request('POST', '/accounts/refresh', { body: { refreshToken: second } });
    expect(r2.status).toBe(200);
    const third: string = r2.body.refreshToken;
    expect(third).toEqual(expect.any(String));

    // The first token again: stolen. The family ends, including the newest token.
    const reuse = await registry.request('POST', '/accounts/refresh', { headers: { cookie: `lumbung_refresh=${first}` } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('auth.refresh-token-reused');
    const [{ live }] = await registry.app.get(DataSource).query(`SELECT count(*)::int AS live FROM "registry"."account_refresh_token" t JOIN "registry"."account" a ON a.id = t.account_id WHERE a.email = $1 AND t.revoked_at IS NULL`, ['biro.organisasi@jatengprov.go.id']);
    expect(live).toBe(0);
    expect((await registry.request('POST', '/accounts/refresh', { body: { refreshToken: third } })).status).toBe(401);
  });

  it('gives programs the refresh token in the body when asked, and signs out', async () => {
    const session = await registry.request('POST', '/accounts/sign-in', { body: { email: 'admin.kudus@kuduskab.go.id', password: STRONG, refreshTokenIn: 'body' } });
    expect(session.status).toBe(200);
    expect(session.headers.get('set-cookie')).toBeNull();
    const refreshed = await registry.request('POST', '/accounts/refresh', { body: { refreshToken: session.body.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).toEqual(expect.any(String));
    expect((await registry.request('POST', '/accounts/sign-out', { body: { refreshToken: refreshed.body.refreshToken } })).status).toBe(204);
    const after = await registry.request('POST', '/accounts/refresh', { body: { refreshToken: refreshed.body.refreshToken } });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('auth.session-revoked');
  });

  it('locks an account after five failures with a clear message, and the lock ends by itself', async () => {
    await accountWithPassword(national, { name: 'Admin Jepara', email: 'admin@jeparakab.go.id', role: 'region-admin', region: '33.20' });
    const attempt = (password: string) => registry.request('POST', '/accounts/sign-in', { body: { email: 'admin@jeparakab.go.id', password } });
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong password ${i}`)).status).toBe(401);
    const locked = await attempt('wrong password 5');
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('auth.locked');
    expect(locked.body.message).toMatch(/try again in 1 minute/);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Even the right password waits for the lock to end…
    expect((await attempt(STRONG)).status).toBe(429);
    await sleep(3_200);
    // …which it does by itself.
    expect((await attempt(STRONG)).status).toBe(200);
  });

  it('deactivating an account ends its sessions and its sign-ins; reactivating lets it in again', async () => {
    const staffAgency = await insertAgency(registry, KUDUS, 'Dinas Kesehatan');
    const kudusAdmin = tokenFor({ sub: 'admin-kudus', role: 'region-admin', region: KUDUS });
    const { id, cookie } = await accountWithPassword(kudusAdmin, { name: 'Staf Dinkes', email: 'staf@dinkes.kuduskab.go.id', role: 'agency-staff', agency: staffAgency });
    const off = await registry.request('POST', `/accounts/${id}/deactivate`, { token: kudusAdmin });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await registry.request('POST', '/accounts/refresh', { headers: { cookie: `lumbung_refresh=${refreshCookie(cookie)}` } })).status).toBe(401);
    const signIn = await registry.request('POST', '/accounts/sign-in', { body: { email: 'staf@dinkes.kuduskab.go.id', password: STRONG } });
    expect(signIn.status).toBe(403);
    expect(signIn.body.code).toBe('auth.account-inactive');
    expect((await registry.request('POST', `/accounts/${id}/reactivate`, { token: kudusAdmin })).status).toBe(200);
    expect((await registry.request('POST', '/accounts/sign-in', { body: { email: 'staf@dinkes.kuduskab.go.id', password: STRONG } })).status).toBe(200);

    const audit = await registry.request('GET', `/accounts/${id}/audit`, { token: kudusAdmin });
    expect(audit.body.map((a: { action: string }) => a.action)).toEqual(['created', 'password-changed', 'deactivated', 'reactivated']);
    expect(JSON.stringify(audit.body)).not.toMatch(/Lumpia/);
  });

  it("retiring an agency deactivates its staff's accounts in the same transaction, and publishes it without personal data", async () => {
    const agency = await insertAgency(registry, KUDUS, 'Dinas Perhubungan');
    const kudusAdmin = tokenFor({ sub: 'admin-kudus', role: 'region-admin', region: KUDUS });
    const { id } = await accountWithPassword(kudusAdmin, { name: 'Staf Dishub', email: 'staf@dishub.kuduskab.go.id', role: 'agency-staff', agency });
    expect((await registry.request('POST', `/agencies/${agency}/retire`, { token: kudusAdmin })).status).toBe(200);
    const account = await registry.request('GET', `/accounts/${id}`, { token: kudusAdmin });
    expect(account.body.active).toBe(false);
    expect((await registry.request('POST', '/accounts/sign-in', { body: { email: 'staf@dishub.kuduskab.go.id', password: STRONG } })).body.code).toBe('auth.account-inactive');
    const events: { type: string; envelope: { payload: unknown } }[] = await registry.app
      .get(DataSource)
      .query(`SELECT type, envelope FROM "registry"."outbox" WHERE envelope->>'aggregateId' = $1 ORDER BY (envelope->>'aggregateVersion')::int`, [id]);
    expect(events.map((e) => e.type)).toEqual(['account.created', 'account.deactivated']);
    expect(events[1].envelope.payload).toMatchObject({ reason: 'agency-retired', account: { id, role: 'agency-staff', agencyId: agency, active: false } });
    expect(JSON.stringify(events)).not.toMatch(/staf@dishub|Staf Dishub|argon2/);
    expect((await registry.request('POST', `/accounts/${id}/reactivate`, { token: kudusAdmin })).body.code).toBe('account.agency-retired');
  });

  it('a reset gives a new one-time password and ends the sessions; nobody resets or deactivates themselves', async () => {
    const jateng = tokenFor({ sub: 'prov-33', role: 'province-admin', province: '33' });
    const { id, cookie } = await accountWithPassword(jateng, { name: 'Admin Pati', email: 'admin@patikab.go.id', role: 'region-admin', region: '33.18' });
    const reset = await registry.request('POST', `/accounts/${id}/password-reset`, { token: jateng });
    expect(reset.status).toBe(200);
    expect(reset.body.oneTimePassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect((await registry.request('POST', '/accounts/refresh', { headers: { cookie: `lumbung_refresh=${refreshCookie(cookie)}` } })).status).toBe(401);
    expect((await registry.request('POST', '/accounts/sign-in', { body: { email: 'admin@patikab.go.id', password: STRONG } })).status).toBe(401);
    expect((await registry.request('POST', '/accounts/sign-in', { body: { email: 'admin@patikab.go.id', password: reset.body.oneTimePassword } })).body.code).toBe('auth.password-change-required');
    const self = (await registry.request('POST', '/accounts/sign-in', { body: { email: 'admin.kudus@kuduskab.go.id', password: STRONG } })).body.accessToken;
    const me = (await registry.request('GET', '/accounts/me', { token: self })).body.id;
    expect((await registry.request('POST', `/accounts/${me}/deactivate`, { token: self })).body.code).toBe('account.self');
  });

  it('changes one’s own password only with the current one', async () => {
    const token = (await registry.request('POST', '/accounts/sign-in', { body: { email: 'admin@demakkab.go.id', password: STRONG } })).body.accessToken;
    const wrong = await registry.request('PUT', '/accounts/me/password', { token, body: { currentPassword: 'not it at all', newPassword: 'Sate kambing Demak 2022' } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('auth.wrong-password');
    expect((await registry.request('PUT', '/accounts/me/password', { token, body: { currentPassword: STRONG, newPassword: 'Sate kambing Demak 2022' } })).status).toBe(204);
    expect((await registry.request('POST', '/accounts/sign-in', { body: { email: 'admin@demakkab.go.id', password: 'Sate kambing Demak 2022' } })).status).toBe(200);
  });

  it('refuses a duplicate e-mail with 409 and a missing scope with 400 naming the field', async () => {
    const dup = await registry.request('POST', '/accounts', { token: national, body: { name: 'Lagi', email: 'ADMIN@demakkab.go.id', role: 'region-admin', region: DEMAK } });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('account.email-taken');
    const noRegion = await registry.request('POST', '/accounts', { token: national, body: { name: 'Tanpa Wilayah', email: 'x@y.go.id', role: 'region-admin' } });
    expect(noRegion.status).toBe(400);
    expect(JSON.stringify(noRegion.body)).toMatch(/region/);
  });
});
