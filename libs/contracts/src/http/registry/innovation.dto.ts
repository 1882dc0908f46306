import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { INITIATORS, INNOVATION_FORMS, INNOVATION_STAGES, type Initiator, type InnovationForm, type InnovationStage } from '../../enums/index.js';
import { INNOVATION_EVIDENCE_MAX, INNOVATION_NAME_MAX, INNOVATION_TEXT_MAX, InnovationSnapshot } from '../../events/innovation-snapshot.js';
import { IsNotBefore, IsRegionCode } from '../../validation/index.js';
import { FieldChange, PageInfo } from '../common.dto.js';

const DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/**
 * A real calendar day as YYYY-MM-DD: 2023-02-30 matches the pattern but is refused. Counted rather
 * than parsed into a Date and printed back: every registration checks two dates.
 */
export function isCalendarDate(value: unknown): value is string {
  const parts = typeof value === 'string' ? DATE.exec(value) : null;
  if (!parts) return false;
  const month = Number(parts[2]);
  return Number(parts[3]) <= (month === 2 && isLeapYear(Number(parts[1])) ? 29 : DAYS_IN_MONTH[month - 1]);
}

const IsDate = () => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isCalendarDate',
    target: target.constructor,
    propertyName,
    options: { message: '$property must be a date as YYYY-MM-DD' },
    validator: { validate: isCalendarDate },
  });

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
const LONG_TEXT = INNOVATION_TEXT_MAX;

export class EvidenceLinkDto {
  @ApiProperty({ example: 'regulasi' }) @IsString() @IsNotEmpty() @MaxLength(100) @trim() indicator: string;
  @ApiProperty({ example: 'https://jdih.kuduskab.go.id/perbup-12-2023.pdf' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: '$property must be an http(s) URL' })
  @MaxLength(2000)
  url: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

/**
 * The officer responsible for an innovation, so a region that wants to replicate it knows whom to
 * call. Personal data: shown to signed-in users on GET /innovations/:id and in its history only;
 * never in an event, a log line or the public catalogue.
 */
export class InnovationContact {
  @ApiProperty({ example: 'Sri Wahyuni, S.Kom.', maxLength: 200 }) @IsString() @trim() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ example: 'Kepala Bidang Pelayanan Perizinan', maxLength: 200 }) @IsString() @trim() @IsNotEmpty() @MaxLength(200) position: string;
  @ApiProperty({ example: '0291-438000', description: 'Work phone', maxLength: 40 })
  @IsString() @trim() @Matches(/^\+?[0-9 ()\-]{6,40}$/, { message: '$property must be a phone number (digits, spaces, +, -, parentheses)' })
  phone: string;
  @ApiProperty({ example: 'perizinan@kuduskab.go.id', description: 'Work e-mail', maxLength: 254 })
  @IsString() @trim() @MaxLength(254) @IsEmail({ require_tld: false }, { message: '$property must be an e-mail address' })
  email: string;
}

/** The editable content of an innovation, shared by registration and revision. */
export class InnovationContentDto {
  @ApiProperty({ example: 'Jos Pakk: layanan perizinan daring', maxLength: 200 })
  @IsString() @trim() @IsNotEmpty() @MaxLength(INNOVATION_NAME_MAX)
  name: string;

  @ApiProperty({ example: 'teknologi', description: "A code from the region's innovation types" })
  @IsString() @IsNotEmpty() @MaxLength(60)
  typeCode: string;

  @ApiProperty({ enum: INITIATORS }) @IsIn(INITIATORS) initiator: Initiator;
  @ApiProperty() @IsBoolean() digital: boolean;
  @ApiProperty({ enum: INNOVATION_FORMS }) @IsIn(INNOVATION_FORMS) form: InnovationForm;

  @ApiProperty({ example: 'kesehatan', description: 'Government affair (urusan)' })
  @IsString() @trim() @IsNotEmpty() @MaxLength(100)
  governmentAffair: string;

  @ApiPropertyOptional({ format: 'date', example: '2022-01-10' }) @IsOptional() @IsDate() trialStartedOn?: string;

