import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { DocumentMetadata } from './document-metadata.js';
import { INNOVATION_NAME_MAX, INNOVATION_TEXT_MAX } from './innovation-snapshot.js';
import { REPLICATION_MODELS, type ReplicationModel } from '../enums/index.js';
import { IsRegionCode } from '../validation/index.js';

/**
 * Where a replication request stands. `declined`, `completed`, `withdrawn` and `cancelled` are
 * final; the others are open. WARNING: these strings are stored and published; never rename one.
 */
export const REPLICATION_STATUSES = [
  'requested',
  'accepted',
  'declined',
  'agreement-signed',
  'in-progress',
  'implemented',
  'completed',
  'withdrawn',
  'cancelled',
] as const;
export type ReplicationStatus = (typeof REPLICATION_STATUSES)[number];

/** Statuses in which a request still counts as the one open request of its (innovation, adopter agency). */
export const OPEN_REPLICATION_STATUSES = ['requested', 'accepted', 'agreement-signed', 'in-progress', 'implemented'] as const satisfies readonly ReplicationStatus[];

/**
 * What a progress report records (domain research 5.1, steps 7-12): the action plan and team,
 * a knowledge transfer (studi tiru, mentoring, technical assistance), how the innovation was
 * adapted, and trial results.
 */
/** Free text of a request (reason, plan, a progress report's summary, the benefit evaluation). */
export const REPLICATION_TEXT_MAX = 10_000;
/** A note left on a transition. */
export const REPLICATION_NOTE_MAX = 2_000;
/**
 * Progress reports one request may have. Unbounded, 112 reports of 10,000 characters became 1 MB of
 * adaptation notes in replication.completed, which the registry could not index (issue 19).
 */
export const REPLICATION_PROGRESS_MAX = 100;

export const REPLICATION_PROGRESS_KINDS = ['action-plan', 'knowledge-transfer', 'adaptation', 'trial'] as const;
export type ReplicationProgressKind = (typeof REPLICATION_PROGRESS_KINDS)[number];

export class ReplicationFacilitator {
  @ApiProperty({ example: 'JIPP Jawa Tengah (BRIDA Provinsi)' }) @IsString() @MaxLength(200) name: string;
  @ApiPropertyOptional({ type: String, example: '33', nullable: true }) @IsOptional() @IsRegionCode() regionCode?: string | null;
}

export class ReplicationAgreement {
  @ApiProperty({ example: '180/12/2024', description: 'Nota Kesepakatan (MoU) between the heads of region' }) @IsString() @MaxLength(100) mouNumber: string;
  @ApiProperty({ format: 'date' }) @IsISO8601() mouSignedOn: string;
  @ApiProperty({ example: '050/34/2024', description: 'Perjanjian Kerja Sama (PKS) between the heads of agency' }) @IsString() @MaxLength(100) pksNumber: string;
  @ApiProperty({ format: 'date' }) @IsISO8601() pksSignedOn: string;
}

/**
 * The request as it stands after a change. Every replication event carries it, so a consumer
 * (notifications, analytics, the nomination service) never reads the replication tables. The
 * contact person, the reason and the plan stay out: personal data does not belong in queues.
 */
export class ReplicationRequestSnapshot {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty({ description: 'Incremented by every change; events carry it as aggregateVersion' }) @IsInt() @Min(1) version: number;
  @ApiProperty({ enum: REPLICATION_STATUSES }) @IsIn(REPLICATION_STATUSES) status: ReplicationStatus;
  @ApiProperty({ enum: REPLICATION_MODELS }) @IsIn(REPLICATION_MODELS) model: ReplicationModel;
  @ApiProperty({ format: 'uuid' }) @IsUUID() originInnovationId: string;
  @ApiProperty({ example: 'Jos Pakk: layanan perizinan daring' }) @IsString() @MaxLength(INNOVATION_NAME_MAX) originInnovationName: string;
  @ApiProperty({ example: '33.19' }) @IsRegionCode() originRegionCode: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() originAgencyId: string;
  @ApiProperty({ example: '33.21' }) @IsRegionCode() adopterRegionCode: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() adopterAgencyId: string;
  @ApiProperty({ example: 'Dinas Penanaman Modal dan PTSP' }) @IsString() @MaxLength(200) adopterAgencyName: string;
  @ApiPropertyOptional({ type: ReplicationFacilitator, nullable: true })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ReplicationFacilitator)
  facilitator: ReplicationFacilitator | null;
  @ApiPropertyOptional({ type: ReplicationAgreement, nullable: true })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ReplicationAgreement)
  agreement: ReplicationAgreement | null;
  @ApiPropertyOptional({ format: 'date', nullable: true }) @IsOptional() @IsISO8601() implementedOn: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(INNOVATION_NAME_MAX) adopterInnovationName: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, description: 'Set when the origin innovation was retired while this request was open' })
  @IsOptional() @IsISO8601() originRetiredAt: string | null;
  @ApiProperty({ format: 'date-time' }) @IsISO8601() requestedAt: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) @IsOptional() @IsISO8601() closedAt: string | null;
  @ApiProperty({ format: 'date-time' }) @IsISO8601() updatedAt: string;
}

