import type { TFunction } from 'i18next';
import { ApiError } from './api-error.js';

/** The locale key of an error code's text: every code of the services' catalogue has one (error-text.test.ts). */
export const errorTextKey = (code: string): string => `errors.${code}`;

/** A code newer than this console still has a status to explain it by. */
const BY_STATUS: Record<number, string> = { 400: 'validation.failed', 401: 'auth.unauthenticated', 403: 'auth.forbidden', 404: 'not-found', 409: 'conflict' };
const UNREACHABLE = 'service.unavailable';
/** What a field refused by a check the console has no text for reads as. */
const INVALID = 'field.invalid';

/**
 * A refusal in one sentence of the user's language: the text of its code, with `params` filled in;
 * a code the console does not know falls back to its status.
 */
export function explainError(error: unknown, t: TFunction, exists: (key: string) => boolean, params: Record<string, unknown> = {}): string {
  if (error instanceof ApiError) {
    if (error.code && exists(errorTextKey(error.code))) return t(errorTextKey(error.code), params);
    const general = BY_STATUS[error.status];
    if (general) return t(errorTextKey(general));
  }
  return t(errorTextKey(UNREACHABLE));
}

/** One bad field of a 400 problem detail (libs/contracts FieldError): its code and the check's parameters beside it. */
export interface FieldProblem {
  field: string;
  messages?: string[];
  code?: string;
  max?: number;
  min?: number;
  allowed?: unknown[];
  expected?: string;
  other?: string;
}

/** Fields whose field.invalid comes from a known check of the service, with a text of their own (fieldErrors.invalidField). */
export const INVALID_FIELD_TEXTS = ['typeCode', 'regionCode', 'trialStartedOn', 'implementedOn'] as const;

/** The field errors of an answer, or none when it is not a 400 with errors[]. */
export function fieldProblems(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  const errors = (error.body as { errors?: unknown } | null | undefined)?.errors;
  return Array.isArray(errors) ? (errors as FieldProblem[]) : [];
}

/**
 * One field's refusal in the user's language, from its stable code and the check's parameters
 * ("Paling banyak 200 karakter."); the service's English message is never shown. A code the
 * console does not know reads as field.invalid. `fieldLabel` names another field a check refers to.
 */
export function fieldErrorText(t: TFunction, problem: FieldProblem, fieldLabel: (field: string) => string = (f) => f): string {
  const leaf = problem.field.split('.').pop() ?? problem.field;
  if ((problem.code ?? INVALID) === INVALID && (INVALID_FIELD_TEXTS as readonly string[]).includes(leaf)) return t(`fieldErrors.invalidField.${leaf}`);
  const params = {
    max: problem.max,
    min: problem.min,
    allowed: (problem.allowed ?? []).join(', '),
    expected: problem.expected ? t(`fieldErrors.types.${problem.expected}`, { defaultValue: problem.expected }) : '',
    other: problem.other ? fieldLabel(problem.other) : '',
  };
  return t(errorTextKey(problem.code ?? INVALID), { ...params, defaultValue: t(errorTextKey(INVALID)) });
}

/** Each field's refusals of a 400, keyed by the field path the service names, two of one field joined. */
export function fieldErrorTexts(error: unknown, t: TFunction, fieldLabel?: (field: string) => string): Record<string, string> {
  const byField: Record<string, string[]> = {};
  for (const problem of fieldProblems(error)) (byField[problem.field] ??= []).push(fieldErrorText(t, problem, fieldLabel));
  return Object.fromEntries(Object.entries(byField).map(([field, texts]) => [field, texts.join(' ')]));
}
