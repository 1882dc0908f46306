import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { INNOVATION_STAGES, type InnovationStage } from '../../enums/index.js';
import {
  COMPETITION_LEVELS,
  COMPETITION_PHASES,
  CRITERIA_PRESETS,
  EDITION_PHASES,
  ENTRY_CATEGORIES,
  EditionSnapshot,
  INDICATOR_PATTERN,
  REQUIRED_DOCUMENTS_MAX,
  type CompetitionLevel,
  type CompetitionPhase,
  type CriteriaPreset,
  type EditionPhase,
  type EntryCategory,
} from '../../events/competition.events.js';
import { IsRegionCode } from '../../validation/index.js';
import { isCalendarDate } from '../registry/innovation.dto.js';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value));

const IsCalendarDate = () => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isCalendarDate',
    target: target.constructor,
    propertyName,
    options: { message: '$property must be a date as YYYY-MM-DD' },
    validator: { validate: isCalendarDate },
  });

/** The criterion weights of an edition must add up to exactly 100 (percent). */
export const WeightsSumTo100 = () => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'weightsSumTo100',
    target: target.constructor,
    propertyName,
    options: { message: '$property weights must sum to 100' },
    validator: {
      validate: (value: unknown) =>
        !Array.isArray(value) || value.some((c) => typeof c?.weight !== 'number') || value.reduce((sum: number, c: { weight: number }) => sum + c.weight, 0) === 100,
    },
  });

export const UniqueBy = (key: string) => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'uniqueBy',
    target: target.constructor,
    propertyName,
    options: { message: `$property must not repeat a ${key}` },
    validator: {
      validate: (value: unknown) => !Array.isArray(value) || new Set(value.map((v) => v?.[key])).size === value.length,
    },
  });

/** The evidence checklist of an edition: up to 20 distinct indicators, lowercase words joined by dashes. */
export const RequiredDocuments = (): PropertyDecorator => (target: object, propertyName: string | symbol) => {
  const name = propertyName as string;
  ApiPropertyOptional({
    type: [String],
    example: ['sk-inovasi', 'laporan-pelaksanaan'],
    description: 'The evidence checklist: indicators each entry needs a document for before it can be submitted (POST /entries/:id/documents with that indicator)',
  })(target, name);
  IsOptional()(target, name);
  IsArray()(target, name);
  ArrayMaxSize(REQUIRED_DOCUMENTS_MAX)(target, name);
  ArrayUnique()(target, name);
  IsString({ each: true })(target, name);
  MaxLength(100, { each: true })(target, name);
  Matches(INDICATOR_PATTERN, { each: true, message: '$property must be lowercase words joined by dashes (sk-inovasi)' })(target, name);
};

export class PhaseWindowDto {
  @ApiProperty({ enum: COMPETITION_PHASES }) @IsIn(COMPETITION_PHASES) phase: CompetitionPhase;
  @ApiProperty({ format: 'date', example: '2022-10-13', description: 'First day, WIB' }) @IsCalendarDate() startsOn: string;
  @ApiProperty({ format: 'date', example: '2022-11-13', description: 'Last day, WIB, inclusive' }) @IsCalendarDate() endsOn: string;
}

export class CriterionDto {
  @ApiProperty({ example: 'significance' })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: '$property must be lowercase words joined by dashes' })
  @MaxLength(60)
  code: string;

  @ApiProperty({ example: 'Signifikansi' }) @IsString() @trim() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ example: 30, minimum: 1, maximum: 100 }) @IsInt() @Min(1) @Max(100) weight: number;
}

export class EligibilityDto {
  @ApiPropertyOptional({ default: 0, description: 'Minimum years since implementation (trial when never implemented)' })
  @IsOptional() @IsInt() @Min(0) @Max(20)
  minAgeYears?: number;

  @ApiPropertyOptional({ enum: INNOVATION_STAGES, description: 'The stage an entered innovation must have reached' })
  @IsOptional() @IsIn(INNOVATION_STAGES)
  requiredStage?: InnovationStage;

  @ApiPropertyOptional({ default: 1 }) @IsOptional() @IsInt() @Min(1) @Max(100) entriesPerAgency?: number;

  @ApiPropertyOptional({ default: true, description: 'Whether a winner of an earlier edition of this level may enter again' })
  @IsOptional() @IsBoolean()
  previousWinnersAllowed?: boolean;
}

export class EditionCategoryDto {
  @ApiProperty({ enum: ENTRY_CATEGORIES }) @IsIn(ENTRY_CATEGORIES) code: EntryCategory;
  @ApiPropertyOptional({ example: 10, description: "Entries one agency may submit in this category (default: the eligibility's entriesPerAgency)" })
  @IsOptional() @IsInt() @Min(1) @Max(100)
  quota?: number;
}

export class CreateEditionDto {
  @ApiProperty({ enum: COMPETITION_LEVELS }) @IsIn(COMPETITION_LEVELS) level: CompetitionLevel;

  @ApiPropertyOptional({ example: '33.19', description: 'Regency/city code for a regency edition, province code for a province edition; none for national' })
  @IsOptional() @IsRegionCode()
  ownerRegionCode?: string;

