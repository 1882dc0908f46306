import type { TFunction } from 'i18next';
import { ApiError } from '../api/api-error.js';

/** An accounts API refusal in one sentence: the code's own text where the console has one. */
export function explainAccountError(error: unknown, t: TFunction, exists: (key: string) => boolean): string {
  if (error instanceof ApiError && error.code) {
    const key = `accounts.errors.${error.code}`;
    if (exists(key)) return t(key);
    if (error.status === 400) return t('accounts.errors.invalid');
  }
  return t('accounts.errors.unavailable');
}
