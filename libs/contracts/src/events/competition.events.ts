import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { INNOVATION_STAGES, type InnovationStage } from '../enums/index.js';
import { IsRegionCode, REGION_CODE_PATTERN } from '../validation/index.js';

/** Competition (KIPP) levels, lowest first: a winner is forwarded one level up, or straight to national. */
export const COMPETITION_LEVELS = ['regency', 'province', 'national'] as const;
export type CompetitionLevel = (typeof COMPETITION_LEVELS)[number];

/**
 * The phases an edition may schedule, in the only order they can run. Submission, scoring and
 * decision are required; the others are scheduled when the edition has them (Kudus 2022 had no
 * public objection window; the national contest has every one).
 */
export const COMPETITION_PHASES = ['submission', 'administrative-check', 'scoring', 'objection', 'presentation', 'field-check', 'decision', 'award'] as const;
export type CompetitionPhase = (typeof COMPETITION_PHASES)[number];
export const REQUIRED_PHASES: readonly CompetitionPhase[] = ['submission', 'scoring', 'decision'];

/** Where an edition stands: before its window opens, in one of its phases, or over. */
export const EDITION_PHASES = ['planned', ...COMPETITION_PHASES, 'closed'] as const;
export type EditionPhase = (typeof EDITION_PHASES)[number];

/**
 * Entry states. draft (the agency's, unseen by the jury) → submitted → admitted | rejected
 * (administrative check; the admin may first return it for correction: returned → submitted again
 * when the agency resubmits) → scored → finalist → winner | not-selected; an upheld objection
 * disqualifies a finalist; the agency may withdraw its entry before the decision. Forwarding does
 * not change the state: the source entry stays a winner and links to the entry it became. A
 * national entry ends in its recorded national result: top-99, top-45, terpuji, or not-selected.
 */
export const ENTRY_STATES = [
  'draft',
  'submitted',
  'returned',
  'admitted',
  'rejected',
  'withdrawn',
  'scored',
  'finalist',
  'winner',
  'not-selected',
  'disqualified',
  'top-99',
  'top-45',
  'terpuji',
] as const;
export type EntryState = (typeof ENTRY_STATES)[number];

/** National (KemenPANRB) results, lowest first; a result can only be raised once recorded. */
export const NATIONAL_RESULTS = ['not-selected', 'top-99', 'top-45', 'terpuji'] as const;
export type NationalResult = (typeof NATIONAL_RESULTS)[number];

/**
 * The categories (kelompok) of a national edition, each with its own quota and ranking: umum
 * (general), khusus (past top-tier winners, by invitation) and replikasi (replications, 2020-21).
 */
export const ENTRY_CATEGORIES = ['umum', 'khusus', 'replikasi'] as const;
export type EntryCategory = (typeof ENTRY_CATEGORIES)[number];

/** An evidence indicator of an edition's checklist: lowercase words joined by dashes (sk-inovasi). */
export const INDICATOR_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const REQUIRED_DOCUMENTS_MAX = 20;

/** Proposal text limits: the summary (ringkasan, at most 200 words in KIPP 2023) and each section. */
export const PROPOSAL_SUMMARY_MAX_CHARS = 2000;
export const PROPOSAL_SUMMARY_MAX_WORDS = 200;
export const PROPOSAL_SECTION_MAX_CHARS = 6000;

export const OBJECTION_OUTCOMES = ['upheld', 'dismissed'] as const;
export type ObjectionOutcome = (typeof OBJECTION_OUTCOMES)[number];

/** The 2023 national KIPP weights, kelompok umum (the summary is scored at 0% and left out). */
export const KIPP_2023_CRITERIA: ReadonlyArray<{ code: string; name: string; weight: number }> = [
  { code: 'background', name: 'Latar belakang dan tujuan', weight: 10 },
  { code: 'novelty', name: 'Kebaruan / nilai tambah', weight: 15 },
  { code: 'implementation', name: 'Implementasi', weight: 5 },
  { code: 'significance', name: 'Signifikansi', weight: 30 },
  { code: 'adaptability', name: 'Adaptabilitas', weight: 20 },
  { code: 'resources', name: 'Sumber daya', weight: 5 },
  { code: 'sustainability', name: 'Strategi keberlanjutan', weight: 15 },
];

