import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { INITIATORS, INNOVATION_FORMS, INNOVATION_STAGES, type Initiator, type InnovationForm, type InnovationStage } from '../enums/index.js';
import { IsRegionCode } from '../validation/index.js';

/**
 * Bounds of the texts and lists an innovation carries, shared by the registry's HTTP DTOs and the
 * event contracts: a consumer must be able to store the largest record a producer may publish (the
 * registry's full-text index refused 1 MB of joined notes: "string is too long for tsvector").
 */
export const INNOVATION_NAME_MAX = 200;
export const INNOVATION_TEXT_MAX = 20_000;
export const INNOVATION_EVIDENCE_MAX = 100;

export class EvidenceLink {
  @ApiProperty({ example: 'regulasi', description: 'IID indicator the evidence supports' })
  @IsString()
  @MaxLength(100)
  indicator: string;

  @ApiProperty({ example: 'https://jdih.kuduskab.go.id/perbup-12-2023.pdf' })
  @IsString()
  @MaxLength(2000)
  url: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string | null;
}

/**
 * The whole innovation record as it stands after a change. Registry events carry it so that
 * consumers (replication, nomination, outside services) never need to read the registry's tables.
 */
export class InnovationSnapshot {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty({ description: 'Incremented by every change; send it back in If-Match to revise' }) @IsInt() @Min(1) version: number;
  @ApiProperty({ example: 'Jos Pakk: layanan perizinan daring' }) @IsString() @MaxLength(INNOVATION_NAME_MAX) name: string;
  @ApiProperty({ example: '33.19' }) @IsRegionCode() regionCode: string;
  @ApiProperty({ example: '33' }) @IsRegionCode() provinceCode: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() agencyId: string;
  @ApiProperty({ example: 'Dinas Kesehatan' }) @IsString() @MaxLength(200) agencyName: string;
  @ApiProperty({ example: 'teknologi' }) @IsString() @MaxLength(60) typeCode: string;
  @ApiProperty({ enum: INNOVATION_STAGES }) @IsIn(INNOVATION_STAGES) stage: InnovationStage;
  @ApiProperty({ enum: INITIATORS }) @IsIn(INITIATORS) initiator: Initiator;
  @ApiProperty() @IsBoolean() digital: boolean;
  @ApiProperty({ enum: INNOVATION_FORMS }) @IsIn(INNOVATION_FORMS) form: InnovationForm;
  @ApiProperty({ example: 'kesehatan', description: 'Government affair (urusan)' }) @IsString() @MaxLength(100) governmentAffair: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsISO8601() trialStartedOn: string | null;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsISO8601() implementedOn: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(INNOVATION_TEXT_MAX) problem: string | null;
  @ApiPropertyOptional({ description: 'Design and main changes (rancang bangun dan pokok perubahan)' }) @IsOptional() @IsString() @MaxLength(INNOVATION_TEXT_MAX) design: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(INNOVATION_TEXT_MAX) goals: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(INNOVATION_TEXT_MAX) benefits: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(INNOVATION_TEXT_MAX) results: string | null;
  @ApiPropertyOptional({ description: 'How a replicated innovation was adapted from its origin' }) @IsOptional() @IsString() @MaxLength(INNOVATION_TEXT_MAX) adaptationNotes?: string | null;
  @ApiProperty({ type: [EvidenceLink] }) @IsArray() @ArrayMaxSize(INNOVATION_EVIDENCE_MAX) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => EvidenceLink) evidence: EvidenceLink[];
  @ApiPropertyOptional({ format: 'uuid', description: 'The innovation this one replicates' }) @IsOptional() @IsUUID() originInnovationId: string | null;
  @ApiPropertyOptional({ description: 'The replication request that produced this record' }) @IsOptional() @IsString() @MaxLength(100) replicationRequestId: string | null;
  @ApiProperty({ example: 2022 }) @IsInt() yearRegistered: number;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601() retiredAt: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) retireReason: string | null;
  @ApiProperty({ format: 'date-time' }) @IsISO8601() registeredAt: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601() updatedAt: string;
}