  @ApiPropertyOptional({ format: 'date', example: '2022-06-01' })
  @IsOptional() @IsDate() @IsNotBefore('trialStartedOn')
  implementedOn?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(LONG_TEXT) problem?: string;
  @ApiPropertyOptional({ description: 'Design and main changes' }) @IsOptional() @IsString() @MaxLength(LONG_TEXT) design?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(LONG_TEXT) goals?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(LONG_TEXT) benefits?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(LONG_TEXT) results?: string;
  @ApiPropertyOptional({ description: 'How a replicated innovation was adapted from its origin' })
  @IsOptional() @IsString() @MaxLength(LONG_TEXT)
  adaptationNotes?: string;

  @ApiPropertyOptional({ type: [EvidenceLinkDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(INNOVATION_EVIDENCE_MAX) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => EvidenceLinkDto)
  evidence?: EvidenceLinkDto[];

  @ApiPropertyOptional({ type: InnovationContact, description: 'The responsible officer; a revision without it removes it' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => InnovationContact)
  contact?: InnovationContact;
}

export class RegisterInnovationDto extends InnovationContentDto {
  @ApiProperty({ example: '33.19' }) @IsRegionCode() regionCode: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() agencyId: string;

  @ApiProperty({ enum: INNOVATION_STAGES, description: 'uji-coba needs trialStartedOn; penerapan needs implementedOn' })
  @IsIn(INNOVATION_STAGES)
  stage: InnovationStage;

  /**
   * Ignored (issue 17): the registry sets the year (WIB) in which it registered the record, so a
   * client cannot backdate or inflate a year's compliance. Still accepted, and still checked, so the
   * clients that send it keep working; only an import of past records sets another year.
   */
  @ApiPropertyOptional({ example: 2022, deprecated: true, description: 'Ignored: the registry sets the year (WIB) in which it registered the record' })
  @IsOptional() @IsInt() @Min(2000) @Max(2100)
  yearRegistered?: number;
}

/** A revision replaces the editable content; stage changes and retirement have their own endpoints. */
export class ReviseInnovationDto extends InnovationContentDto {}

export class ChangeStageDto {
  @ApiProperty({ enum: INNOVATION_STAGES }) @IsIn(INNOVATION_STAGES) stage: InnovationStage;
  @ApiPropertyOptional({ format: 'date', description: 'Required when moving to uji-coba without a trial date' })
  @IsOptional() @IsDate() trialStartedOn?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Required when moving to penerapan without an implementation date' })
  @IsOptional() @IsDate() implementedOn?: string;
}

export class RetireInnovationDto {
  @ApiProperty({ example: 'Digantikan oleh layanan terpadu' }) @IsString() @trim() @IsNotEmpty() @MaxLength(1000) reason: string;
}

const toBool = () => Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

export class ListInnovationsQuery {
  @ApiPropertyOptional({ description: 'A regency/city code, or a province code for all its regencies', example: '33' })
  @IsOptional() @IsRegionCode() region?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() agency?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60) type?: string;
  @ApiPropertyOptional({ enum: INNOVATION_STAGES }) @IsOptional() @IsIn(INNOVATION_STAGES) stage?: InnovationStage;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional() @IsOptional() @toBool() @IsBoolean() digital?: boolean;
  @ApiPropertyOptional({ description: 'Government affair (urusan)' }) @IsOptional() @IsString() @MaxLength(100) governmentAffair?: string;
  @ApiPropertyOptional({ description: "Full-text search (PostgreSQL 'indonesian') over name and descriptions" })
  @IsOptional() @IsString() @MaxLength(200) q?: string;
  @ApiPropertyOptional({ description: 'Include retired innovations' }) @IsOptional() @toBool() @IsBoolean() includeRetired?: boolean;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(200) @ValidateIf((_, v) => v !== '') cursor?: string;
}

/** An innovation recorded as a replication of another, as listed on its origin. */
export class InnovationReplicationRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Jos Pakk Demak' }) name: string;
  @ApiProperty({ example: '33.21' }) regionCode: string;
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  @ApiPropertyOptional({ nullable: true }) replicationRequestId: string | null;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) retiredAt: string | null;
}

export class InnovationDetail extends InnovationSnapshot {
  @ApiPropertyOptional({ type: InnovationContact, nullable: true, description: 'The responsible officer; signed-in users only' })
  contact: InnovationContact | null;

  @ApiProperty({ type: [InnovationReplicationRef], description: 'Innovations recorded as replications of this one, oldest first' })
  replications: InnovationReplicationRef[];
}