  @ApiProperty({ example: 2022 }) @IsInt() @Min(2000) @Max(2100) year: number;
  @ApiProperty({ example: 'KIPP Kabupaten Kudus 2022' }) @IsString() @trim() @IsNotEmpty() @MaxLength(200) name: string;

  @ApiProperty({ type: [PhaseWindowDto], description: 'Phases in their order with dates; submission, scoring and decision are required' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(COMPETITION_PHASES.length) @UniqueBy('phase') @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => PhaseWindowDto)
  schedule: PhaseWindowDto[];

  @ApiPropertyOptional({ type: [CriterionDto], description: 'Weights sum to 100; or give criteriaPreset' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @UniqueBy('code') @WeightsSumTo100() @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => CriterionDto)
  criteria?: CriterionDto[];

  @ApiPropertyOptional({ enum: Object.keys(CRITERIA_PRESETS), description: 'kipp-2023: the national KIPP 2023 weights' })
  @IsOptional() @IsIn(Object.keys(CRITERIA_PRESETS))
  criteriaPreset?: CriteriaPreset;

  @ApiPropertyOptional({ type: EligibilityDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => EligibilityDto) eligibility?: EligibilityDto;

  @ApiPropertyOptional({ type: [EditionCategoryDto], description: 'National editions only: the categories (umum, khusus, replikasi), each with its quota per agency and its own ranking' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(ENTRY_CATEGORIES.length) @UniqueBy('code') @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => EditionCategoryDto)
  categories?: EditionCategoryDto[];

  @RequiredDocuments()
  requiredDocuments?: string[];

  @ApiPropertyOptional({ example: 3, description: 'Entries each source region may forward into this edition (none: unlimited)' })
  @IsOptional() @IsInt() @Min(1) @Max(1000)
  forwardingQuota?: number;

  @ApiPropertyOptional({ example: 6, description: 'How many of the ranking become finalists when the admin names them by count' })
  @IsOptional() @IsInt() @Min(1) @Max(1000)
  finalistCount?: number;

  @ApiPropertyOptional({ default: 3, description: 'Winners named by default at the decision' }) @IsOptional() @IsInt() @Min(1) @Max(1000) winnerCount?: number;

  @ApiPropertyOptional({ default: 0, description: 'Percent of the final score from presentation and interview' })
  @IsOptional() @IsInt() @Min(0) @Max(100)
  presentationWeight?: number;

  @ApiPropertyOptional({ default: true, description: 'Advance phases on their dates (false: only the admin moves them)' })
  @IsOptional() @IsBoolean()
  autoAdvance?: boolean;
}

export class AdvancePhaseDto {
  @ApiProperty({ enum: EDITION_PHASES.filter((p) => p !== 'planned'), description: 'A later phase in the schedule, or closed' })
  @IsIn(EDITION_PHASES.filter((p) => p !== 'planned'))
  phase: EditionPhase;
}

export class AssignJurorDto {
  @ApiProperty({ example: 'juror-undip-1', description: "The juror's token subject" }) @IsString() @trim() @IsNotEmpty() @MaxLength(200) jurorId: string;
  @ApiProperty({ example: 'Dr. Retno (Undip)' }) @IsString() @trim() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiPropertyOptional({ example: 'Universitas Diponegoro' }) @IsOptional() @IsString() @MaxLength(200) affiliation?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Declared agency of employment: the juror cannot score its entries' })
  @IsOptional() @IsUUID()
  agencyId?: string;
  @ApiPropertyOptional({ example: '33.19', description: 'Declared region of employment: the juror cannot score its entries' })
  @IsOptional() @IsRegionCode()
  regionCode?: string;
}

/** A juror's own declaration of where they are employed. */
export class DeclareEmploymentDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() agencyId?: string;
  @ApiPropertyOptional({ example: '33.19' }) @IsOptional() @IsRegionCode() regionCode?: string;
}

const toInt = () => Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value));

export class ListEditionsQuery {
  @ApiPropertyOptional({ enum: COMPETITION_LEVELS }) @IsOptional() @IsIn(COMPETITION_LEVELS) level?: CompetitionLevel;
  @ApiPropertyOptional({ example: 2022 }) @IsOptional() @toInt() @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ example: '33', description: 'Owner region; a province code also lists its regencies’ editions' })
  @IsOptional() @IsRegionCode()
  region?: string;
}

export class JurorView {
  @ApiProperty() jurorId: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ nullable: true }) affiliation: string | null;
  @ApiPropertyOptional({ nullable: true, format: 'uuid', description: 'Agency of employment as the admin recorded it' }) agencyId: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Region of employment as the admin recorded it' }) regionCode: string | null;
  @ApiProperty({ type: [String], description: 'Agencies the juror declared; conflicts in addition to the admin-recorded one' }) declaredAgencyIds: string[];
  @ApiProperty({ type: [String], description: 'Regions the juror declared; conflicts in addition to the admin-recorded one' }) declaredRegionCodes: string[];
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The panel the juror sits on; null: none' }) panelId: string | null;
  @ApiProperty({ format: 'date-time' }) assignedAt: string;
}

export class EditionView extends EditionSnapshot {
  @ApiProperty({ description: 'Entries by state' }) entryCounts: Record<string, number>;
}
