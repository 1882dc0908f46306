import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsRegionCode } from '../../validation/index.js';

export class ComplianceQuery {
  @ApiProperty({ example: '33.19', description: 'A regency/city (its agencies) or a province (one row per regency/city)' })
  @IsRegionCode()
  region: string;

  @ApiPropertyOptional({ example: 2022, description: 'Year the innovations were registered; defaults to the current year in WIB' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100)
  year?: number;
}

/** Counts of one set of agencies for a year. */
export class ComplianceCounts {
  @ApiProperty({ example: 12, description: 'Agencies counted (active at the end of the year, or still active)' }) agencies: number;
  @ApiProperty({ example: 9, description: 'Of them, those with at least one innovation registered that year' }) withInnovation: number;
  @ApiProperty({ example: 3 }) withoutInnovation: number;
  @ApiPropertyOptional({ type: Number, example: 0.75, nullable: true, description: 'withInnovation / agencies, 0..1 rounded to 4 places; null with no agencies' })
  share: number | null;
  @ApiPropertyOptional({ type: Number, example: 75, nullable: true, description: 'The share as a percentage rounded to 1 place; null with no agencies' })
  percentage: number | null;
  @ApiPropertyOptional({ type: String, example: 'no agencies registered', nullable: true, description: 'Why there is no share' })
  note: string | null;
}

export class AgencyComplianceRow {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Dinas Kesehatan' }) name: string;
  @ApiProperty({ example: 2, description: 'Innovations of this agency registered that year' }) innovations: number;
}

/** GET /compliance?region=<regency/city>&year=… */
export class RegionCompliance extends ComplianceCounts {
  @ApiProperty({ enum: ['regency'] }) level: 'regency';
  @ApiProperty({ example: '33.19' }) regionCode: string;
  @ApiProperty({ example: 'Kabupaten Kudus' }) regionName: string;
  @ApiProperty({ example: 2022 }) year: number;
  @ApiProperty({ type: [AgencyComplianceRow], description: 'Agencies with an innovation that year, by name' }) compliant: AgencyComplianceRow[];
  @ApiProperty({ type: [AgencyComplianceRow], description: 'Agencies without one, by name' }) nonCompliant: AgencyComplianceRow[];
}

export class RegencyComplianceRow extends ComplianceCounts {
  @ApiProperty({ example: '33.19' }) regionCode: string;
  @ApiProperty({ example: 'Kabupaten Kudus' }) regionName: string;
}

export class ProvinceComplianceTotals extends ComplianceCounts {
  @ApiProperty({ example: 35 }) regencies: number;
  @ApiProperty({ example: 20, description: 'Regencies/cities with at least one agency registered' }) regenciesWithAgencies: number;
}

/** GET /compliance?region=<province>&year=… */
export class ProvinceCompliance {
  @ApiProperty({ enum: ['province'] }) level: 'province';
  @ApiProperty({ example: '33' }) regionCode: string;
  @ApiProperty({ example: 'Jawa Tengah' }) regionName: string;
  @ApiProperty({ example: 2022 }) year: number;
  @ApiProperty({ type: [RegencyComplianceRow], description: 'Every regency/city of the province, by code, including those with no agencies yet' })
  regencies: RegencyComplianceRow[];
  @ApiProperty({ type: ComplianceCounts, description: "The provincial government's own OPDs (agencies registered on the province code)" })
  provinceGovernment: ComplianceCounts;
  @ApiProperty({ type: ProvinceComplianceTotals, description: 'All agencies of the province: every regency/city plus the provincial OPDs' })
  totals: ProvinceComplianceTotals;
}
