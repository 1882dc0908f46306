import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** What the registry imports; the nomination service imports NOMINATION_IMPORT_KINDS. */
export const IMPORT_KINDS = ['agencies', 'innovations'] as const;
export const NOMINATION_IMPORT_KINDS = ['national-results'] as const;
export const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

const toBool = () => Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

/** POST /imports?kind=…&fileName=…: the body is the file itself (text/csv or the XLSX media type). */
export class StartImportQuery {
  @ApiProperty({ enum: IMPORT_KINDS }) @IsIn(IMPORT_KINDS) kind: (typeof IMPORT_KINDS)[number];

  @ApiProperty({ example: 'opd-demak.xlsx', description: 'The name of the uploaded file (.csv or .xlsx), kept with the job and its report' })
  @IsString() @IsNotEmpty() @MaxLength(200) @Matches(/\.(csv|xlsx)$/i, { message: 'fileName must end in .csv or .xlsx' })
  fileName: string;

  @ApiPropertyOptional({ default: false, description: 'Check every row, store nothing' }) @IsOptional() @toBool() @IsBoolean() dryRun?: boolean;
}

/** POST /imports on the nomination service: the national results (Top 99, Top 45, Terpuji) as published. */
export class StartNominationImportQuery {
  @ApiProperty({ enum: NOMINATION_IMPORT_KINDS }) @IsIn(NOMINATION_IMPORT_KINDS) kind: (typeof NOMINATION_IMPORT_KINDS)[number];

  @ApiProperty({ example: 'hasil-kipp-2023.xlsx', description: 'The name of the uploaded file (.csv or .xlsx), kept with the job and its report' })
  @IsString() @IsNotEmpty() @MaxLength(200) @Matches(/\.(csv|xlsx)$/i, { message: 'fileName must end in .csv or .xlsx' })
  fileName: string;

  @ApiPropertyOptional({ default: false, description: 'Check every row, store nothing' }) @IsOptional() @toBool() @IsBoolean() dryRun?: boolean;
}

export class TemplateQuery {
  @ApiPropertyOptional({ enum: ['id', 'en'], default: 'id' }) @IsOptional() @IsIn(['id', 'en']) lang?: 'id' | 'en';
  @ApiPropertyOptional({ enum: ['xlsx', 'csv'], default: 'xlsx' }) @IsOptional() @IsIn(['xlsx', 'csv']) format?: 'xlsx' | 'csv';
}

export class ImportJobView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: [...IMPORT_KINDS, ...NOMINATION_IMPORT_KINDS], description: "The kind, of the service that runs it" }) kind: (typeof IMPORT_KINDS)[number] | (typeof NOMINATION_IMPORT_KINDS)[number];
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: ['csv', 'xlsx'] }) format: 'csv' | 'xlsx';
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ enum: IMPORT_STATUSES }) status: (typeof IMPORT_STATUSES)[number];
  @ApiProperty({ description: 'Rows read so far (blank rows are not counted)' }) rows: number;
  @ApiProperty({ description: 'Rows stored (or that would be, in a dry run)' }) created: number;
  @ApiProperty({ description: 'Rows whose natural key was already stored' }) present: number;
  @ApiProperty({ description: 'Rows refused, each listed in the report' }) failed: number;
  @ApiProperty({ description: 'Bytes of the file read so far: with totalBytes, the progress' }) bytesRead: number;
  @ApiProperty() totalBytes: number;
  @ApiProperty({ description: 'Attempts so far; more than one means a worker stopped and the next resumed it' }) attempts: number;
  @ApiProperty({ description: 'GET /imports/:id/report has the refused rows' }) hasReport: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
}
