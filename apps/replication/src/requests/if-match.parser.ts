import { invalidField } from '@lumbung/platform';

const VERSION_TAG = /^(?:W\/)?"?([1-9]\d{0,9})"?$/;

/**
 * The version a client expects to change, from `If-Match: "3"`. Absent or `*` means "whatever is
 * current", so clients that do not track versions can still act. The same reading as the
 * registry's (a service never imports another app's code; a shared copy belongs in libs/platform).
 */
export function expectedVersionFrom(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value === undefined || value.trim() === '' || value.trim() === '*') return undefined;
  const match = VERSION_TAG.exec(value.trim());
  if (!match) throw invalidField('If-Match', 'If-Match must be the version to change, as "3"');
  return Number(match[1]);
}

export const etagOf = (version: number): string => `"${version}"`;
