/**
 * Every `code` an error answer of the services can carry, at the top of a problem document or on
 * one of its `errors[]`. The console keeps an Indonesian and an English text per code, and
 * test/docs/error-codes.int-spec.ts fails when a service can produce a code missing here.
 *
 * PUBLIC CONTRACT: clients translate and branch on these strings. Never rename or remove one; add
 * a new code and keep answering the old one until every client has moved.
 */
export interface ErrorCodeEntry {
  /** The HTTP status the code comes with; a few come with more than one (listed). */
  status: number | readonly number[];
  /** One line of English saying what went wrong, for people reading the catalogue. */
  meaning: string;
}

export const ERROR_CODES = {
  // Request-wide codes (the problem document's own `code`).
  'validation.failed': { status: 400, meaning: 'One or more fields are bad; each is listed in errors[] with its own code' },
  'request.invalid': { status: 400, meaning: 'The request is malformed in a way no single field explains' },
  'auth.unauthenticated': { status: 401, meaning: 'No bearer token, or one that is expired, badly signed or unknown' },
  'auth.forbidden': { status: 403, meaning: 'The caller is signed in but its role or scope does not allow this' },
  'not-found': { status: 404, meaning: 'No such resource, or not one the caller may see' },
  conflict: { status: 409, meaning: 'The change is not allowed in the current state of the resource, or collided with another change' },
  'version.stale': { status: 409, meaning: 'If-Match named a version that is no longer current: reload, look at what changed, re-apply' },
  'version.mismatch': { status: 412, meaning: 'A precondition of the request did not hold' },
  'version.required': { status: 428, meaning: 'This change needs If-Match with the version (ETag) that was read' },
  'request.too-large': { status: 413, meaning: 'The body is larger than the service accepts (1 MiB)' },
  'request.unsupported-media-type': { status: 415, meaning: 'The body is not JSON (send content-type: application/json)' },
  'rate-limited': { status: 429, meaning: 'Too many writes from this token or address; retry after the Retry-After header' },
  internal: { status: 500, meaning: 'An unexpected error of the service; the correlation id finds it in the logs' },
  'service.unavailable': { status: 503, meaning: 'The database is unreachable; retry after the Retry-After header' },
  'public.busy': { status: 503, meaning: 'The public catalogue has its own small share of the database and it is in use; retry after the Retry-After header' },
  'search.busy': { status: 503, meaning: 'Too many searches are running in this service; retry after the Retry-After header' },
  'read.timeout': { status: 503, meaning: 'A read took longer than the service allows under its current load; retry after the Retry-After header' },

  // Domain rules.
  'document.no-file': { status: 400, meaning: 'An upload must be multipart/form-data with one file part named file' },
  'document.empty': { status: 400, meaning: 'The uploaded file has no bytes' },
  'document.too-large': { status: 413, meaning: 'The uploaded file is larger than the limit (max, in bytes); nothing was stored' },
  'document.type-not-allowed': { status: 415, meaning: 'The file is not a PDF, JPEG, PNG, DOCX or XLSX by its content (allowed lists the types); its name and declared type do not count' },
  'document.bad-name': { status: 400, meaning: 'The file name is empty, too long, or holds a path separator or a control character' },
  'innovation.agency-not-in-region': { status: 400, meaning: 'The agency is not an active agency of the region the innovation is registered in' },
  'replication.own-region': { status: 400, meaning: 'An innovation cannot be replicated into the region it comes from' },
  'import.running': { status: 409, meaning: 'The same file is already being imported as this kind; wait for that import to finish' },
  'entry.document-missing': { status: 400, meaning: "The edition's evidence checklist requires a document for the indicator named in the field (documents.<indicator>); attach it before submitting" },
  'panel.not-a-juror': { status: 400, meaning: 'A panel lists someone who is not an assigned juror of the edition' },
  'panel.not-an-entry': { status: 400, meaning: 'A panel lists an entry that is not a submitted (or later) entry of the edition' },
  'panel.no-free-juror': { status: 400, meaning: 'No juror of the panel may score the entry: the panel has no jurors, or each has a conflict of interest with it' },
  'nomination.quota-reached': { status: 409, meaning: "The source region has used its forwarding quota for the target edition" },

  // Accounts and sessions (registry).
  'auth.invalid-credentials': { status: 401, meaning: 'The e-mail or the password is wrong' },
  'auth.wrong-password': { status: 403, meaning: 'The current password given to change it is wrong' },
  'auth.account-inactive': { status: [401, 403], meaning: 'The account was deactivated by an admin' },
  'auth.one-time-password-expired': { status: 401, meaning: 'The one-time password has expired; an admin issues a new one' },
  'auth.password-change-required': { status: 403, meaning: 'A one-time password must be replaced by a new password first' },
  'auth.no-session': { status: 401, meaning: 'No session, or one the service does not know: sign in' },
  'auth.session-expired': { status: 401, meaning: 'The session expired: sign in again' },
  'auth.session-revoked': { status: 401, meaning: 'The session was ended (sign-out or deactivation): sign in again' },
  'auth.refresh-token-reused': { status: 401, meaning: 'A refresh token was used twice, so the session was ended: sign in again' },
  'auth.sso-no-account': { status: 403, meaning: 'The identity provider signed this person in, but no active Lumbung account is linked to them or has their verified e-mail' },
  'auth.sso-state-invalid': { status: 400, meaning: 'The single sign-on answer does not belong to a sign-in this browser started, or was used already: start again' },
  'auth.sso-failed': { status: 401, meaning: 'The identity provider refused the sign-in or its answer could not be verified' },
  'auth.sso-too-many': { status: 429, meaning: 'Too many single sign-ons started from this address; retry after the Retry-After header' },
  'auth.sso-off': { status: 404, meaning: 'This deployment has no single sign-on' },
  'auth.sso-unavailable': { status: 503, meaning: 'The identity provider cannot be reached; retry later' },
  'auth.locked': { status: 429, meaning: 'Too many failed sign-ins; retry after retryAfterSeconds' },
  'account.email-taken': { status: 409, meaning: 'An account with this e-mail already exists' },
  'account.self': { status: 409, meaning: 'This change cannot be made to one’s own account' },
  'account.agency-retired': { status: 409, meaning: 'The account’s agency was retired, so the account cannot be reactivated' },
  'password.too-short': { status: 400, meaning: 'The new password is shorter than the minimum' },
  'password.too-long': { status: 400, meaning: 'The new password is longer than the maximum' },
  'password.too-common': { status: 400, meaning: 'The new password is too common or too close to the e-mail' },
  'password.unchanged': { status: 400, meaning: 'The new password is the current one' },

  // Field codes (errors[].code of a 400), one per kind of check; params beside the code.
  'field.required': { status: 400, meaning: 'The field is missing or empty' },
  'field.too-deep': { status: 400, meaning: 'The body (or a value) nests lists and objects deeper than the service accepts' },
  'field.invalid-cursor': { status: 400, meaning: 'The cursor is not a nextCursor of this list; start again without it' },
  'field.unknown': { status: 400, meaning: 'The field is not part of this request' },
  'field.wrong-type': { status: 400, meaning: 'The value is not of the expected type (param expected: string, integer, number, boolean, array, object, date)' },
  'field.max-length': { status: 400, meaning: 'The text is longer than max characters' },
  'field.too-many-words': { status: 400, meaning: 'The text has more words than allowed (max)' },
  'field.min-length': { status: 400, meaning: 'The text is shorter than min characters' },
  'field.too-small': { status: 400, meaning: 'The number is below min' },
  'field.too-large': { status: 400, meaning: 'The number is above max' },
  'field.too-few-items': { status: 400, meaning: 'The list has fewer than min items' },
  'field.too-many-items': { status: 400, meaning: 'The list has more than max items' },
  'field.not-allowed-value': { status: 400, meaning: 'The value is not one of allowed' },
  'field.not-uuid': { status: 400, meaning: 'The value is not a UUID' },
  'field.not-email': { status: 400, meaning: 'The value is not an e-mail address' },
  'field.not-url': { status: 400, meaning: 'The value is not an http(s) URL' },
  'field.bad-format': { status: 400, meaning: 'The text does not have the expected format (a region code, a phone number, lowercase-words)' },
  'field.not-date': { status: 400, meaning: 'The value is not a calendar date written as YYYY-MM-DD' },
  'field.before-other-date': { status: 400, meaning: 'The date is before the date of the field named in other' },
  'field.weights-not-100': { status: 400, meaning: 'The criteria weights do not sum to 100' },
  'field.duplicate': { status: 400, meaning: 'Two items of the list share a value that must be unique (the message names it)' },
  'field.unstorable-text': { status: 400, meaning: 'The text holds a NUL character or an unpaired surrogate' },
  'field.unparsable': { status: 400, meaning: 'The body is not valid JSON' },
  'field.invalid': { status: 400, meaning: 'A check of the service refused the value; the message says why' },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Where a code's problem type lives: `type` of a problem document is this plus the code. */
export const PROBLEM_TYPE_BASE = 'https://lumbung.id/problems/';

export const problemTypeOf = (code: string): string => `${PROBLEM_TYPE_BASE}${code}`;

export const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);

/** The code an error answer carries when nothing more specific is known about it. */
export function defaultErrorCode(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'request.invalid';
    case 401:
      return 'auth.unauthenticated';
    case 403:
      return 'auth.forbidden';
    case 404:
      return 'not-found';
    case 409:
      return 'conflict';
    case 412:
      return 'version.mismatch';
    case 413:
      return 'request.too-large';
    case 415:
      return 'request.unsupported-media-type';
    case 428:
      return 'version.required';
    case 429:
      return 'rate-limited';
    case 503:
      return 'service.unavailable';
    default:
      return status >= 500 ? 'internal' : 'request.invalid';
  }
}
