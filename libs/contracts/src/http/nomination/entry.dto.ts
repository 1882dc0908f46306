import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
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
  registerDecorator,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  COMPETITION_LEVELS,
  ENTRY_CATEGORIES,
  ENTRY_STATES,
  NATIONAL_RESULTS,
  OBJECTION_OUTCOMES,
  PROPOSAL_SECTION_MAX_CHARS,
  PROPOSAL_SUMMARY_MAX_CHARS,
  PROPOSAL_SUMMARY_MAX_WORDS,
  type CompetitionLevel,
  type EntryCategory,
  type EntryState,
  type NationalResult,
  type ObjectionOutcome,
} from '../../events/competition.events.js';
import { InnovationSnapshot } from '../../events/innovation-snapshot.js';
import { EntrySummary, FIELD_CHECK_OUTCOMES, type FieldCheckOutcome } from '../../events/nomination.events.js';
import { isCalendarDate } from '../registry/innovation.dto.js';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
/** 0-100 with at most two decimals, so sums and ties are exact. */
const Score = () => (target: object, propertyName: string) => {
  IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }, { message: `${propertyName} must be a number with at most two decimals` })(target, propertyName);
  Min(0, { message: `${propertyName} must be between 0 and 100` })(target, propertyName);
  Max(100, { message: `${propertyName} must be between 0 and 100` })(target, propertyName);
};

const IsCalendarDate = () => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isCalendarDate',
    target: target.constructor,
    propertyName,
    options: { message: '$property must be a date as YYYY-MM-DD' },
    validator: { validate: isCalendarDate },
  });

const MaxWords = (max: number) => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'maxWords',
    target: target.constructor,
    propertyName,
    // The limit as the check's constraint, so a field error can name it (max).
    constraints: [max],
    options: { message: `$property must have at most ${max} words` },
    validator: { validate: (value: unknown) => typeof value !== 'string' || value.split(/\s+/).filter(Boolean).length <= max },
  });

export class ProposalSectionDto {
  @ApiProperty({ example: 'significance', description: 'A criterion code of the edition' }) @IsString() @IsNotEmpty() @MaxLength(60) criterion: string;
  @ApiProperty({ maxLength: PROPOSAL_SECTION_MAX_CHARS, description: 'The text the criterion is scored against; empty clears it' })
  @IsString() @trim() @MaxLength(PROPOSAL_SECTION_MAX_CHARS)
  text: string;
}

/** Changes to a proposal: the summary if given, and the sections listed (the others keep their text). */
export class ProposalDto {
  @ApiPropertyOptional({ maxLength: PROPOSAL_SUMMARY_MAX_CHARS, description: `Ringkasan, at most ${PROPOSAL_SUMMARY_MAX_WORDS} words` })
  @IsOptional() @IsString() @trim() @MaxLength(PROPOSAL_SUMMARY_MAX_CHARS) @MaxWords(PROPOSAL_SUMMARY_MAX_WORDS)
  summary?: string;

  @ApiPropertyOptional({ type: [ProposalSectionDto], description: 'One text per criterion of the edition' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => ProposalSectionDto)
  sections?: ProposalSectionDto[];
}

export class SubmitEntryDto {
  @ApiProperty({ format: 'uuid', description: 'An innovation of the caller’s own agency/region, as the registry knows it' })
  @IsUUID()
  innovationId: string;

  @ApiPropertyOptional({ description: 'Save as a draft (any time before the decision; not seen by the jury) instead of submitting now' })
  @IsOptional() @IsBoolean()
  draft?: boolean;

  @ApiPropertyOptional({ enum: ENTRY_CATEGORIES, description: 'Required when the edition has categories (national editions), one of them' })
  @IsOptional() @IsIn(ENTRY_CATEGORIES)
  category?: EntryCategory;

