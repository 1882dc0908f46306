import type { TFunction } from 'i18next';
import { ApiError } from './api-error.js';

/** The locale key of an error code's text: every code of the services' catalogue has one (error-text.test.ts). */
export const errorTextKey = (code: string): string => `errors.${code}`;

/** A code newer than this console still has a status to explain it by. */
const BY_STATUS: Record<number, string> = { 400: 'validation.failed', 401: 'auth.unauthenticated', 403: 'auth.forbidden', 404: 'not-found', 409: 'conflict' };
const UNREACHABLE = 'service.unavailable';

/** One field's refusal as the problem document lists it in errors[]: its code and the check's limits. */
export interface FieldProblem {
  field: string;
  code: string;
  params?: Record<string, unknown>;
}

/**
 * A refusal in one sentence of the user's language: the text of its code, with the check's limits
 * ("maksimal 200 karakter") filled in; a code the console does not know falls back to its status.
 */
export function explainError(error: unknown, t: TFunction, exists: (key: string) => boolean, params: Record<string, unknown> = {}): string {
  if (error instanceof ApiError) {
    if (error.code && exists(errorTextKey(error.code))) return t(errorTextKey(error.code), params);
    const general = BY_STATUS[error.status];
    if (general) return t(errorTextKey(general));
  }
  return t(errorTextKey(UNREACHABLE));
}

/** Each field's refusal of a 400, keyed by the field path the service names, in the user's language. */
export function fieldErrorTexts(error: unknown, t: TFunction): Record<string, string> {
  const body = error instanceof ApiError ? (error.body as { errors?: FieldProblem[] } | null) : null;
  const texts: Record<string, string> = {};
  for (const problem of body?.errors ?? []) {
    const params = Object.fromEntries(Object.entries(problem.params ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
    texts[problem.field] ??= t(errorTextKey(problem.code), params);
  }
  return texts;
}
