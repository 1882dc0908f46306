import type { TFunction } from 'i18next';
import { ApiError } from '../api/api-error.js';
import { errorTextKey } from '../api/error-text.js';

/**
 * An accounts API refusal in one sentence: the accounts page's own wording where it has one
 * (accounts.errors.<code>), else the code's text from the shared catalogue of error texts.
 */
export function explainAccountError(error: unknown, t: TFunction, exists: (key: string) => boolean): string {
  if (error instanceof ApiError && error.code) {
    for (const key of [`accounts.errors.${error.code}`, errorTextKey(error.code)]) if (exists(key)) return t(key);
    if (error.status === 400) return t('accounts.errors.invalid');
  }
  return t('accounts.errors.unavailable');
}
