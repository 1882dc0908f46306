import { describe, expect, it } from 'vitest';
import { readSessionAnswer } from './accounts.client.js';

const problem = (status: number, code: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ code }), { status, headers: { 'content-type': 'application/problem+json', ...headers } });

describe("reading the accounts API's answers", () => {
  it('a 200 is a session', async () => {
    const account = { id: 'u1', name: 'Sri', email: 's@kuduskab.go.id', role: 'region-admin', region: '33.19', active: true, mustChangePassword: false };
    const res = new Response(JSON.stringify({ accessToken: 'jwt', expiresIn: 900, account }), { status: 200 });
    expect(await readSessionAnswer(res)).toEqual({ ok: true, session: { accessToken: 'jwt', expiresIn: 900, account } });
  });

  it('401 auth.invalid-credentials: wrong email or password', async () => {
    expect(await readSessionAnswer(problem(401, 'auth.invalid-credentials'))).toEqual({ ok: false, failure: { kind: 'invalid-credentials' } });
  });

  it('429 auth.locked keeps Retry-After, in seconds, to say how long', async () => {
    expect(await readSessionAnswer(problem(429, 'auth.locked', { 'retry-after': '600' }))).toEqual({ ok: false, failure: { kind: 'locked', retryAfterSeconds: 600 } });
    expect(await readSessionAnswer(problem(429, 'auth.locked'))).toEqual({ ok: false, failure: { kind: 'locked', retryAfterSeconds: null } });
  });

  it('403 auth.password-change-required asks for a new password; another 403 does not', async () => {
    expect(await readSessionAnswer(problem(403, 'auth.password-change-required'))).toEqual({ ok: false, failure: { kind: 'password-change-required' } });
    expect(await readSessionAnswer(problem(403, 'auth.inactive'))).toEqual({ ok: false, failure: { kind: 'unavailable', status: 403 } });
  });

  it('a server error says the service cannot be reached, even without a JSON body', async () => {
    expect(await readSessionAnswer(new Response('bad gateway', { status: 502 }))).toEqual({ ok: false, failure: { kind: 'unavailable', status: 502 } });
  });
});
