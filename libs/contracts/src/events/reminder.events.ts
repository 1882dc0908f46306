import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsObject, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsRegionCode } from '../validation/index.js';
import { COMPETITION_PHASES, EditionSnapshot, type CompetitionPhase } from './competition.events.js';
import { ReplicationRequestSnapshot } from './replication.events.js';

/** An agency as a reminder names it. */
export class RemindedAgency {
  @ApiProperty({ format: 'uuid' }) @IsUUID() agencyId: string;
  @ApiProperty({ example: 'Dinas Kesehatan' }) @IsString() @MaxLength(200) agencyName: string;
  @ApiProperty({ example: '33.19' }) @IsRegionCode() regionCode: string;
}

/**
 * competition.deadline-approaching v1: a phase window of an edition closes in `daysLeft` days (one
 * of the service's REMINDER_DAYS_BEFORE), for a notification service to tell those concerned.
 * Published once per edition, phase, last day and reminder day: an extended window reminds again.
 * For the submission window it names the agencies of the owner's area, as the nomination service
 * knows them from their registered innovations, that have no submitted entry yet.
 */
export class CompetitionDeadlineApproachingV1 {
  @ApiProperty({ type: EditionSnapshot }) @IsObject() @ValidateNested() @Type(() => EditionSnapshot) edition: EditionSnapshot;
  @ApiProperty({ enum: COMPETITION_PHASES }) @IsIn(COMPETITION_PHASES) phase: CompetitionPhase;
  @ApiProperty({ format: 'date', example: '2022-11-13', description: 'The last day of the window (WIB)' }) @IsISO8601() endsOn: string;
  @ApiProperty({ example: 7, description: 'Days from the reminder to the last day' }) @IsInt() @Min(0) @Max(366) daysLeft: number;
  @ApiProperty({ type: [RemindedAgency], description: 'Submission window only: the agencies without a submitted entry (empty otherwise)' })
  @IsArray() @ArrayMaxSize(10_000) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => RemindedAgency)
  agenciesWithoutEntry: RemindedAgency[];
}

/**
 * replication.stalled v1: an open replication request has had no step by either party for the
 * service's REPLICATION_STALLED_DAYS, for a notification service to nudge both regions. Published
 * once per request and last activity: a step taken later and then left idle again reminds again.
 */
export class ReplicationStalledV1 {
  @ApiProperty({ type: ReplicationRequestSnapshot }) @IsObject() @ValidateNested() @Type(() => ReplicationRequestSnapshot) request: ReplicationRequestSnapshot;
  @ApiProperty({ format: 'date-time', description: 'The last step a party took' }) @IsISO8601() lastActivityAt: string;
  @ApiProperty({ example: 30, description: 'Whole days since that step' }) @IsInt() @Min(0) idleDays: number;
}

/** An agency without an innovation in the year, as the compliance reminder names it. */
export class AgencyWithoutInnovation {
  @ApiProperty({ format: 'uuid' }) @IsUUID() agencyId: string;
  @ApiProperty({ example: 'Dinas Pendidikan' }) @IsString() @MaxLength(200) agencyName: string;
}

/**
 * compliance.reminder v1: from COMPLIANCE_REMINDER_FROM in the last quarter, a regency/city (or a
 * province's own OPDs) still has agencies without an innovation registered in the year ("Satu OPD
 * Satu Inovasi"). Published once per region and year.
 */
export class ComplianceReminderV1 {
  @ApiProperty({ example: '33.19' }) @IsRegionCode() regionCode: string;
  @ApiProperty({ example: 'Kabupaten Kudus' }) @IsString() @MaxLength(200) regionName: string;
  @ApiProperty({ example: 2022 }) @IsInt() @Min(2000) @Max(2100) year: number;
  @ApiProperty({ description: "The region's agencies counted for the year" }) @IsInt() @Min(0) agencies: number;
  @ApiProperty({ type: [AgencyWithoutInnovation] })
  @IsArray() @ArrayMaxSize(10_000) @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => AgencyWithoutInnovation)
  withoutInnovation: AgencyWithoutInnovation[];
}
