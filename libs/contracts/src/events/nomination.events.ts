import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsNumber, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsRegionCode } from '../validation/index.js';
import {
  COMPETITION_LEVELS,
  ENTRY_CATEGORIES,
  ENTRY_STATES,
  NATIONAL_RESULTS,
  OBJECTION_OUTCOMES,
  PROPOSAL_SECTION_MAX_CHARS,
  PROPOSAL_SUMMARY_MAX_CHARS,
  type CompetitionLevel,
  type EntryCategory,
  type EntryState,
  type NationalResult,
  type ObjectionOutcome,
} from './competition.events.js';
import { DocumentMetadata } from './document-metadata.js';
import { InnovationSnapshot } from './innovation-snapshot.js';

/** An entry as it stands after a change, without its innovation snapshot (nomination.submitted carries that once). */
export class EntrySummary {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiProperty({ format: 'uuid' }) @IsUUID() editionId: string;
  @ApiProperty({ enum: COMPETITION_LEVELS }) @IsIn(COMPETITION_LEVELS) level: CompetitionLevel;
  @ApiProperty({ example: 2022 }) @IsInt() year: number;
  @ApiPropertyOptional({ type: String, nullable: true, example: '33.19' }) @IsOptional() @IsRegionCode() ownerRegionCode: string | null;
  @ApiProperty({ format: 'uuid' }) @IsUUID() innovationId: string;
  @ApiProperty({ description: 'The registry version the snapshot was taken at' }) @IsInt() innovationVersion: number;
  @ApiProperty() @IsString() @MaxLength(200) innovationName: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() agencyId: string;
  @ApiProperty() @IsString() @MaxLength(200) agencyName: string;
  @ApiProperty({ example: '33.19' }) @IsRegionCode() regionCode: string;
  @ApiProperty({ example: '33' }) @IsRegionCode() provinceCode: string;
  @ApiProperty({ enum: ENTRY_STATES }) @IsIn(ENTRY_STATES) state: EntryState;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'The lower-level entry this one was forwarded from' })
  @IsOptional() @IsUUID() sourceEntryId: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsNumber() proposalScore: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() rank: number | null;
  @ApiPropertyOptional({ enum: NATIONAL_RESULTS, nullable: true }) @IsOptional() @IsIn(NATIONAL_RESULTS) nationalResult: NationalResult | null;
  @ApiPropertyOptional({ enum: ENTRY_CATEGORIES, nullable: true, description: "The category of a national edition's entry" })
  @IsOptional() @IsIn(ENTRY_CATEGORIES)
  category?: EntryCategory | null;
  @ApiProperty({ format: 'date-time', description: 'When the entry was created (as a draft, or submitted straight away)' }) @IsISO8601() submittedAt: string;
}

/** One section of a KIPP proposal: the text a criterion is scored against. */
export class ProposalSection {
  @ApiProperty({ example: 'significance', description: 'The criterion of the edition this section answers' }) @IsString() @MaxLength(60) criterion: string;
  @ApiProperty({ maxLength: PROPOSAL_SECTION_MAX_CHARS }) @IsString() @MaxLength(PROPOSAL_SECTION_MAX_CHARS) text: string;
}

/** The proposal the jurors read: the summary (ringkasan) and one text per criterion of the edition. */
export class Proposal {
  @ApiProperty({ maxLength: PROPOSAL_SUMMARY_MAX_CHARS, description: 'Ringkasan; empty until written' }) @IsString() @MaxLength(PROPOSAL_SUMMARY_MAX_CHARS) summary: string;
  @ApiProperty({ type: [ProposalSection], description: 'Sections written so far, in the order of the edition\'s criteria' })
  @IsArray() @ArrayMaxSize(20) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => ProposalSection)
  sections: ProposalSection[];
}

abstract class EntryEventPayload {
  @ApiProperty({ type: EntrySummary }) @IsObject() @ValidateNested() @Type(() => EntrySummary) entry: EntrySummary;
}

/** nomination.submitted v1: an entry, with the innovation as it stood when submitted (or forwarded), and its proposal. */
export class NominationSubmittedV1 extends EntryEventPayload {
  @ApiProperty({ type: InnovationSnapshot }) @IsObject() @ValidateNested() @Type(() => InnovationSnapshot) snapshot: InnovationSnapshot;
  @ApiPropertyOptional({ type: Proposal }) @IsOptional() @IsObject() @ValidateNested() @Type(() => Proposal) proposal?: Proposal;
}

/** nomination.drafted v1: an agency started an entry; the jury does not see it until it is submitted. */
export class NominationDraftedV1 extends EntryEventPayload {}

/** nomination.proposal-changed v1: the agency changed the proposal of its draft or of an entry returned for correction. */
export class NominationProposalChangedV1 extends EntryEventPayload {
  @ApiProperty({ type: Proposal }) @IsObject() @ValidateNested() @Type(() => Proposal) proposal: Proposal;
}

