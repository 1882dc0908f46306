import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsRegionCode } from '../../validation/index.js';

/**
 * Trims and collapses runs of whitespace, so "Dinas  Kesehatan " and "Dinas Kesehatan" are one name
 * to the uniqueness rule and to readers.
 */
const normalizedName = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value));
const toBool = () => Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

export const AGENCY_NAME_MAX = 200;
export const INNOVATION_TYPE_NAME_MAX = 100;

export class CreateAgencyDto {
  @ApiProperty({ example: '33.19', description: 'A regency/city code, or a province code for a provincial OPD' })
  @IsRegionCode()
  regionCode: string;

  @ApiProperty({ example: 'Dinas Kesehatan', maxLength: AGENCY_NAME_MAX })
  @IsString() @normalizedName() @IsNotEmpty() @MaxLength(AGENCY_NAME_MAX)
  name: string;
}

export class RenameAgencyDto {
  @ApiProperty({ example: 'Dinas Kesehatan dan Keluarga Berencana', maxLength: AGENCY_NAME_MAX })
  @IsString() @normalizedName() @IsNotEmpty() @MaxLength(AGENCY_NAME_MAX)
  name: string;
}

export class ListAgenciesQuery {
  @ApiProperty({ example: '33.19', description: "The region's own agencies; a province code lists the provincial OPDs" })
  @IsRegionCode()
  region: string;

  @ApiPropertyOptional({ default: false }) @IsOptional() @toBool() @IsBoolean() includeRetired?: boolean;
}

/** An agency as the API returns it. `version` goes back in `If-Match` to rename or retire safely. */
export class AgencyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '33.19' }) regionCode: string;
  @ApiProperty({ example: 'Dinas Kesehatan' }) name: string;
  @ApiProperty({ example: 1, description: 'Incremented by every change' }) version: number;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) retiredAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class InnovationTypeDto {
  @ApiProperty({ example: 'teknologi' })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: '$property must be lowercase words joined by dashes' })
  @MaxLength(60)
  code: string;

  @ApiProperty({ example: 'Teknologi', maxLength: INNOVATION_TYPE_NAME_MAX })
  @IsString() @normalizedName() @IsNotEmpty() @MaxLength(INNOVATION_TYPE_NAME_MAX)
  name: string;
}

export class RenameInnovationTypeDto {
  @ApiProperty({ example: 'Teknologi Informasi', maxLength: INNOVATION_TYPE_NAME_MAX })
  @IsString() @normalizedName() @IsNotEmpty() @MaxLength(INNOVATION_TYPE_NAME_MAX)
  name: string;
}

export class ListInnovationTypesQuery {
  @ApiPropertyOptional({ default: false, description: 'Also list retired types (innovations may still carry their codes)' })
  @IsOptional() @toBool() @IsBoolean()
  includeRetired?: boolean;
}

export class InnovationTypeView {
  @ApiProperty({ example: 'teknologi' }) code: string;
  @ApiProperty({ example: 'Teknologi' }) name: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, description: 'Set once retired: new innovations can no longer use the code' })
  retiredAt: string | null;
}
