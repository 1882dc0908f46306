import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsRegionCode } from '../../validation/index.js';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export class CreateAgencyDto {
  @ApiProperty({ example: '33.19' }) @IsRegionCode() regionCode: string;
  @ApiProperty({ example: 'Dinas Kesehatan' }) @IsString() @trim() @IsNotEmpty() @MaxLength(200) name: string;
}

export class RenameAgencyDto {
  @ApiProperty({ example: 'Dinas Kesehatan dan Keluarga Berencana' }) @IsString() @trim() @IsNotEmpty() @MaxLength(200) name: string;
}

export class ListAgenciesQuery {
  @ApiProperty({ example: '33.19' }) @IsRegionCode() region: string;
  @ApiPropertyOptional() @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() includeRetired?: boolean;
}

export class InnovationTypeDto {
  @ApiProperty({ example: 'teknologi' })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: '$property must be lowercase words joined by dashes' })
  @MaxLength(60)
  code: string;
  @ApiProperty({ example: 'Teknologi' }) @IsString() @trim() @IsNotEmpty() @MaxLength(100) name: string;
}

export class RenameInnovationTypeDto {
  @ApiProperty({ example: 'Teknologi Informasi' }) @IsString() @trim() @IsNotEmpty() @MaxLength(100) name: string;
}
