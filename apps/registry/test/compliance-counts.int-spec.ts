import { DataSource } from 'typeorm';
import type { ProvinceCompliance, RegionCompliance } from '@lumbung/contracts';
import { startService, type RunningService } from '@lumbung/testing';
import { ComplianceService } from '../src/compliance/compliance.service.js';
import { complianceCounts, endOfYear } from '../src/compliance/compliance-counts.js';
import { createRegistryApp } from '../src/registry.app.js';
import {
  COMPLIANCE_REGIONS,
  FIRST_YEAR,
  loadComplianceInnovations,
  PROVINCE_BY_INNOVATIONS,
  REGENCY_BY_INNOVATIONS,
  YEARS,
} from '../../../test/bench/compliance-corpus.js';

interface AgencyRow {
  id: string;
  name: string;
  innovations: number;
}

/**
 * The compliance reads counts kept by a trigger instead of walking the innovations (issue 20). This
 * test holds it to the answers of the old queries, on a seeded registry (1,440 agencies, retirements
 * on both sides of each year's end in WIB), after changes made by every kind of SQL a path could run:
 * inserts, retirements and their undoing, a move to another agency, a corrected year, a deletion.
 */
describe('compliance counts answer exactly as the walk over the innovations did', () => {
  let registry: RunningService;
  let db: DataSource;
  let compliance: ComplianceService;
  const years = Array.from({ length: YEARS + 2 }, (_, i) => FIRST_YEAR - 1 + i);

  async function regencyBefore(code: string, year: number) {
    const rows: AgencyRow[] = await db.query(REGENCY_BY_INNOVATIONS, [code, year, endOfYear(year)]);
    const compliant = rows.filter((r) => r.innovations > 0);
    return { ...complianceCounts(rows.length, compliant.length), compliant, nonCompliant: rows.filter((r) => r.innovations === 0) };
  }

  async function provinceBefore(code: string, year: number) {
    const rows: { region_code: string; agencies: number; with_innovation: number }[] = await db.query(PROVINCE_BY_INNOVATIONS, [code, year, endOfYear(year)]);
    return Object.fromEntries(rows.map((r) => [r.region_code, complianceCounts(r.agencies, r.with_innovation)]));
  }

  async function expectSameAnswers(): Promise<void> {
    for (const year of years) {
      const province = (await compliance.of('33', year)) as ProvinceCompliance;
      const before = await provinceBefore('33', year);
      const none = complianceCounts(0, 0);
      for (const row of province.regencies) {
        const { regionCode: _code, regionName: _name, ...counts } = row;
        expect({ year, region: row.regionCode, counts }).toEqual({ year, region: row.regionCode, counts: before[row.regionCode] ?? none });
      }
      expect({ year, counts: province.provinceGovernment }).toEqual({ year, counts: before['33'] });
      for (const code of COMPLIANCE_REGIONS.slice(1, 6)) {
        const { compliant, nonCompliant, agencies, withInnovation, withoutInnovation, share, percentage, note } = (await compliance.of(code, year)) as RegionCompliance;
        expect({ year, code, report: { agencies, withInnovation, withoutInnovation, share, percentage, note, compliant, nonCompliant } }).toEqual({
          year,
          code,
          report: await regencyBefore(code, year),
        });
      }
    }
  }

  beforeAll(async () => {
    registry = await startService(createRegistryApp);
    db = registry.app.get(DataSource);
    compliance = registry.app.get(ComplianceService);
    await loadComplianceInnovations((sql, params) => db.query(sql, params), 6000);
  });
  afterAll(() => registry?.close());

  it('gives the same report for every year, for the province and for regencies, on the seeded registry', async () => {
    // Not a vacuous comparison: the seed has compliant and non-compliant agencies in the years compared.
    const province = (await compliance.of('33', FIRST_YEAR + 2)) as ProvinceCompliance;
    expect(province.totals.withInnovation).toBeGreaterThan(0);
    expect(province.totals.withoutInnovation).toBeGreaterThan(0);
    await expectSameAnswers();
  });

  it('stays the same after retirements, their undoing, moves, corrected years and deletions made by plain SQL', async () => {
    const q = (sql: string) => db.query(sql);
    // Retired now (after every seeded year ended: still counted for its year), and within its own year (no longer counted).
    await q(`UPDATE registry.innovation SET retired_at = now() WHERE name LIKE 'Inovasi kepatuhan %' AND substring(name from 19)::int % 11 = 2 AND retired_at IS NULL`);
    await q(`UPDATE registry.innovation SET retired_at = make_timestamptz(year_registered, 2, 1, 0, 0, 0, 'UTC') WHERE substring(name from 19)::int % 7 = 5`);
    // Undone retirements, a move to another agency, a corrected year, deletions.
    await q(`UPDATE registry.innovation SET retired_at = NULL, retire_reason = NULL WHERE substring(name from 19)::int % 10 = 0 AND substring(name from 19)::int % 3 = 0`);
    await q(`UPDATE registry.innovation SET agency_id = (SELECT id FROM registry.agency WHERE region_code = '33.19' ORDER BY name LIMIT 1) WHERE substring(name from 19)::int % 17 = 1`);
    await q(`UPDATE registry.innovation SET year_registered = year_registered + 1 WHERE substring(name from 19)::int % 13 = 6`);
    await q(`DELETE FROM registry.innovation WHERE substring(name from 19)::int % 19 = 9`);
    // A revision that touches none of the counted columns leaves the counts alone.
    await q(`UPDATE registry.innovation SET name = name || ' (revisi)', version = version + 1 WHERE substring(name from 19)::int % 23 = 0`);
    await expectSameAnswers();
    const [{ negative }] = await db.query(`SELECT count(*)::int AS negative FROM registry.compliance_count WHERE innovations < 0`);
    expect(negative).toBe(0);
  });
});
