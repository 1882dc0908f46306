import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isProvinceCode, type ProvinceCompliance, type RegionCompliance } from '@lumbung/contracts';
import { invalidField } from '@lumbung/platform';
import { RegionCatalog, type Region } from '../regions/region-catalog.service.js';
import { complianceCounts, endOfYear } from './compliance-counts.js';

/*
 * Who is counted for year Y ($2 = Y, $3 = the end of Y in WIB):
 * - an agency counts if it was still active when Y ended (or is active now). Retiring an OPD in
 *   March takes it off this year's list of OPDs to chase, while past years keep the agencies that
 *   existed then. When an agency was registered in Lumbung does not matter: regions often enter
 *   their OPDs long after the OPDs began, then back-fill earlier years' innovations.
 * - an innovation counts if it was registered in Y and not retired before Y ended. One withdrawn
 *   within its own year (a duplicate, a mistake) did not fulfil that year's obligation; one retired
 *   later did, and retiring it must not rewrite an earlier year's compliance.
 *
 * The innovations are not read here: "registry"."compliance_count" holds, per agency and year (in
 * eight stripes), how many innovations count, kept by a trigger on the innovation table in the same
 * transaction as every change (migration 1733500000000 says how and why). So a report reads a few
 * rows per agency, however many innovations the agencies have: at 1,000,000 innovations the province's report went
 * from walking every innovation of each agency to a probe of at most eight rows per agency
 * (docs/performance.md).
 */
const COUNTED_AGENCY = `(a.retired_at IS NULL OR a.retired_at >= $3)`;
/** An agency's innovations counted for $2: the sum of its count's stripes (migration 1733500000000). */
const INNOVATIONS = `coalesce((SELECT sum(c.innovations)::int FROM "registry"."compliance_count" c WHERE c.agency_id = a.id AND c.year = $2), 0)`;
const HAS_INNOVATION = `EXISTS (SELECT 1 FROM "registry"."compliance_count" c WHERE c.agency_id = a.id AND c.year = $2 AND c.innovations > 0)`;

/** The province's report: one row per region, from the agencies and their counts (exported for the bench's EXPLAIN). */
export const PROVINCE_COMPLIANCE_SQL = `SELECT a.region_code, count(*)::int AS agencies, count(*) FILTER (WHERE ${HAS_INNOVATION})::int AS with_innovation
   FROM "registry"."agency" a
  WHERE (a.region_code = $1 OR a.region_code LIKE $1 || '.%') AND ${COUNTED_AGENCY}
  GROUP BY a.region_code`;

interface AgencyRow {
  id: string;
  name: string;
  innovations: number;
}

interface RegionTotalsRow {
  region_code: string;
  agencies: number;
  with_innovation: number;
}

@Injectable()
export class ComplianceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly regions: RegionCatalog,
  ) {}

  of(regionCode: string, year: number): Promise<RegionCompliance | ProvinceCompliance> {
    const region = this.regions.get(regionCode);
    if (!region) throw invalidField('region', `No region ${regionCode} in the Kemendagri codes`);
    return isProvinceCode(regionCode) ? this.ofProvince(region, year) : this.ofRegency(region, year);
  }

  async ofRegency(region: Region, year: number): Promise<RegionCompliance> {
    const rows: AgencyRow[] = await this.dataSource.query(
      `SELECT a.id, a.name, ${INNOVATIONS} AS innovations
         FROM "registry"."agency" a
        WHERE a.region_code = $1 AND ${COUNTED_AGENCY}
        ORDER BY a.name, a.id`,
      [region.code, year, endOfYear(year)],
    );
    const compliant = rows.filter((r) => r.innovations > 0);
    return {
      level: 'regency',
      regionCode: region.code,
      regionName: region.name,
      year,
      ...complianceCounts(rows.length, compliant.length),
      compliant,
      nonCompliant: rows.filter((r) => r.innovations === 0),
    };
  }

  /** One query grouped by region; the catalog supplies the regencies and cities that have no agencies yet. */
  async ofProvince(province: Region, year: number): Promise<ProvinceCompliance> {
    const rows: RegionTotalsRow[] = await this.dataSource.query(
      PROVINCE_COMPLIANCE_SQL,
      [province.code, year, endOfYear(year)],
    );
    const byRegion = new Map(rows.map((r) => [r.region_code, r]));
    const countsOf = (code: string) => complianceCounts(byRegion.get(code)?.agencies ?? 0, byRegion.get(code)?.with_innovation ?? 0);

    const regencies = this.regions.list(province.code).map((r) => ({ regionCode: r.code, regionName: r.name, ...countsOf(r.code) }));
    const provinceGovernment = countsOf(province.code);
    const all = [...regencies, provinceGovernment];
    return {
      level: 'province',
      regionCode: province.code,
      regionName: province.name,
      year,
      regencies,
      provinceGovernment,
      totals: {
        regencies: regencies.length,
        regenciesWithAgencies: regencies.filter((r) => r.agencies > 0).length,
        ...complianceCounts(
          all.reduce((n, r) => n + r.agencies, 0),
          all.reduce((n, r) => n + r.withInnovation, 0),
        ),
      },
    };
  }
}
