import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  COMPETITION_LEVELS,
  ENTRY_STATES,
  NATIONAL_RESULTS,
  OBJECTION_OUTCOMES,
  type CompetitionLevel,
  type EntryState,
  type NationalResult,
  type ObjectionOutcome,
} from '../../events/competition.events.js';
import { InnovationSnapshot } from '../../events/innovation-snapshot.js';
import { EntrySummary } from '../../events/nomination.events.js';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
/** 0-100 with at most two decimals, so sums and ties are exact. */
const Score = () => (target: object, propertyName: string) => {
  IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }, { message: `${propertyName} must be a number with at most two decimals` })(target, propertyName);
  Min(0, { message: `${propertyName} must be between 0 and 100` })(target, propertyName);
  Max(100, { message: `${propertyName} must be between 0 and 100` })(target, propertyName);
};

export class SubmitEntryDto {
  @ApiProperty({ format: 'uuid', description: 'An innovation of the caller’s own agency/region, as the registry knows it' })
  @IsUUID()
  innovationId: string;
}

export class AdmissionDto {
  @ApiProperty({ enum: ['admit', 'reject'] }) @IsIn(['admit', 'reject']) decision: 'admit' | 'reject';
  @ApiPropertyOptional({ example: 'Proposal tidak lengkap: tidak ada SK inovator', description: 'Required to reject' })
  @ValidateIf((o: AdmissionDto) => o.decision === 'reject' || o.reason !== undefined)
  @IsString() @trim() @IsNotEmpty({ message: 'reason is required to reject' }) @MaxLength(2000)
  reason?: string;
}

export class CriterionScoreDto {
  @ApiProperty({ example: 'significance' }) @IsString() @IsNotEmpty() @MaxLength(60) criterion: string;
  @ApiProperty({ example: 82.5, minimum: 0, maximum: 100 }) @Score() value: number;
}

