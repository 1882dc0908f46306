import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { ErrorResponse } from '@lumbung/contracts';
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

// A custom parameter, not @Headers('if-match'): Nest's OpenAPI explorer documents @Headers on its
// own, so a route that also described the header declared it twice (if-match and If-Match).
const ifMatchHeader = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const value = ctx.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers['if-match'];
  return Array.isArray(value) ? value.join(',') : value;
});

/**
 * The If-Match header of a write, read and documented in one place: the OpenAPI document gets one
 * `if-match` parameter (lowercase, as HTTP/2 writes it; redocly.yaml requires that so a second
 * spelling would collide), with the 400 of a malformed one and, where it is required, the 428.
 */
export function IfMatch(doc: { required: boolean; description: string }): ParameterDecorator {
  return (target, key, index) => {
    ifMatchHeader()(target, key, index);
    const descriptor = Object.getOwnPropertyDescriptor(target, key as string | symbol) as PropertyDescriptor;
    ApiHeader({ name: 'if-match', required: doc.required, description: doc.description })(target, key as string | symbol, descriptor);
    // The route's own 400 (its fields) is declared after and wins; this one stands where it has none.
    ApiResponse({ status: 400, type: ErrorResponse, description: 'If-Match is not a version such as "3"' })(target, key as string | symbol, descriptor);
    if (doc.required) ApiResponse({ status: 428, type: ErrorResponse, description: 'If-Match is missing (version.required)' })(target, key as string | symbol, descriptor);
  };
}
