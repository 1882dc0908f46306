import createClient from 'openapi-fetch';
import type { components, paths as RegistryPaths } from './registry.js';

type Schemas = components['schemas'];

/** The accounts API lives in the registry; the front door serves it at /api/accounts. */
export type Account = Schemas['AccountView'];
export type SessionAnswer = Schemas['SessionView'];
export type OneTimePassword = Schemas['OneTimePasswordView'];
export type AccountAudit = Schemas['AccountAuditView'];
export type NewAccount = Schemas['CreateAccountDto'];

export type SignInFailure =
  | { kind: 'invalid-credentials' }
  | { kind: 'locked'; retryAfterSeconds: number | null }
  | { kind: 'password-change-required' }
  | { kind: 'invalid-new-password'; message: string | null }
  | { kind: 'unavailable'; status: number };

export type SignInResult = { ok: true; session: SessionAnswer } | { ok: false; failure: SignInFailure };

const origin = typeof location === 'undefined' ? 'http://localhost' : location.origin;

/**
 * The session calls (sign-in, refresh, sign-out), typed from the registry's OpenAPI document and
 * based at /api so that `/accounts/...` lands on /api/accounts/... (the front door's route).
 * Same-origin credentials carry the httpOnly refresh cookie; the access token never touches
 * storage. No bearer middleware here: a refused refresh must sign out, not trigger another
 * refresh. The signed-in account calls go through `accountsAdmin` in clients.ts.
 */
const session = createClient<RegistryPaths>({ baseUrl: `${origin}/api`, credentials: 'same-origin' });

async function bodyOf(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return undefined;
  }
}

/**
 * Reads a sign-in or refresh answer into a result the page can explain. `body` is what
 * openapi-fetch already parsed (it consumes the response); without it the response is read here.
 */
export async function readSessionAnswer(res: Response, body?: unknown): Promise<SignInResult> {
  const parsed = body === undefined ? await bodyOf(res) : body;
  if (res.ok) return { ok: true, session: parsed as SessionAnswer };
  const problem = (parsed ?? {}) as { code?: string; detail?: string; message?: string };
  if (res.status === 401) return { ok: false, failure: { kind: 'invalid-credentials' } };
  if (res.status === 429 || problem.code === 'auth.locked') {
    const retry = Number(res.headers.get('retry-after'));
    return { ok: false, failure: { kind: 'locked', retryAfterSeconds: Number.isFinite(retry) && retry > 0 ? retry : null } };
  }
  if (res.status === 403 && problem.code === 'auth.password-change-required') return { ok: false, failure: { kind: 'password-change-required' } };
  if (res.status === 400) return { ok: false, failure: { kind: 'invalid-new-password', message: problem.detail ?? problem.message ?? null } };
  return { ok: false, failure: { kind: 'unavailable', status: res.status } };
}

/** An openapi-fetch answer (body already parsed into data or error) as a session result. */
const answered = ({ data, error, response }: { data?: unknown; error?: unknown; response: Response }) => readSessionAnswer(response, data ?? error ?? null);

export const accountsApi = {
  signIn: async (email: string, password: string, newPassword?: string) =>
    answered(await session.POST('/accounts/sign-in', { body: { email, password, refreshTokenIn: 'cookie', ...(newPassword ? { newPassword } : {}) } })),
  refresh: async () => answered(await session.POST('/accounts/refresh', { body: {} })),
  signOut: async () => {
    await session.POST('/accounts/sign-out', { body: {} });
  },
};
