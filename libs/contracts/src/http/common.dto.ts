import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * One bad field of a 400. `code` names the check that failed (a key of ERROR_CODES, `field.*` or a
 * domain code); the check's parameters sit beside it (`max` of field.max-length, `allowed` of
 * field.not-allowed-value...), so a client can say what is wrong in its own language.
 */
export class FieldError {
  @ApiProperty({ example: 'implementedOn', description: 'Path of the offending field; nested as evidence.0.url' })
  field: string;
  @ApiProperty({ type: [String], example: ['implementedOn must not be before trialStartedOn'] })
  messages: string[];
  // Optional for the code that builds a FieldError: the problem filter answers field.invalid for a field error without one.
  @ApiProperty({ example: 'field.max-length', description: 'Stable code of the failed check, from the error code catalogue' })
  code?: string;
  @ApiPropertyOptional({ example: 200, description: 'field.max-length, field.too-large, field.too-many-items: the largest allowed' })
  max?: number;
  @ApiPropertyOptional({ example: 1, description: 'field.min-length, field.too-small, field.too-few-items: the smallest allowed' })
  min?: number;
  @ApiPropertyOptional({ type: [String], example: ['inisiatif', 'uji-coba', 'penerapan'], description: 'field.not-allowed-value: the values accepted' })
  allowed?: unknown[];
  @ApiPropertyOptional({ example: 'string', description: 'field.wrong-type: string, integer, number, boolean, array, object or date' })
  expected?: string;
  @ApiPropertyOptional({ example: 'trialStartedOn', description: 'field.before-other-date: the field this date must not precede' })
  other?: string;
}

/**
 * Body of every error answer: an RFC 9457 problem details document (`application/problem+json`).
 * `code` is the stable, machine-readable name of the error (the catalogue ERROR_CODES); `statusCode`,
 * `error` and `message` are kept as extension members for the clients written before it.
 */
export class ErrorResponse {
  @ApiProperty({ example: 'https://lumbung.id/problems/validation.failed', description: 'URI of the problem type: the catalogue base followed by the code' })
  type: string;
  @ApiProperty({ example: 'Bad Request', description: 'Short summary of the problem type (the HTTP reason phrase)' })
  title: string;
  @ApiProperty({ example: 400, description: 'The HTTP status of this answer' })
  status: number;
  @ApiProperty({ example: 'Validation failed', description: 'What went wrong this time, in English; not for parsing' })
  detail: string;
  @ApiProperty({ example: '/innovations', description: 'The request path this answer is about' })
  instance: string;
  @ApiProperty({ example: 'validation.failed', description: 'Stable machine-readable code of the error; each has an entry in the catalogue' })
  code: string;
  @ApiProperty({ example: 400, description: 'Same as status (kept for older clients)' }) statusCode: number;
  @ApiProperty({ example: 'Bad Request', description: 'Same as title (kept for older clients)' }) error: string;
  @ApiProperty({ example: 'Validation failed', description: 'Same as detail (kept for older clients)' }) message: string;
  @ApiPropertyOptional({ type: [FieldError], description: 'On a 400: every bad field, each with its own code' }) errors?: FieldError[];
}

/** A page of a keyset-paginated list: pass `nextCursor` back as `cursor` for the next page. */
export class PageInfo {
  @ApiPropertyOptional({ nullable: true, description: 'Opaque cursor of the next page; null on the last page' })
  nextCursor: string | null;
}

/** One field of a change: its value before and after (JSON of the field as in the record; null when unset). */
export class FieldChange {
  @ApiProperty({ example: 'name' }) field: string;
  @ApiProperty({ description: 'The value before the change; null when it was unset', oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'object' }, { type: 'array', items: {} }] })
  before: unknown;
  @ApiProperty({ description: 'The value after the change; null when it is unset', oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'object' }, { type: 'array', items: {} }] })
  after: unknown;
}

/**
 * One audited change of a record other than an innovation (an agency, an innovation type, an edition,
 * an admission, a decision, a forwarding): who, when, why, and each field before and after.
 */
export class ChangeHistoryEntry {
  @ApiProperty({ example: 'renamed' }) action: string;
  @ApiProperty({ description: 'Subject of the token that made the change (an account id), or the service for scheduled work' }) actor: string;
  @ApiProperty({ example: 'region-admin' }) actorRole: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: [FieldChange], description: 'Each changed field with its value before and after; a creation lists its fields with null before' })
  changes: FieldChange[];
  @ApiPropertyOptional({ description: 'The reason given with the change, where the action takes one', nullable: true }) reason: string | null;
  @ApiProperty({ description: 'Correlation id of the request or event that made the change' }) correlationId: string;
}