export const CRITERIA_PRESETS = { 'kipp-2023': KIPP_2023_CRITERIA } as const;
export type CriteriaPreset = keyof typeof CRITERIA_PRESETS;

export class PhaseWindow {
  @ApiProperty({ enum: COMPETITION_PHASES }) @IsIn(COMPETITION_PHASES) phase: CompetitionPhase;
  @ApiProperty({ format: 'date', example: '2022-10-13', description: 'First day (WIB), inclusive' }) @IsISO8601() startsOn: string;
  @ApiProperty({ format: 'date', example: '2022-11-13', description: 'Last day (WIB), inclusive' }) @IsISO8601() endsOn: string;
}

export class Criterion {
  @ApiProperty({ example: 'significance' }) @IsString() @MaxLength(60) code: string;
  @ApiProperty({ example: 'Signifikansi' }) @IsString() @MaxLength(200) name: string;
  @ApiProperty({ example: 30, description: 'Percent; the weights of an edition sum to 100' }) @IsInt() @Min(1) @Max(100) weight: number;
}

export class EligibilityRules {
  @ApiProperty({ example: 2, description: 'Minimum years since implementation (or trial when never implemented); 0 for none' })
  @IsInt() @Min(0) minAgeYears: number;
  @ApiPropertyOptional({ enum: INNOVATION_STAGES, nullable: true, description: 'The stage an innovation must have reached' })
  @IsOptional() @IsIn(INNOVATION_STAGES) requiredStage: InnovationStage | null;
  @ApiProperty({ example: 1, description: 'Entries one agency may have in the edition' }) @IsInt() @Min(1) entriesPerAgency: number;
  @ApiProperty({ description: 'Whether a winner of an earlier edition of this level may enter again' }) @IsBoolean() previousWinnersAllowed: boolean;
}

export class EditionCategory {
  @ApiProperty({ enum: ENTRY_CATEGORIES }) @IsIn(ENTRY_CATEGORIES) code: EntryCategory;
  @ApiProperty({ example: 10, description: 'Entries one agency may submit in this category' }) @IsInt() @Min(1) quota: number;
}

/** An edition as it stands after a change; competition events carry it whole. */
export class EditionSnapshot {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiProperty({ enum: COMPETITION_LEVELS }) @IsIn(COMPETITION_LEVELS) level: CompetitionLevel;
  @ApiPropertyOptional({ type: String, example: '33.19', nullable: true, description: 'Regency/city or province running it; null for national' })
  @IsOptional() @IsRegionCode() ownerRegionCode: string | null;
  @ApiPropertyOptional({ type: String, example: '33', nullable: true }) @IsOptional() @IsRegionCode() provinceCode: string | null;
  @ApiProperty({ example: 2022 }) @IsInt() year: number;
  @ApiProperty({ example: 'KIPP Kabupaten Kudus 2022' }) @IsString() @MaxLength(200) name: string;
  @ApiProperty({ enum: EDITION_PHASES }) @IsIn(EDITION_PHASES) phase: EditionPhase;
  @ApiProperty({ description: 'Phases advance on their dates by the scheduler (else only by the admin)' }) @IsBoolean() autoAdvance: boolean;
  @ApiProperty({ type: [PhaseWindow] }) @IsArray() @ArrayMaxSize(COMPETITION_PHASES.length) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => PhaseWindow) schedule: PhaseWindow[];
  @ApiProperty({ type: [Criterion] }) @IsArray() @ArrayMaxSize(20) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => Criterion) criteria: Criterion[];
  @ApiProperty({ type: EligibilityRules }) @IsObject() @ValidateNested() @Type(() => EligibilityRules) eligibility: EligibilityRules;
  @ApiPropertyOptional({ type: [EditionCategory], description: 'The categories of a national edition (empty: none); an entry belongs to one' })
  @IsOptional() @IsArray() @ArrayMaxSize(ENTRY_CATEGORIES.length) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => EditionCategory)
  categories?: EditionCategory[];
  @ApiPropertyOptional({ type: [String], description: 'The evidence checklist: indicators an entry must have a document for before it is submitted (empty: none)' })
  @IsOptional() @IsArray() @ArrayMaxSize(REQUIRED_DOCUMENTS_MAX) @Matches(INDICATOR_PATTERN, { each: true }) @MaxLength(100, { each: true })
  requiredDocuments?: string[];
  @ApiPropertyOptional({ nullable: true, description: 'Entries each source region may forward into this edition' })
  @IsOptional() @IsInt() forwardingQuota: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() finalistCount: number | null;
  @ApiProperty() @IsInt() winnerCount: number;
  @ApiProperty({ description: 'Percent of the final score from the presentation and interview' }) @IsInt() presentationWeight: number;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) @IsOptional() @IsISO8601() decidedAt: string | null;
  @ApiProperty({ format: 'date-time' }) @IsISO8601() createdAt: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601() updatedAt: string;
}

