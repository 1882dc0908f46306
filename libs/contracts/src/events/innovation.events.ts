import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { IsRegionCode } from '../validation/index.js';
import { INNOVATION_STAGES, type InnovationStage } from '../enums/index.js';
import { DocumentMetadata } from './document-metadata.js';
import { InnovationSnapshot } from './innovation-snapshot.js';

abstract class InnovationEventPayload {
  @ApiProperty({ type: InnovationSnapshot })
  @IsObject() @ValidateNested()
  @Type(() => InnovationSnapshot)
  innovation: InnovationSnapshot;
}

/** innovation.registered v1: a new master record, including one recorded from a completed replication. */
export class InnovationRegisteredV1 extends InnovationEventPayload {}

/** innovation.revised v1 */
export class InnovationRevisedV1 extends InnovationEventPayload {
  @ApiProperty({ type: [String], description: 'Names of the fields this revision changed' })
  @IsArray()
  @ArrayMaxSize(40)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  changedFields: string[];
}

/** innovation.stage-changed v1 */
export class InnovationStageChangedV1 extends InnovationEventPayload {
  @ApiProperty({ enum: INNOVATION_STAGES }) @IsIn(INNOVATION_STAGES) fromStage: InnovationStage;
  @ApiProperty({ enum: INNOVATION_STAGES }) @IsIn(INNOVATION_STAGES) toStage: InnovationStage;
}

/** innovation.retired v1 */
export class InnovationRetiredV1 extends InnovationEventPayload {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) reason: string | null;
}

/**
 * innovation.document-added v1: an evidence document was attached to an innovation. The document
 * is the event's aggregate (version 1 added, 2 removed), so the innovation's own versions, which
 * its readers order by, do not move; the metadata only, never the bytes or a link.
 */
export class InnovationDocumentAddedV1 {
  @ApiProperty({ format: 'uuid' }) @IsUUID() innovationId: string;
  @ApiProperty({ example: '33.19' }) @IsRegionCode() regionCode: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() agencyId: string;
  @ApiProperty({ type: DocumentMetadata }) @IsObject() @ValidateNested() @Type(() => DocumentMetadata) document: DocumentMetadata;
}

/** innovation.document-removed v1: a document was taken off an innovation; its metadata stays in the audit. */
export class InnovationDocumentRemovedV1 extends InnovationDocumentAddedV1 {}
