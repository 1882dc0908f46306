import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import type { FieldError } from '@lumbung/contracts';
import { memoizeValidationMetadata } from './validation-metadata-cache.js';

/** Flattens class-validator's tree into one entry per field path (evidence.0.url). */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...fieldErrors(e.children ?? [], field)];
  });
}

export class FieldValidationException extends BadRequestException {
  constructor(errors: FieldError[]) {
    super({ statusCode: 400, error: 'Bad Request', message: 'Validation failed', errors });
  }
}

/** A 400 for one field found bad by a service (an unknown type code, an agency of another region). */
export function invalidField(field: string, message: string): FieldValidationException {
  return new FieldValidationException([{ field, messages: [message] }]);
}

/**
 * Where `value` holds a string with a NUL character, as field paths (evidence.0.url). Walks parsed
 * input only: plain objects and arrays, each once. An event handler's argument can be a class
 * instance wired to connections and queues, and walking that graph never ended (found when the
 * replication tests hung). Every request body passes through here, so a clean one (nearly all)
 * allocates nothing but its key lists: a path is only spelled out where the walk goes or finds a NUL.
 */
export function nulCharacterPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path || 'value'] : [];
  const found: string[] = [];
  collectNulPaths(value, path, new Set(), found);
  return found;
}

const pathOf = (parent: string, key: string) => (parent ? `${parent}.${key}` : key);

function collectNulPaths(value: unknown, path: string, seen: Set<object>, found: string[]): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  // Class instances are skipped; parsed input is {} or a prototype-less dictionary (Fastify's query).
  const ctor = (Object.getPrototypeOf(value) as { constructor?: unknown } | null)?.constructor;
  if (!Array.isArray(value) && ctor !== undefined && ctor !== Object) return;
  seen.add(value);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const child = record[key];
    if (key.includes('\u0000')) found.push(pathOf(path, key));
    if (typeof child === 'string') {
      if (child.includes('\u0000')) found.push(pathOf(path, key));
    } else if (typeof child === 'object' && child !== null) {
      collectNulPaths(child, pathOf(path, key), seen, found);
    }
  }
}

const NUL_MESSAGE = 'must not contain a NUL character (\\u0000)';

/**
 * PostgreSQL text cannot hold U+0000: a NUL anywhere in a body, a query or a path parameter made
 * the statement fail and the caller got a 500 (found by test/abuse). Refused here, once, for every
 * route and every field, as the caller's mistake it is.
 */
class LumbungValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const paths = nulCharacterPaths(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
      if (paths.length) throw new FieldValidationException(paths.map((field) => ({ field, messages: [NUL_MESSAGE] })));
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
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new FieldValidationException(fieldErrors(errors)),
  });
}