abstract class ReplicationEventPayload {
  @ApiProperty({ type: ReplicationRequestSnapshot }) @IsObject() @ValidateNested() @Type(() => ReplicationRequestSnapshot) request: ReplicationRequestSnapshot;
  @ApiPropertyOptional({ nullable: true, description: 'Note the acting party left on the transition' }) @IsOptional() @IsString() @MaxLength(REPLICATION_NOTE_MAX) note?: string | null;
}

/** replication.requested v1: an adopter asked to replicate an origin innovation. */
export class ReplicationRequestedV1 extends ReplicationEventPayload {}
/** replication.accepted v1: the origin region agreed. */
export class ReplicationAcceptedV1 extends ReplicationEventPayload {}
/** replication.declined v1: the origin region refused; `note` holds its reason. */
export class ReplicationDeclinedV1 extends ReplicationEventPayload {}
/** replication.agreement-signed v1: MoU and PKS signed (kerja-sama, fasilitasi); the numbers are in request.agreement. */
export class ReplicationAgreementSignedV1 extends ReplicationEventPayload {}

export class ReplicationProgressReport {
  @ApiProperty({ enum: REPLICATION_PROGRESS_KINDS }) @IsIn(REPLICATION_PROGRESS_KINDS) kind: ReplicationProgressKind;
  @ApiProperty() @IsString() @MaxLength(REPLICATION_TEXT_MAX) summary: string;
  @ApiPropertyOptional({ format: 'date', nullable: true }) @IsOptional() @IsISO8601() happenedOn: string | null;
}

/** replication.progressed v1: the adopter reported progress (the first report moves the request to in-progress). */
export class ReplicationProgressedV1 extends ReplicationEventPayload {
  @ApiProperty({ type: ReplicationProgressReport }) @IsObject() @ValidateNested() @Type(() => ReplicationProgressReport) report: ReplicationProgressReport;
}
/** replication.implemented v1: the adopter runs the innovation; request.implementedOn says since when. */
export class ReplicationImplementedV1 extends ReplicationEventPayload {}
/** replication.withdrawn v1: the adopter gave up; `note` holds why. */
export class ReplicationWithdrawnV1 extends ReplicationEventPayload {}
/** replication.cancelled v1: the origin region or an overseeing admin called it off; `note` holds why. */
export class ReplicationCancelledV1 extends ReplicationEventPayload {}

/**
 * replication.origin-retired v1: the origin innovation was retired in the registry while this
 * request was open. The request stays open: its parties decide whether to carry on, withdraw or cancel.
 */
export class ReplicationOriginRetiredV1 extends ReplicationEventPayload {
  @ApiProperty({ format: 'date-time' }) @IsISO8601() retiredAt: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(1000) retireReason: string | null;
}

/**
 * replication.completed v1: an adopter finished replicating an origin innovation and evaluated its
 * benefit. The registry consumes it and records the adopter's own innovation, linked to the origin.
 * Keep it compatible: consumers deploy apart, so only optional fields may be added.
 */
export class ReplicationCompletedV1 {
  @ApiProperty({ format: 'uuid' }) @IsUUID() requestId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() originInnovationId: string;
  @ApiProperty({ example: '33.19' }) @IsRegionCode() originRegionCode: string;
  @ApiProperty({ example: '33.21' }) @IsRegionCode() adopterRegionCode: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() adopterAgencyId: string;
  @ApiProperty({ enum: REPLICATION_MODELS }) @IsIn(REPLICATION_MODELS) model: ReplicationModel;
  @ApiPropertyOptional({ description: "The adopter's name for its innovation; the origin's name when absent" })
  @IsOptional() @IsString() @MaxLength(INNOVATION_NAME_MAX) adopterInnovationName?: string | null;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsISO8601() implementedOn?: string | null;
  @ApiPropertyOptional({ description: 'Stored by the registry as the innovation\'s adaptation notes, so bounded as they are there' })
  @IsOptional() @IsString() @MaxLength(INNOVATION_TEXT_MAX) adaptationNotes?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(REPLICATION_TEXT_MAX) benefitEvaluation?: string | null;
  @ApiProperty({ format: 'date-time' }) @IsISO8601() completedAt: string;
  @ApiPropertyOptional({ type: ReplicationRequestSnapshot, description: 'The whole request as completed (added after v1 first shipped; optional)' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ReplicationRequestSnapshot)
  request?: ReplicationRequestSnapshot;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(REPLICATION_NOTE_MAX) note?: string | null;
}

/**
 * replication.document-added v1: a party attached a document to a replication request (the letter
 * of interest, the MoU, the PKS, a progress report, the evaluation). The document is the event's
 * aggregate (version 1 added, 2 removed), so the request's own versions, which If-Match and its
 * timeline follow, do not move; the metadata only, never the bytes or a link.
 */
export class ReplicationDocumentAddedV1 {
  @ApiProperty({ format: 'uuid' }) @IsUUID() requestId: string;
  @ApiProperty({ example: '33.19' }) @IsRegionCode() originRegionCode: string;
  @ApiProperty({ example: '33.21' }) @IsRegionCode() adopterRegionCode: string;
  @ApiProperty({ type: DocumentMetadata }) @IsObject() @ValidateNested() @Type(() => DocumentMetadata) document: DocumentMetadata;
}

/** replication.document-removed v1: a document was taken off a replication request; its metadata stays in the audit. */
export class ReplicationDocumentRemovedV1 extends ReplicationDocumentAddedV1 {}
