import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsRegionCode } from '../validation/index.js';
import { ComplianceQuery } from './registry/compliance.dto.js';
import { TrackingQuery } from './nomination/tracking.dto.js';

/** XLSX for people (Indonesian headers, real numbers and dates), CSV for machines and old spreadsheets. */
export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const FormatField = () => (target: object, property: string) => {
  ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'xlsx' })(target, property);
  IsOptional()(target, property);
  IsIn(EXPORT_FORMATS)(target, property);
};

export class ComplianceExportQuery extends ComplianceQuery {
  @FormatField() format?: ExportFormat;
}

export class CatalogueExportQuery {
  @ApiProperty({ example: '33.21', description: 'A regency/city, or a province for all its regencies' }) @IsRegionCode() region: string;
  @ApiPropertyOptional({ example: 2025, description: 'Only the innovations of this year' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100)
  year?: number;
  @FormatField() format?: ExportFormat;
}

export class TrackingExportQuery extends TrackingQuery {
  @FormatField() format?: ExportFormat;
}

export class ResultsExportQuery {
  @ApiProperty({ format: 'uuid', description: 'The edition' }) @IsUUID() edition: string;
  @FormatField() format?: ExportFormat;
}