/** nomination.returned v1: the administrative check sent the entry back for correction, with a note and a deadline. */
export class NominationReturnedV1 extends EntryEventPayload {
  @ApiProperty({ example: 'Lampirkan SK inovator' }) @IsString() @MaxLength(2000) note: string;
  @ApiProperty({ format: 'date', example: '2022-11-16', description: 'Last day (WIB) to resubmit' }) @Matches(/^\d{4}-\d{2}-\d{2}$/) deadline: string;
}

/** nomination.resubmitted v1: the agency corrected a returned entry within its deadline; it awaits the check again. */
export class NominationResubmittedV1 extends EntryEventPayload {
  @ApiProperty({ type: Proposal }) @IsObject() @ValidateNested() @Type(() => Proposal) proposal: Proposal;
}

/** nomination.withdrawn v1: the agency withdrew its entry before the decision. */
export class NominationWithdrawnV1 extends EntryEventPayload {
  @ApiProperty({ enum: ENTRY_STATES, description: 'The state it was withdrawn from' }) @IsIn(ENTRY_STATES) fromState: EntryState;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(2000) reason: string | null;
}

/** nomination.admitted v1: passed the administrative check. */
export class NominationAdmittedV1 extends EntryEventPayload {}

/** nomination.rejected v1: failed the administrative check. */
export class NominationRejectedV1 extends EntryEventPayload {
  @ApiProperty() @IsString() @MaxLength(2000) reason: string;
}

/** What a juror's field check (verifikasi lapangan) of a finalist found. */
export const FIELD_CHECK_OUTCOMES = ['confirmed', 'not-confirmed'] as const;
export type FieldCheckOutcome = (typeof FIELD_CHECK_OUTCOMES)[number];

/** nomination.field-checked v1: a juror recorded the field check of a finalist, in the field-check phase. */
export class NominationFieldCheckedV1 extends EntryEventPayload {
  @ApiProperty() @IsString() jurorId: string;
  @ApiProperty({ enum: FIELD_CHECK_OUTCOMES }) @IsIn(FIELD_CHECK_OUTCOMES) outcome: FieldCheckOutcome;
}

/** nomination.scored v1: a juror's sheet (proposal) or presentation score changed the entry's score. */
export class NominationScoredV1 extends EntryEventPayload {
  @ApiProperty({ enum: ['proposal', 'presentation'] }) @IsIn(['proposal', 'presentation']) round: 'proposal' | 'presentation';
  @ApiProperty() @IsString() jurorId: string;
  @ApiPropertyOptional({ nullable: true, description: "The entry's score in this round after the change" }) @IsOptional() @IsNumber() score: number | null;
  @ApiProperty({ description: 'Jurors whose complete score counts in this round' }) @IsInt() jurors: number;
}

/** nomination.finalist v1 */
export class NominationFinalistV1 extends EntryEventPayload {}

/** nomination.objection-filed v1: a public objection (sanggah) against a finalist. */
export class NominationObjectionFiledV1 extends EntryEventPayload {
  @ApiProperty({ format: 'uuid' }) @IsUUID() objectionId: string;
  @ApiProperty() @IsString() @MaxLength(4000) reason: string;
}

/** nomination.objection-resolved v1: upheld disqualifies the entry, dismissed keeps it. */
export class NominationObjectionResolvedV1 extends EntryEventPayload {
  @ApiProperty({ format: 'uuid' }) @IsUUID() objectionId: string;
  @ApiProperty({ enum: OBJECTION_OUTCOMES }) @IsIn(OBJECTION_OUTCOMES) outcome: ObjectionOutcome;
  @ApiProperty() @IsString() @MaxLength(4000) note: string;
}

/** nomination.won v1 */
export class NominationWonV1 extends EntryEventPayload {
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) rank: number;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsNumber() finalScore: number | null;
}

/** nomination.not-selected v1 */
export class NominationNotSelectedV1 extends EntryEventPayload {}

/** nomination.forwarded v1: a winner went on to the next level as a linked entry; the source keeps its state. */
export class NominationForwardedV1 extends EntryEventPayload {
  @ApiProperty({ type: EntrySummary, description: 'The new entry in the target edition' })
  @IsObject() @ValidateNested() @Type(() => EntrySummary)
  forwardedEntry: EntrySummary;
}

/** nomination.national-result v1: the national (KemenPANRB) result of a national entry. */
export class NominationNationalResultV1 extends EntryEventPayload {
  @ApiProperty({ enum: NATIONAL_RESULTS }) @IsIn(NATIONAL_RESULTS) result: NationalResult;
  @ApiPropertyOptional({ enum: NATIONAL_RESULTS, nullable: true }) @IsOptional() @IsIn(NATIONAL_RESULTS) previousResult: NationalResult | null;
}

/** nomination.document-added v1: an evidence document was attached to an entry (its metadata only). */
export class NominationDocumentAddedV1 extends EntryEventPayload {
  @ApiProperty({ type: DocumentMetadata }) @IsObject() @ValidateNested() @Type(() => DocumentMetadata) document: DocumentMetadata;
}

/** nomination.document-removed v1: a document was taken off an entry; its metadata stays in the audit. */
export class NominationDocumentRemovedV1 extends EntryEventPayload {
  @ApiProperty({ type: DocumentMetadata }) @IsObject() @ValidateNested() @Type(() => DocumentMetadata) document: DocumentMetadata;
}
