import type { Role } from '../app/permissions.js';

/**
 * The accounts API (issue "Accounts, sign-in and one front door"), coded against its
 * specification while it is being built in the registry. Hand-typed until the registry's OpenAPI
 * document has it; then these calls move to the generated client (`npm run console:client`).
 */
export interface Account {
  id: string;
  name: string;
  email: string;
  role: Role;
  region?: string | null;
  province?: string | null;
  agency?: string | null;
  editions?: string[] | null;
  active: boolean;
  mustChangePassword: boolean;
}

export interface SessionAnswer {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  account: Account;
}

export type SignInFailure =
  | { kind: 'invalid-credentials' }
  | { kind: 'locked'; retryAfterSeconds: number | null }
  | { kind: 'password-change-required' }
  | { kind: 'invalid-new-password'; message: string | null }
  | { kind: 'unavailable'; status: number };

export type SignInResult = { ok: true; session: SessionAnswer } | { ok: false; failure: SignInFailure };

const BASE = '/api/accounts';

async function post(path: string, body?: unknown): Promise<Response> {
  // same-origin credentials carry the httpOnly refresh cookie; the token itself never touches storage.
  return fetch(`${BASE}${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function codeOf(res: Response): Promise<{ code?: string; detail?: string; message?: string }> {
  try {
    return (await res.json()) as { code?: string };
  } catch {
    return {};
  }
}

/** Reads a sign-in or refresh answer into a result the page can explain. */
export async function readSessionAnswer(res: Response): Promise<SignInResult> {
  if (res.ok) return { ok: true, session: (await res.json()) as SessionAnswer };
  const problem = await codeOf(res);
  if (res.status === 401) return { ok: false, failure: { kind: 'invalid-credentials' } };
  if (res.status === 429 || problem.code === 'auth.locked') {
    const retry = Number(res.headers.get('retry-after'));
    return { ok: false, failure: { kind: 'locked', retryAfterSeconds: Number.isFinite(retry) && retry > 0 ? retry : null } };
  }
  if (res.status === 403 && problem.code === 'auth.password-change-required') return { ok: false, failure: { kind: 'password-change-required' } };
  if (res.status === 400) return { ok: false, failure: { kind: 'invalid-new-password', message: problem.detail ?? problem.message ?? null } };
  return { ok: false, failure: { kind: 'unavailable', status: res.status } };
}

export const accountsApi = {
  signIn: async (email: string, password: string, newPassword?: string) => readSessionAnswer(await post('/sign-in', { email, password, ...(newPassword ? { newPassword } : {}) })),
  refresh: async () => readSessionAnswer(await post('/refresh')),
  signOut: async () => {
    await post('/sign-out');
  },
};
