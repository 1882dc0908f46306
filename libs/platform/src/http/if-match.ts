import { invalidField } from './validation.js';

const VERSION_TAG = /^(?:W\/)?"?([1-9]\d{0,9})"?$/;

/**
 * The version a client expects to change, from `If-Match: "3"`. Absent or `*` means "whatever is
 * current": the header is optional, so clients that do not track versions can still write.
 * Weak tags and bare numbers are accepted because browsers and curl users send both.
 */
export function expectedVersionFrom(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value === undefined || value.trim() === '' || value.trim() === '*') return undefined;
  const match = VERSION_TAG.exec(value.trim());
  if (!match) throw invalidField('If-Match', 'If-Match must be the version to change, as "3"');
  return Number(match[1]);
}

/** The ETag of a record at `version`, as the If-Match header sends it back. */
export const etagOf = (version: number): string => `"${version}"`;
