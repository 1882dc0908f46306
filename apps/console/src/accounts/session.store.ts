import { accountsApi, type Account, type SessionAnswer, type SignInResult } from '../api/accounts.client.js';
import { queryClient } from '../api/query-client.js';

/**
 * The signed-in session: the access token lives in memory only (an XSS cannot read it from
 * storage), the refresh token in an httpOnly cookie the accounts API sets. On load and shortly
 * before the access token expires, the session is refreshed through that cookie.
 */
export type Session =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; account: Account; accessToken: string; expiresAt: number };

/** Refresh this long before expiry, so a request never leaves with a token about to lapse. */
const REFRESH_MARGIN_MS = 60_000;
const MIN_REFRESH_DELAY_MS = 5_000;

let session: Session = { status: 'loading' };
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

function set(next: Session) {
  session = next;
  for (const listener of listeners) listener();
}

function adopt(answer: SessionAnswer) {
  const lifetimeMs = answer.expiresIn * 1000;
  set({ status: 'signed-in', account: answer.account, accessToken: answer.accessToken, expiresAt: Date.now() + lifetimeMs });
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => void refresh(), Math.max(MIN_REFRESH_DELAY_MS, lifetimeMs - REFRESH_MARGIN_MS));
}

function signedOut() {
  clearTimeout(refreshTimer);
  // What one user read must not show to the next one on this browser.
  queryClient.clear();
  set({ status: 'signed-out' });
}

/** Asks for a new access token with the refresh cookie; without a valid cookie the user is signed out. */
export async function refresh(): Promise<void> {
  try {
    const result = await accountsApi.refresh();
    if (result.ok) adopt(result.session);
    else signedOut();
  } catch {
    signedOut();
  }
}

export async function signIn(email: string, password: string, newPassword?: string): Promise<SignInResult> {
  const result = await accountsApi.signIn(email, password, newPassword);
  if (result.ok) adopt(result.session);
  return result;
}

export async function signOut(): Promise<void> {
  try {
    await accountsApi.signOut();
  } finally {
    signedOut();
  }
}

/** Called when an API answers 401: the token was refused, so try the cookie once more. */
export function tokenRefused(): void {
  if (session.status === 'signed-in') void refresh();
}

export const sessionStore = {
  get: () => session,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  accessToken: () => (session.status === 'signed-in' ? session.accessToken : null),
};