/** A juror's scores for one entry; criteria not listed keep what the juror gave before. */
export class ScoreSheetDto {
  @ApiProperty({ type: [CriterionScoreDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => CriterionScoreDto)
  scores: CriterionScoreDto[];
}

export class PresentationScoreDto {
  @ApiProperty({ example: 88, minimum: 0, maximum: 100 }) @Score() value: number;
}

export class NameFinalistsDto {
  @ApiPropertyOptional({ type: [String], description: "Entries to name; by default the top finalistCount of the ranking" })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @IsUUID('all', { each: true })
  entryIds?: string[];
}

export class FileObjectionDto {
  @ApiProperty({ example: 'Inovasi ini sudah tidak berjalan sejak 2021' }) @IsString() @trim() @IsNotEmpty() @MaxLength(4000) reason: string;
}

export class ResolveObjectionDto {
  @ApiProperty({ enum: OBJECTION_OUTCOMES }) @IsIn(OBJECTION_OUTCOMES) outcome: ObjectionOutcome;
  @ApiProperty({ example: 'Verifikasi lapangan: layanan masih berjalan' }) @IsString() @trim() @IsNotEmpty() @MaxLength(4000) note: string;
}

export class DecisionDto {
  @ApiPropertyOptional({ type: [String], description: 'Winning entries in rank order; by default the top winnerCount of the final ranking' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @IsUUID('all', { each: true })
  winners?: string[];
}

export class ForwardEntryDto {
  @ApiProperty({ format: 'uuid', description: "An edition of the next level whose submission window is open" }) @IsUUID() targetEditionId: string;
}

export class NationalResultDto {
  @ApiProperty({ enum: NATIONAL_RESULTS }) @IsIn(NATIONAL_RESULTS) result: NationalResult;
}

export class ListEntriesQuery {
  @ApiPropertyOptional({ enum: ENTRY_STATES }) @IsOptional() @IsIn(ENTRY_STATES) state?: EntryState;
}

export class ForwardedRef {
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiProperty({ format: 'uuid' }) editionId: string;
  @ApiProperty() editionName: string;
  @ApiProperty({ enum: COMPETITION_LEVELS }) level: CompetitionLevel;
  @ApiProperty() year: number;
  @ApiProperty({ enum: ENTRY_STATES }) state: EntryState;
  @ApiPropertyOptional({ enum: NATIONAL_RESULTS, nullable: true }) nationalResult: NationalResult | null;
}

export class EntryView extends EntrySummary {
  @ApiPropertyOptional({ nullable: true }) rejectionReason: string | null;
  @ApiPropertyOptional({ nullable: true }) disqualificationReason: string | null;
  @ApiProperty({ description: 'Jurors whose complete proposal score counts' }) proposalJurors: number;
  @ApiPropertyOptional({ nullable: true }) presentationScore: number | null;
  @ApiPropertyOptional({ nullable: true }) finalScore: number | null;
  @ApiProperty({ type: [ForwardedRef], description: 'Where this entry was forwarded to' }) forwardedTo: ForwardedRef[];
  @ApiProperty({ description: 'Completed replications of the innovation known to the service (evidence for the judges)' }) replications: number;
}

export class EntryDetail extends EntryView {
  @ApiProperty({ type: InnovationSnapshot, description: 'The innovation as it stood when submitted' }) snapshot: InnovationSnapshot;
}

export class RankingRow {
  @ApiProperty({ nullable: true, description: 'null until a juror has scored every criterion' }) rank: number | null;
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiProperty() innovationName: string;
  @ApiProperty() agencyName: string;
  @ApiProperty({ enum: ENTRY_STATES }) state: EntryState;
  @ApiProperty({ nullable: true, description: 'Weighted mean over jurors with a complete sheet' }) score: number | null;
  @ApiProperty({ nullable: true, description: 'Mean score on the heaviest criterion (first tie-break)' }) heaviestCriterionScore: number | null;
  @ApiProperty() jurors: number;
  @ApiProperty({ description: 'Jurors who scored some but not all criteria (not counted yet)' }) partialSheets: number;
  @ApiProperty({ format: 'date-time', description: 'Second tie-break: earlier first' }) submittedAt: string;
}

export class RankingView {
  @ApiProperty({ format: 'uuid' }) editionId: string;
  @ApiProperty({ enum: ['proposal', 'final'] }) round: 'proposal' | 'final';
  @ApiProperty({ type: [RankingRow] }) rows: RankingRow[];
}

export class ObjectionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiProperty() reason: string;
  @ApiProperty() filedBy: string;
  @ApiProperty({ format: 'date-time' }) filedAt: string;
  @ApiPropertyOptional({ enum: OBJECTION_OUTCOMES, nullable: true }) outcome: ObjectionOutcome | null;
  @ApiPropertyOptional({ nullable: true }) note: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) resolvedAt: string | null;
}

export class LineageStep {
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) sourceEntryId: string | null;
  @ApiProperty({ format: 'uuid' }) editionId: string;
  @ApiProperty() editionName: string;
  @ApiProperty({ enum: COMPETITION_LEVELS }) level: CompetitionLevel;
  @ApiProperty() year: number;
  @ApiPropertyOptional({ nullable: true }) ownerRegionCode: string | null;
  @ApiProperty({ enum: ENTRY_STATES }) state: EntryState;
  @ApiPropertyOptional({ nullable: true }) rank: number | null;
  @ApiPropertyOptional({ enum: NATIONAL_RESULTS, nullable: true }) nationalResult: NationalResult | null;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
}

export class LineageView {
  @ApiProperty({ format: 'uuid' }) innovationId: string;
  @ApiProperty() innovationName: string;
  @ApiProperty({ type: [LineageStep], description: 'From the first entry (lowest level) up, each forwarded entry after its source' })
  steps: LineageStep[];
}

export class DecisionView {
  @ApiProperty({ format: 'uuid' }) editionId: string;
  @ApiProperty({ type: [EntryView], description: 'Winners in rank order' }) winners: EntryView[];
  @ApiProperty({ type: [String], description: 'Every other candidate, now not-selected' }) notSelectedEntryIds: string[];
}