  @ApiPropertyOptional({ type: ProposalDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => ProposalDto) proposal?: ProposalDto;
}

export class ReturnEntryDto {
  @ApiProperty({ example: 'Lampirkan SK penetapan inovator', description: 'What to correct' }) @IsString() @trim() @IsNotEmpty() @MaxLength(2000) note: string;
  @ApiProperty({ format: 'date', example: '2022-11-16', description: 'Last day (WIB) the agency may resubmit; not in the past, not after the administrative check' })
  @IsCalendarDate()
  deadline: string;
}

export class WithdrawEntryDto {
  @ApiPropertyOptional({ example: 'Inovasi diikutkan ke lomba lain' }) @IsOptional() @IsString() @trim() @MaxLength(2000) reason?: string;
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
  @ApiPropertyOptional({ maxLength: 2000, example: 'Data waktu tunggu meyakinkan; perlu bukti dari puskesmas lain.', description: "The juror's comment on this criterion, read by the jury and the edition's admins only; a criterion sent without one has none" })
  @IsOptional() @IsString() @trim() @MaxLength(2000)
  comment?: string;
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

/** A juror's field check (verifikasi lapangan) of a finalist: what was found, and what was seen. */
export class FieldCheckDto {
  @ApiProperty({ enum: FIELD_CHECK_OUTCOMES, description: 'confirmed: the innovation runs as the proposal says; not-confirmed: it does not' }) @IsIn(FIELD_CHECK_OUTCOMES) outcome: FieldCheckOutcome;
  @ApiProperty({ example: 'Layanan berjalan di tiga puskesmas; antrean daring dipakai warga.' }) @IsString() @trim() @IsNotEmpty() @MaxLength(4000) note: string;
}

export class FieldCheckView {
  @ApiProperty() jurorId: string;
  @ApiProperty({ example: 'Dr. Hartono (Undip)' }) jurorName: string;
  @ApiProperty({ enum: FIELD_CHECK_OUTCOMES }) outcome: FieldCheckOutcome;
  @ApiProperty() note: string;
  @ApiProperty({ format: 'date-time' }) checkedAt: string;
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
  @ApiPropertyOptional({ enum: ENTRY_CATEGORIES, description: 'Required when the target edition has categories' }) @IsOptional() @IsIn(ENTRY_CATEGORIES) category?: EntryCategory;
}

export class NationalResultDto {
  @ApiProperty({ enum: NATIONAL_RESULTS }) @IsIn(NATIONAL_RESULTS) result: NationalResult;
}

export class ListEntriesQuery {
  @ApiPropertyOptional({ enum: ENTRY_STATES }) @IsOptional() @IsIn(ENTRY_STATES) state?: EntryState;
  @ApiPropertyOptional({ enum: ENTRY_CATEGORIES }) @IsOptional() @IsIn(ENTRY_CATEGORIES) category?: EntryCategory;
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
  @ApiPropertyOptional({ type: [String], description: "The indicators of the edition's evidence checklist the entry has no document for yet (empty: complete)" }) documentsMissing?: string[];
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: 'The jury panel that scores the entry; null: any juror of the edition' }) panelId: string | null;
  @ApiPropertyOptional({ nullable: true }) rejectionReason: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'What the administrative check asked to correct, while returned (and after, as history)' }) returnNote: string | null;
  @ApiPropertyOptional({ format: 'date', nullable: true, description: 'Last day (WIB) to resubmit a returned entry' }) returnDeadline: string | null;
  @ApiPropertyOptional({ nullable: true }) withdrawalReason: string | null;
  @ApiPropertyOptional({ enum: ENTRY_STATES, nullable: true, description: 'The state a withdrawn entry was withdrawn from (a draft withdrawn was never entered)' }) withdrawnFrom: EntryState | null;
  @ApiPropertyOptional({ nullable: true }) disqualificationReason: string | null;
  @ApiProperty({ description: 'Jurors whose complete proposal score counts' }) proposalJurors: number;
  @ApiPropertyOptional({ nullable: true }) presentationScore: number | null;
  @ApiPropertyOptional({ nullable: true }) finalScore: number | null;
  @ApiProperty({ type: [ForwardedRef], description: 'Where this entry was forwarded to' }) forwardedTo: ForwardedRef[];
  @ApiProperty({ description: 'Completed replications of the innovation known to the service (evidence for the judges)' }) replications: number;
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: "For a juror of the edition: how many of the edition's criteria they have scored on this entry (what is left to score); null for everyone else",
  })
  yourCriteriaScored?: number | null;
  @ApiPropertyOptional({
    type: Boolean,
    nullable: true,
    description: "For a juror of the edition: whether they may judge this entry (not of their employer, and of their panel or of none); null for everyone else",
  })
  yoursToJudge?: boolean | null;
}

