import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Min,
  ValidateNested,
} from 'class-validator';
import { INITIATORS, INNOVATION_FORMS, INNOVATION_STAGES, type Initiator, type InnovationForm, type InnovationStage } from '../enums/index.js';
import { IsRegionCode } from '../validation/index.js';

export class EvidenceLink {
  @ApiProperty({ example: 'regulasi', description: 'IID indicator the evidence supports' })
  @IsString()
  indicator: string;

  @ApiProperty({ example: 'https://jdih.kuduskab.go.id/perbup-12-2023.pdf' })
  @IsString()
  url: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  note?: string | null;
}

/**
 * The whole innovation record as it stands after a change. Registry events carry it so that
 * consumers (replication, nomination, outside services) never need to read the registry's tables.
 */
export class InnovationSnapshot {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty({ description: 'Incremented by every change; send it back in If-Match to revise' }) @IsInt() @Min(1) version: number;
  @ApiProperty({ example: 'Jos Pakk: layanan perizinan daring' }) @IsString() name: string;
  @ApiProperty({ example: '33.19' }) @IsRegionCode() regionCode: string;
  @ApiProperty({ example: '33' }) @IsRegionCode() provinceCode: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() agencyId: string;
  @ApiProperty({ example: 'Dinas Kesehatan' }) @IsString() agencyName: string;
  @ApiProperty({ example: 'teknologi' }) @IsString() typeCode: string;
  @ApiProperty({ enum: INNOVATION_STAGES }) @IsIn(INNOVATION_STAGES) stage: InnovationStage;
  @ApiProperty({ enum: INITIATORS }) @IsIn(INITIATORS) initiator: Initiator;
  @ApiProperty() @IsBoolean() digital: boolean;
  @ApiProperty({ enum: INNOVATION_FORMS }) @IsIn(INNOVATION_FORMS) form: InnovationForm;
  @ApiProperty({ example: 'kesehatan', description: 'Government affair (urusan)' }) @IsString() governmentAffair: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsISO8601() trialStartedOn: string | null;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsISO8601() implementedOn: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() problem: string | null;
  @ApiPropertyOptional({ description: 'Design and main changes (rancang bangun dan pokok perubahan)' }) @IsOptional() @IsString() design: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() goals: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() benefits: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() results: string | null;
  @ApiPropertyOptional({ description: 'How a replicated innovation was adapted from its origin' }) @IsOptional() @IsString() adaptationNotes?: string | null;
  @ApiProperty({ type: [EvidenceLink] }) @IsArray() @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => EvidenceLink) evidence: EvidenceLink[];
  @ApiPropertyOptional({ format: 'uuid', description: 'The innovation this one replicates' }) @IsOptional() @IsUUID() originInnovationId: string | null;
  @ApiPropertyOptional({ description: 'The replication request that produced this record' }) @IsOptional() @IsString() replicationRequestId: string | null;
  @ApiProperty({ example: 2022 }) @IsInt() yearRegistered: number;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601() retiredAt: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() retireReason: string | null;
  @ApiProperty({ format: 'date-time' }) @IsISO8601() registeredAt: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601() updatedAt: string;
}
