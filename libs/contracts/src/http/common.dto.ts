import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldError {
  @ApiProperty({ example: 'implementedOn', description: 'Path of the offending field; nested as evidence.0.url' })
  field: string;
  @ApiProperty({ type: [String], example: ['implementedOn must not be before trialStartedOn'] })
  messages: string[];
}

/** Body of every error response. `errors` lists each bad field on a 400. */
export class ErrorResponse {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'Bad Request' }) error: string;
  @ApiProperty({ example: 'Validation failed' }) message: string;
  @ApiPropertyOptional({ example: 'invalid-cursor', description: 'A stable word for a refusal that is not one field rule (body-too-deep, invalid-cursor, too-many-searches)' })
  code?: string;
  @ApiPropertyOptional({ type: [FieldError] }) errors?: FieldError[];
}

/** A page of a keyset-paginated list: pass `nextCursor` back as `cursor` for the next page. */
export class PageInfo {
  @ApiPropertyOptional({ nullable: true, description: 'Opaque cursor of the next page; null on the last page' })
  nextCursor: string | null;
}
