import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  registerDecorator,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { REPLICATION_MODELS, type ReplicationModel } from '../../enums/index.js';
import { REPLICATION_NOTE_MAX, REPLICATION_PROGRESS_KINDS, REPLICATION_TEXT_MAX, type ReplicationProgressKind } from '../../events/replication.events.js';
import { IsNotBefore, IsRegionCode } from '../../validation/index.js';
import { isCalendarDate } from '../registry/innovation.dto.js';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
const IsCalendarDate = () => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isCalendarDate',
    target: target.constructor,
    propertyName,
    options: { message: '$property must be a date as YYYY-MM-DD' },
    validator: { validate: isCalendarDate },
  });


/** Required, trimmed, bounded free text. */
const Text = (max: number) => (target: object, propertyName: string) => {
  IsString()(target, propertyName);
  trim()(target, propertyName);
  IsNotEmpty()(target, propertyName);
  MaxLength(max)(target, propertyName);
};

export class ReplicationContactDto {
  @ApiProperty({ example: 'Siti Rahayu' }) @Text(200) name: string;
  @ApiPropertyOptional({ example: 'Kepala Bidang Inovasi, Bappeda Demak' }) @IsOptional() @IsString() @trim() @MaxLength(200) position?: string;
  @ApiPropertyOptional({ example: '+62 291 685877', description: 'Required when no email is given' })
  @ValidateIf((o: ReplicationContactDto) => o.phone !== undefined || !o.email)
  @IsDefined({ message: 'phone is required when no email is given' })
  @IsString() @Matches(/^\+?[0-9][0-9 ()-]{5,24}$/, { message: 'phone must be a telephone number such as +62 291 685877' })
  phone?: string;
  @ApiPropertyOptional({ example: 'inovasi@demakkab.go.id', description: 'Required when no phone is given' })
  @ValidateIf((o: ReplicationContactDto) => o.email !== undefined || !o.phone)
  @IsDefined({ message: 'email is required when no phone is given' })
  @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(200)
  email?: string;
}

export class ReplicationFacilitatorDto {
  @ApiProperty({ example: 'JIPP Jawa Tengah (BRIDA Provinsi)' }) @Text(200) name: string;
  @ApiPropertyOptional({ example: '33', description: "The facilitator's region, when it is a government hub" }) @IsOptional() @IsRegionCode() regionCode?: string;
}

export class CreateReplicationRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The innovation to replicate; it must be in penerapan and not retired' })
  @IsUUID() originInnovationId: string;

  @ApiProperty({ example: '33.21', description: "The adopter's regency/city (or province, for a provincial OPD); not the origin's" })
  @IsRegionCode() adopterRegionCode: string;

  @ApiProperty({ format: 'uuid', description: 'The adopting agency (OPD) of adopterRegionCode' })
  @IsUUID() adopterAgencyId: string;

  @ApiProperty({ enum: REPLICATION_MODELS, description: 'mandiri skips the agreement; kerja-sama and fasilitasi need MoU and PKS' })
  @IsIn(REPLICATION_MODELS) model: ReplicationModel;

  @ApiPropertyOptional({ type: ReplicationFacilitatorDto, description: 'Required for fasilitasi' })
  @ValidateIf((o: CreateReplicationRequestDto) => o.model === 'fasilitasi' || o.facilitator !== undefined)
  @IsDefined({ message: 'facilitator is required for the fasilitasi model' })
  @IsObject() @ValidateNested() @Type(() => ReplicationFacilitatorDto)
  facilitator?: ReplicationFacilitatorDto;

  @ApiProperty({ description: 'Why the adopter needs this innovation (kebutuhan, surat minat)' }) @Text(REPLICATION_TEXT_MAX) reason: string;
  @ApiProperty({ description: 'How the adopter means to carry it out: team, budget, timeline' }) @Text(REPLICATION_TEXT_MAX) plan: string;

  @ApiProperty({ type: ReplicationContactDto })
  @IsObject() @ValidateNested() @Type(() => ReplicationContactDto)
  contact: ReplicationContactDto;
}

export class AcceptReplicationDto {
  @ApiPropertyOptional({ example: 'Silakan; kami siapkan pendampingan teknis.' }) @IsOptional() @IsString() @trim() @MaxLength(REPLICATION_NOTE_MAX) note?: string;
}

/** Declining, withdrawing and cancelling each say why: the other party reads it on the timeline. */
export class ReasonedTransitionDto {
  @ApiProperty({ example: 'Sistem sedang dimigrasikan; ajukan kembali tahun depan.' }) @Text(REPLICATION_NOTE_MAX) reason: string;
}

export class SignAgreementDto {
  @ApiProperty({ example: '180/12/2024', description: 'Nomor Nota Kesepakatan (MoU) between the heads of region' }) @Text(100) mouNumber: string;
  @ApiProperty({ format: 'date', example: '2024-03-04' }) @IsCalendarDate() mouSignedOn: string;
  @ApiProperty({ example: '050/34/2024', description: 'Nomor Perjanjian Kerja Sama (PKS) between the heads of agency' }) @Text(100) pksNumber: string;
  @ApiProperty({ format: 'date', example: '2024-03-18', description: 'Not before mouSignedOn: the PKS carries out the MoU' })
  @IsCalendarDate() @IsNotBefore('mouSignedOn')
  pksSignedOn: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @trim() @MaxLength(REPLICATION_NOTE_MAX) note?: string;
}

export class ReportProgressDto {
  @ApiProperty({ enum: REPLICATION_PROGRESS_KINDS, description: 'action-plan, knowledge-transfer (studi tiru, mentoring), adaptation, trial' })
  @IsIn(REPLICATION_PROGRESS_KINDS) kind: ReplicationProgressKind;
  @ApiProperty({ example: 'Studi tiru ke DPMPTSP Kudus, 12 peserta.' }) @Text(REPLICATION_TEXT_MAX) summary: string;
  @ApiPropertyOptional({ format: 'date', description: 'When it happened; not in the future' }) @IsOptional() @IsCalendarDate() happenedOn?: string;
}

export class ImplementReplicationDto {
  @ApiProperty({ format: 'date', example: '2024-09-02', description: 'Since when the adopter runs it; not in the future' }) @IsCalendarDate() implementedOn: string;
  @ApiPropertyOptional({ example: 'Jos Pakk Demak', maxLength: 200, description: "The adopter's name for it; the registry uses the origin's name when absent" })
  @IsOptional() @IsString() @trim() @IsNotEmpty() @MaxLength(200)
  adopterInnovationName?: string;
  @ApiPropertyOptional({ description: "How it was adapted; the adaptation progress reports' summaries when absent" })
  @IsOptional() @IsString() @trim() @MaxLength(REPLICATION_TEXT_MAX)
  adaptationNotes?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @trim() @MaxLength(REPLICATION_NOTE_MAX) note?: string;
}

export class CompleteReplicationDto {
  @ApiProperty({ example: 'Izin usaha terbit rata-rata 3 hari, sebelumnya 12 hari.', description: 'Evaluasi manfaat/dampak' })
  @Text(REPLICATION_TEXT_MAX) benefitEvaluation: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @trim() @MaxLength(REPLICATION_NOTE_MAX) note?: string;
}
