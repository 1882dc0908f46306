import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { COMPETITION_PHASES, CRITERIA_PRESETS, ENTRY_CATEGORIES, type CriteriaPreset } from '../../events/competition.events.js';
import { CriterionDto, EditionCategoryDto, EligibilityDto, PhaseWindowDto, RequiredDocuments, UniqueBy, WeightsSumTo100 } from './edition.dto.js';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value));

export class ChangeScheduleDto {
  @ApiProperty({ type: [PhaseWindowDto], description: 'The phases to extend or move, each with its new dates; phases not listed keep theirs' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(COMPETITION_PHASES.length) @UniqueBy('phase') @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => PhaseWindowDto)
  schedule: PhaseWindowDto[];

  @ApiProperty({ example: 'Perpanjangan atas permintaan OPD', description: 'Why the dates change; carried by competition.schedule-changed' })
  @IsString() @trim() @IsNotEmpty() @MaxLength(2000)
  reason: string;
}

export class ChangeRulesDto {
  @ApiPropertyOptional({ type: [CriterionDto], description: 'New criteria, weights summing to 100; or give criteriaPreset' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @UniqueBy('code') @WeightsSumTo100() @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => CriterionDto)
  criteria?: CriterionDto[];

  @ApiPropertyOptional({ enum: Object.keys(CRITERIA_PRESETS) }) @IsOptional() @IsIn(Object.keys(CRITERIA_PRESETS)) criteriaPreset?: CriteriaPreset;

  @ApiPropertyOptional({ type: EligibilityDto, description: 'The rules given replace those in force; the others stay' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => EligibilityDto)
  eligibility?: EligibilityDto;

  @ApiPropertyOptional({ type: [EditionCategoryDto], description: "A national edition's categories, replacing those in force" })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(ENTRY_CATEGORIES.length) @UniqueBy('code') @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => EditionCategoryDto)
  categories?: EditionCategoryDto[];

  @RequiredDocuments()
  requiredDocuments?: string[];

  @ApiPropertyOptional({ example: 'Bobot disesuaikan dengan juknis provinsi' }) @IsOptional() @IsString() @trim() @MaxLength(2000) reason?: string;
}
