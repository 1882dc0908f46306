import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { REPLICATION_MODELS, type ReplicationModel } from '../enums/index.js';
import { IsRegionCode } from '../validation/index.js';

/**
 * replication.completed v1: an adopter finished replicating an origin innovation and evaluated its
 * benefit. The registry consumes it and records the adopter's own innovation, linked to the origin.
 */
export class ReplicationCompletedV1 {
  @ApiProperty({ format: 'uuid' }) @IsUUID() requestId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() originInnovationId: string;
  @ApiProperty({ example: '33.19' }) @IsRegionCode() originRegionCode: string;
  @ApiProperty({ example: '33.21' }) @IsRegionCode() adopterRegionCode: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() adopterAgencyId: string;
  @ApiProperty({ enum: REPLICATION_MODELS }) @IsIn(REPLICATION_MODELS) model: ReplicationModel;
  @ApiPropertyOptional({ description: "The adopter's name for its innovation; the origin's name when absent" })
  @IsOptional() @IsString() @MaxLength(200) adopterInnovationName?: string | null;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsISO8601() implementedOn?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() adaptationNotes?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() benefitEvaluation?: string | null;
  @ApiProperty({ format: 'date-time' }) @IsISO8601() completedAt: string;
}