/** One juror's comment on a criterion of an entry. */
export class JurorComment {
  @ApiProperty() jurorId: string;
  @ApiProperty({ example: 'Dr. Hartono (Undip)' }) jurorName: string;
  @ApiProperty() comment: string;
}

/** A proposal section beside the criterion it answers, as a juror scores it. */
export class ProposalSectionView {
  @ApiProperty({ example: 'significance' }) criterion: string;
  @ApiProperty({ example: 'Signifikansi' }) name: string;
  @ApiProperty({ example: 30 }) weight: number;
  @ApiProperty({ description: 'The section text; empty when not written' }) text: string;
  @ApiPropertyOptional({ nullable: true, description: "The caller's own score of this criterion (a juror's); null otherwise" }) yourScore: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: "The caller's own comment on this criterion (a juror's); null otherwise" }) yourComment: string | null;
  @ApiProperty({ type: () => [JurorComment], description: "The jurors' comments on this criterion, for the jury and the edition's admins only (empty for anyone else, also after the decision)" })
  comments: JurorComment[];
}

export class ProposalView {
  @ApiProperty({ description: 'Ringkasan' }) summary: string;
  @ApiProperty({ type: [ProposalSectionView], description: "One per criterion of the edition, in the edition's order" }) sections: ProposalSectionView[];
}

/** An entry with its proposal, each section beside its criterion: what a juror's scoring answers. */
export class EntryWithProposal extends EntryView {
  @ApiProperty({ type: ProposalView }) proposal: ProposalView;
}

export class EntryDetail extends EntryWithProposal {
  @ApiProperty({ type: InnovationSnapshot, description: 'The innovation as it stood when submitted (for a draft: when last saved)' }) snapshot: InnovationSnapshot;
  @ApiProperty({ type: [FieldCheckView], description: "The jurors' field checks of a finalist, for the jury and the edition's admins only (empty for anyone else)" }) fieldChecks: FieldCheckView[];
}

/** One step of an entry's life, with the event it published. */
export class EntryTimelineStep {
  @ApiProperty({ description: "The entry's version after the step" }) version: number;
  @ApiProperty({ example: 'nomination.returned', description: 'The event the step published' }) type: string;
  @ApiProperty({ enum: ENTRY_STATES, description: 'The state after the step' }) state: EntryState;
  @ApiProperty({ description: 'Who took the step (token subject)' }) actor: string;
  @ApiProperty() actorRole: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiPropertyOptional({ nullable: true, description: 'The return note, rejection or withdrawal reason' }) note: string | null;
  @ApiPropertyOptional({ format: 'date', nullable: true, description: 'The deadline a return set' }) deadline: string | null;
}

export class RankingRow {
  @ApiProperty({ nullable: true, description: 'null until a juror has scored every criterion' }) rank: number | null;
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiProperty() innovationName: string;
  @ApiProperty() agencyName: string;
  @ApiProperty({ enum: ENTRY_STATES }) state: EntryState;
  @ApiProperty({ nullable: true, description: "What the rank is by. Proposal round: the entry's panel score centred on its panel (panel score − mean of the panel's entries + mean of all entries; the panel score itself when the jury has no panels). Final round: the final score" }) score: number | null;
  @ApiProperty({ type: Number, nullable: true, description: "Weighted mean over the jurors of the entry's panel (the whole jury without panels) with a complete sheet" }) panelScore: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The panel that scores the entry; null: the whole jury' }) panelId: string | null;
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
