import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ENTRY_STATES, NATIONAL_RESULTS, type EntryState, type NationalResult } from '../../events/competition.events.js';
import { IsRegionCode } from '../../validation/index.js';

const toInt = () => Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value));

export class TrackingQuery {
  @ApiProperty({ example: '33' }) @Matches(/^\d{2}$/, { message: 'province must be a Kemendagri province code such as "33"' }) province: string;
  @ApiProperty({ example: 2022, description: 'The year of the regency and province editions; national results follow the entries into later years' })
  @toInt() @IsInt() @Min(2000) @Max(2100)
  year: number;
  @ApiPropertyOptional({ example: '33.19', description: 'Only this regency/city' }) @IsOptional() @IsRegionCode() region?: string;
}

export class TrackingLevelStep {
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiProperty({ format: 'uuid' }) editionId: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: ENTRY_STATES }) state: EntryState;
  @ApiPropertyOptional({ nullable: true }) rank: number | null;
  @ApiPropertyOptional({ enum: NATIONAL_RESULTS, nullable: true }) nationalResult: NationalResult | null;
}

export class TrackedEntry {
  @ApiProperty({ format: 'uuid' }) innovationId: string;
  @ApiProperty() innovationName: string;
  @ApiProperty() agencyName: string;
  @ApiPropertyOptional({ type: TrackingLevelStep, nullable: true, description: 'Its entry in the regency edition (null for a provincial OPD)' })
  regency: TrackingLevelStep | null;
  @ApiPropertyOptional({ type: TrackingLevelStep, nullable: true }) province: TrackingLevelStep | null;
  @ApiPropertyOptional({ type: TrackingLevelStep, nullable: true }) national: TrackingLevelStep | null;
  @ApiProperty({ example: 'national:top-99', description: 'How far it got: level:state, or national:<result>' }) reached: string;
}

export class TrackingCounts {
  @ApiProperty() submitted: number;
  @ApiProperty() admitted: number;
  @ApiProperty() rejected: number;
  @ApiProperty() won: number;
  @ApiProperty() forwarded: number;
  @ApiProperty({ description: 'Entries at the province edition' }) atProvince: number;
  @ApiProperty() wonAtProvince: number;
  @ApiProperty({ description: 'Entries at a national edition' }) atNational: number;
  @ApiProperty({ description: 'National results by kind' }) nationalResults: Record<string, number>;
}

export class TrackedRegion {
  @ApiProperty({ example: '33.19' }) regionCode: string;
  @ApiProperty({ example: 'Kabupaten Kudus' }) regionName: string;
  @ApiProperty({ type: TrackingCounts }) counts: TrackingCounts;
  @ApiProperty({ type: [TrackedEntry] }) entries: TrackedEntry[];
}

export class TrackingView {
  @ApiProperty({ example: '33' }) province: string;
  @ApiProperty({ example: 2022 }) year: number;
  @ApiProperty({ type: TrackingCounts }) totals: TrackingCounts;
  @ApiProperty({ type: [TrackedRegion], description: 'Every regency/city of the province, then the province’s own OPDs' }) regions: TrackedRegion[];
}
