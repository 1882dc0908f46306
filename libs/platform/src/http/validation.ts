import { BadRequestException, createParamDecorator, ValidationPipe, type ArgumentMetadata, type ExecutionContext, type Type, type ValidationError } from '@nestjs/common';
import type { ErrorCode, FieldError } from '@lumbung/contracts';
import { codedFieldErrors } from './field-error-codes.js';
import { memoizeValidationMetadata } from './validation-metadata-cache.js';

/** Flattens class-validator's tree into one entry per field path (evidence.0.url), each with the code of its failed check. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return codedFieldErrors(errors, parent);
}

/**
 * A 400 naming each bad field. `code`, when given, is a stable word a client can act on (translate,
 * branch on) without parsing the message, for refusals that are not one DTO rule.
 */
export class FieldValidationException extends BadRequestException {
  constructor(errors: FieldError[]) {
    const code: ErrorCode = 'validation.failed';
    super({ statusCode: 400, error: 'Bad Request', message: 'Validation failed', code, errors });
  }
}

/**
 * A 400 for one field found bad by a service (an unknown type code, an agency of another region).
 * `code` names the rule for clients (innovation.agency-not-in-region); field.invalid by default.
 */
export function invalidField(field: string, message: string, code: ErrorCode = 'field.invalid'): FieldValidationException {
  return new FieldValidationException([{ field, messages: [message], code }]);
}

/**
 * How deep a request's JSON may nest. The deepest honest body (an edition's schedule, an
 * innovation's evidence) is three levels; 10,000 levels made class-transformer and class-validator
 * recurse until the stack ran out, a 500 (found by test/abuse). Generous, so no honest client meets it.
 */
export const MAX_INPUT_DEPTH = 32;

/** Input nested deeper than MAX_INPUT_DEPTH: its walk stops there, and the pipe refuses the whole value. */
const TOO_DEEP = Symbol('too deep');

/**
 * Text PostgreSQL cannot store faithfully. U+0000: text cannot hold it, and the statement failed.
 * An unpaired UTF-16 surrogate: text would get U+FFFD in its place, and jsonb (an event's envelope)
 * refuses the \ud800 escape JSON.stringify writes for it, so the write failed (fast-check found
 * "\ud800" as an agency's new name). A paired surrogate (an emoji) is one code point and is fine.
 */
const UNSTORABLE = /\u0000|\p{Cs}/u;

/**
 * Where `value` holds a key or string with unstorable text, as field paths (evidence.0.url). Walks
 * parsed input only: plain objects and arrays, each once. An event handler's argument can be a
 * class instance wired to connections and queues, and walking that graph never ended (found when
 * the replication tests hung). Every request body passes through here, so a clean one (nearly all)
 * allocates nothing but its key lists: a path is only spelled out where the walk goes or finds one.
 */
export function unstorableTextPaths(value: unknown, path = ''): string[] {
  return walkInput(value, path).found;
}

/** One walk of parsed input: the paths of unstorable text, and whether it nests deeper than MAX_INPUT_DEPTH. */
function walkInput(value: unknown, path: string): { found: string[]; tooDeep: boolean } {
  if (typeof value === 'string') return { found: UNSTORABLE.test(value) ? [path || 'value'] : [], tooDeep: false };
  const found: string[] = [];
  const tooDeep = collectUnstorablePaths(value, path, new Set(), found, 0) === TOO_DEEP;
  return { found, tooDeep };
}

const pathOf = (parent: string, key: string) => (parent ? `${parent}.${key}` : key);

/** Stops at MAX_INPUT_DEPTH levels, answering TOO_DEEP: the depth check rides on this walk and costs none of its own. */
function collectUnstorablePaths(value: unknown, path: string, seen: Set<object>, found: string[], depth: number): typeof TOO_DEEP | void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  // Class instances are skipped; parsed input is {} or a prototype-less dictionary (Fastify's query).
  const ctor = (Object.getPrototypeOf(value) as { constructor?: unknown } | null)?.constructor;
  if (!Array.isArray(value) && ctor !== undefined && ctor !== Object) return;
  if (depth >= MAX_INPUT_DEPTH) return TOO_DEEP;
  seen.add(value);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const child = record[key];
    if (UNSTORABLE.test(key)) found.push(pathOf(path, key));
    if (typeof child === 'string') {
      if (UNSTORABLE.test(child)) found.push(pathOf(path, key));
    } else if (typeof child === 'object' && child !== null) {
      if (collectUnstorablePaths(child, pathOf(path, key), seen, found, depth + 1) === TOO_DEEP) return TOO_DEEP;
    }
  }
}

const UNSTORABLE_MESSAGE = 'must not contain a NUL character (\\u0000) or an unpaired surrogate (\\ud800-\\udfff)';

/**
 * Unstorable text anywhere in a body, a query or a path parameter made the statement fail and the
 * caller got a 500 (found by test/abuse). Refused here, once, for every route and every field, as
 * the caller's mistake it is.
 */
class LumbungValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const { found, tooDeep } = walkInput(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
      if (tooDeep) throw invalidField(metadata.type === 'body' ? 'body' : (metadata.data ?? metadata.type), `must not nest deeper than ${MAX_INPUT_DEPTH} levels`, 'field.too-deep');
      if (found.length) throw new FieldValidationException(found.map((field) => ({ field, messages: [UNSTORABLE_MESSAGE], code: 'field.unstorable-text' as const })));
    }
    return super.transform(value, metadata);
  }
}

/** The pipe every service's HTTP app validates with; event contracts are validated by the same, memoized, rules. */
export function createValidationPipe(): ValidationPipe {
  memoizeValidationMetadata();
  return new LumbungValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // No implicit conversion: a string where a boolean belongs is an error, not a guess.
    transformOptions: { enableImplicitConversion: false },
    // The target stays on each error, for the limits of a failed check (max of maxLength); fieldErrors
    // copies only paths, messages, codes and limits into the answer, never the target.
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => new FieldValidationException(fieldErrors(errors)),
  });
}

/**
 * The request body as it came, left alone by the global pipe (it skips custom decorators), for a
 * route that reports its DTO's errors together with its own checks: see checkBody. Declare the
 * body's type with @ApiBody for the OpenAPI document.
 */
export const UncheckedBody = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown => ctx.switchToHttp().getRequest<{ body?: unknown }>().body);

let bodyPipe: ValidationPipe | undefined;

/** A body checked by the same rules as every other (createValidationPipe): the DTO, or every field error it has. */
export type CheckedBody<T> = { dto: T; errors: [] } | { dto: null; errors: FieldError[] };

/**
 * Validates a body taken with UncheckedBody without throwing its field errors, so the route can add
 * the errors of its own checks that do not depend on a refused field and answer them all in one 400.
 */
export async function checkBody<T extends object>(value: unknown, metatype: Type<T>): Promise<CheckedBody<T>> {
  bodyPipe ??= createValidationPipe();
  try {
    return { dto: (await bodyPipe.transform(value, { type: 'body', metatype })) as T, errors: [] };
  } catch (error) {
    if (!(error instanceof FieldValidationException)) throw error;
    return { dto: null, errors: (error.getResponse() as { errors: FieldError[] }).errors };
  }
}