abstract class EditionEventPayload {
  @ApiProperty({ type: EditionSnapshot }) @IsObject() @ValidateNested() @Type(() => EditionSnapshot) edition: EditionSnapshot;
}

/** competition.created v1: an edition was set up (still planned). */
export class CompetitionCreatedV1 extends EditionEventPayload {}

/** competition.opened v1: the submission window opened. */
export class CompetitionOpenedV1 extends EditionEventPayload {}

/** competition.phase-changed v1: the edition moved forward, on its date or by its admin. */
export class CompetitionPhaseChangedV1 extends EditionEventPayload {
  @ApiProperty({ enum: EDITION_PHASES }) @IsIn(EDITION_PHASES) fromPhase: EditionPhase;
  @ApiProperty({ enum: EDITION_PHASES }) @IsIn(EDITION_PHASES) toPhase: EditionPhase;
  @ApiProperty({ enum: ['schedule', 'admin'] }) @IsIn(['schedule', 'admin']) by: 'schedule' | 'admin';
}

export class DecidedWinner {
  @ApiProperty({ format: 'uuid' }) @IsUUID() entryId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() innovationId: string;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) rank: number;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsNumber() finalScore: number | null;
}

/** competition.decided v1: the winners and their ranks; every other candidate is not selected. */
export class CompetitionDecidedV1 extends EditionEventPayload {
  @ApiProperty({ type: [DecidedWinner] }) @IsArray() @ArrayMaxSize(1000) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => DecidedWinner) winners: DecidedWinner[];
  @ApiProperty({ type: [String] }) @IsArray() @IsUUID('all', { each: true }) notSelectedEntryIds: string[];
}

abstract class JurorEventPayload {
  @ApiProperty({ format: 'uuid' }) @IsUUID() editionId: string;
  @ApiProperty({ description: "The juror's token subject" }) @IsString() @MaxLength(200) jurorId: string;
}

/** competition.juror-assigned v1 (also sent when a juror's declared employment changes). */
export class CompetitionJurorAssignedV1 extends JurorEventPayload {
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) @IsOptional() @IsUUID() declaredAgencyId: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsRegionCode() declaredRegionCode: string | null;
  @ApiPropertyOptional({ type: [String], description: "Every agency whose entries the juror may not score: the admin's record and the juror's declarations" })
  @IsOptional() @IsArray() @IsUUID('all', { each: true })
  conflictAgencyIds?: string[];
  @ApiPropertyOptional({ type: [String], description: "Every region whose entries the juror may not score: the admin's record and the juror's declarations" })
  @IsOptional() @IsArray() @Matches(REGION_CODE_PATTERN, { each: true })
  conflictRegionCodes?: string[];
}

/** competition.juror-removed v1 */
export class CompetitionJurorRemovedV1 extends JurorEventPayload {}
