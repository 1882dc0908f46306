import type { TFunction } from 'i18next';
import { ApiError } from '../api/api-error.js';

/** One bad field of a 400 problem detail (libs/contracts FieldError). */
export interface ProblemFieldError {
  field: string;
  messages: string[];
  code?: string;
  max?: number;
  min?: number;
  allowed?: unknown[];
  expected?: string;
  other?: string;
}

/** The field codes the console has its own text for, under fieldErrors.<code> in both locales. */
export const FIELD_ERROR_CODES = [
  'field.required',
  'field.unknown',
  'field.wrong-type',
  'field.max-length',
  'field.min-length',
  'field.too-small',
  'field.too-large',
  'field.too-few-items',
  'field.too-many-items',
  'field.not-allowed-value',
  'field.not-uuid',
  'field.not-email',
  'field.not-url',
  'field.bad-format',
  'field.not-date',
  'field.before-other-date',
  'field.duplicate',
  'field.unstorable-text',
  'field.invalid',
  'innovation.agency-not-in-region',
] as const;

/** Fields whose field.invalid comes from a known check of the service, with a text of their own. */
export const INVALID_FIELD_TEXTS = ['typeCode', 'regionCode', 'trialStartedOn', 'implementedOn'] as const;

/** The field errors of an answer, or none when it is not a 400 with errors[]. */
export function problemFieldErrors(error: unknown): ProblemFieldError[] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  const errors = (error.body as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? (errors as ProblemFieldError[]) : [];
}

/**
 * A field error in the user's language, from its stable code and the check's parameters; the
 * service's English message is never shown. A code without a text says the generic field.invalid.
 */
export function fieldErrorText(t: TFunction, e: ProblemFieldError, fieldLabel: (field: string) => string): string {
  const code = e.code && (FIELD_ERROR_CODES as readonly string[]).includes(e.code) ? e.code : 'field.invalid';
  const params = {
    max: e.max,
    min: e.min,
    allowed: (e.allowed ?? []).join(', '),
    expected: e.expected ? t(`fieldErrors.types.${e.expected}`, { defaultValue: e.expected }) : '',
    other: e.other ? fieldLabel(e.other) : '',
  };
  const leaf = e.field.split('.').pop() ?? e.field;
  if (code === 'field.invalid' && (INVALID_FIELD_TEXTS as readonly string[]).includes(leaf)) return t(`fieldErrors.invalidField.${leaf}`);
  return t(`fieldErrors.${code}`, params);
}

/** The errors of an answer by field path, each field's texts joined. */
export function fieldErrorsByPath(t: TFunction, error: unknown, fieldLabel: (field: string) => string): Record<string, string> {
  const byField: Record<string, string[]> = {};
  for (const e of problemFieldErrors(error)) (byField[e.field] ??= []).push(fieldErrorText(t, e, fieldLabel));
  return Object.fromEntries(Object.entries(byField).map(([f, texts]) => [f, texts.join(' ')]));
}
