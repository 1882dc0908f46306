import type { IncomingMessage, ServerResponse } from 'node:http';
import { tokenFor } from '@lumbung/testing';

/**
 * TEST-ONLY: answers /api/accounts/* as the accounts API is specified (issue "Accounts, sign-in and
 * one front door"), with development tokens from libs/testing's tokenFor, while that API is being
 * built in the registry. It lives in the test's front door, not in the console: the console
 * ships no sign-in bypass, and the browser runs its real sign-in and refresh code against this.
 * When the registry serves /accounts, drop `accounts:` from startFrontDoor and seed real accounts.
 */
export interface StandInAccount {
  id: string;
  name: string;
  email: string;
  password: string;
  role: 'agency-staff' | 'region-admin' | 'province-admin' | 'national-admin' | 'juror';
  region?: string;
  province?: string;
  agency?: string;
  editions?: string[];
  mustChangePassword?: boolean;
}

const COOKIE = 'lumbung_refresh';
const TOKEN_SECONDS = 900;

export function accountsStandIn(accounts: StandInAccount[]) {
  const byEmail = new Map(accounts.map((a) => [a.email, { ...a }]));
  const sessions = new Map<string, string>(); // refresh cookie value → email
  let next = 0;

  const view = (a: StandInAccount) => ({
    id: a.id,
    name: a.name,
    email: a.email,
    role: a.role,
    region: a.region,
    province: a.province,
    agency: a.agency,
    editions: a.editions,
    active: true,
    mustChangePassword: !!a.mustChangePassword,
  });
  const answer = (a: StandInAccount) => ({
    accessToken: tokenFor({ sub: a.id, role: a.role, region: a.region, province: a.province, agency: a.agency, editions: a.editions }, TOKEN_SECONDS),
    expiresIn: TOKEN_SECONDS,
    account: view(a),
  });
  const send = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, body === undefined ? headers : { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const cookieOf = (req: IncomingMessage) => /(?:^|;\s*)lumbung_refresh=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];

  /** Opens a session for an account without the form, for a test that starts signed in (sets the cookie). */
  const sessionCookie = (email: string) => {
    const value = `s${++next}`;
    sessions.set(value, email);
    return { name: COOKIE, value, path: '/api/accounts', httpOnly: true, sameSite: 'Strict' as const };
  };

  async function handle(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/api\/accounts/, '');
    if (req.method === 'POST' && path === '/sign-in') {
      const { email, password, newPassword } = JSON.parse(body.toString() || '{}') as { email?: string; password?: string; newPassword?: string };
      const account = email ? byEmail.get(email) : undefined;
      if (!account || account.password !== password) return send(res, 401, { code: 'auth.invalid-credentials', title: 'Wrong email or password' });
      if (account.mustChangePassword) {
        if (!newPassword) return send(res, 403, { code: 'auth.password-change-required', title: 'Set a new password' });
        account.password = newPassword;
        account.mustChangePassword = false;
      }
      const cookie = sessionCookie(account.email);
      return send(res, 200, answer(account), { 'set-cookie': `${cookie.name}=${cookie.value}; Path=${cookie.path}; HttpOnly; SameSite=Strict` });
    }
    if (req.method === 'POST' && path === '/refresh') {
      const email = sessions.get(cookieOf(req) ?? '');
      const account = email ? byEmail.get(email) : undefined;
      if (!account) return send(res, 401, { code: 'auth.invalid-credentials', title: 'No session' });
      return send(res, 200, answer(account));
    }
    if (req.method === 'POST' && path === '/sign-out') {
      sessions.delete(cookieOf(req) ?? '');
      return send(res, 204, undefined, { 'set-cookie': `${COOKIE}=; Path=/api/accounts; HttpOnly; SameSite=Strict; Max-Age=0` });
    }
    return send(res, 404, { code: 'not-found', title: `No ${req.method} ${path} in the accounts stand-in` });
  }

  return { handle, sessionCookie };
}