export class InnovationPage extends PageInfo {
  @ApiProperty({ type: [InnovationSnapshot] }) items: InnovationSnapshot[];
}

export class InnovationHistoryEntry {
  @ApiProperty() version: number;
  @ApiProperty({ example: 'revised' }) action: string;
  @ApiProperty({ description: 'Subject of the token that made the change' }) actor: string;
  @ApiProperty({ example: 'region-admin' }) actorRole: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: [String] }) changedFields: string[];
  @ApiProperty({ type: [FieldChange], description: 'Per changed field, in changedFields order, its value before and after the change (empty for a registration)' })
  changes: FieldChange[];
  @ApiPropertyOptional() note: string | null;
  @ApiProperty({ description: 'Correlation id of the request or event that made the change' }) correlationId: string;
}

/**
 * An innovation as the public catalogue shows it, without a token. A list of allowed fields, not
 * the snapshot minus some: a field added to the record later stays private until named here.
 * Never the contact, the evidence documents, nor the replication request.
 */
export const PUBLIC_INNOVATION_FIELDS = [
  'id',
  'name',
  'regionCode',
  'provinceCode',
  'agencyId',
  'agencyName',
  'typeCode',
  'stage',
  'initiator',
  'digital',
  'form',
  'governmentAffair',
  'trialStartedOn',
  'implementedOn',
  'problem',
  'design',
  'goals',
  'benefits',
  'results',
  'adaptationNotes',
  'originInnovationId',
  'yearRegistered',
  'registeredAt',
  'retiredAt',
] as const satisfies readonly (keyof InnovationSnapshot)[];

export class PublicInnovation {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Jos Pakk: layanan perizinan daring' }) name: string;
  @ApiProperty({ example: '33.19' }) regionCode: string;
  @ApiProperty({ example: '33' }) provinceCode: string;
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  @ApiProperty({ example: 'Dinas Kesehatan' }) agencyName: string;
  @ApiProperty({ example: 'teknologi' }) typeCode: string;
  @ApiProperty({ enum: INNOVATION_STAGES }) stage: InnovationStage;
  @ApiProperty({ enum: INITIATORS }) initiator: Initiator;
  @ApiProperty() digital: boolean;
  @ApiProperty({ enum: INNOVATION_FORMS }) form: InnovationForm;
  @ApiProperty({ example: 'kesehatan' }) governmentAffair: string;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true }) trialStartedOn: string | null;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true }) implementedOn: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) problem: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) design: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) goals: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) benefits: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) results: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) adaptationNotes: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) originInnovationId: string | null;
  @ApiProperty({ example: 2024 }) yearRegistered: number;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) retiredAt: string | null;
}

/** Another innovation named by a public one: its origin, or a replication of it. */
export class PublicInnovationRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Jos Pakk Demak' }) name: string;
  @ApiProperty({ example: '33.21' }) regionCode: string;
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
}

export class PublicInnovationDetail extends PublicInnovation {
  @ApiPropertyOptional({ type: PublicInnovationRef, nullable: true, description: 'The innovation this one replicates' }) origin: PublicInnovationRef | null;
  @ApiProperty({ type: [PublicInnovationRef], description: 'Innovations recorded as replications of this one, oldest first' }) replications: PublicInnovationRef[];
}

export class PublicInnovationPage extends PageInfo {
  @ApiProperty({ type: [PublicInnovation] }) items: PublicInnovation[];
}

export class PublicAgency {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Dinas Kesehatan' }) name: string;
}

export class PublicRegionRef {
  @ApiProperty({ example: '33.19' }) code: string;
  @ApiProperty({ example: 'Kabupaten Kudus' }) name: string;
}

/** A region with the names of its active agencies, so a public page can name what the innovations point to. */
export class PublicRegion {
  @ApiProperty({ example: '33.19' }) code: string;
  @ApiProperty({ example: 'Kabupaten Kudus' }) name: string;
  @ApiProperty({ enum: ['province', 'regency'] }) level: string;
  @ApiPropertyOptional({ type: String, example: '33', nullable: true }) parentCode: string | null;
  @ApiProperty({ type: [PublicAgency], description: 'Active agencies (OPD) of a regency or city; empty for a province' }) agencies: PublicAgency[];
  @ApiProperty({ type: [PublicRegionRef], description: "A province's regencies and cities, by code; empty for a regency" }) regions: PublicRegionRef[];
}
