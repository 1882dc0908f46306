import { randomUUID } from 'node:crypto';
import { getRegencies } from 'idn-area-data';
import type pg from 'pg';
import { KIPP_2023_CRITERIA } from '@lumbung/contracts';

/** Eight criteria: the seven 2023 national ones, with the summary counted at 5% as in 2022. */
export const CRITERIA = [{ code: 'summary', name: 'Ringkasan', weight: 5 }, ...KIPP_2023_CRITERIA.map((c) => (c.code === 'background' ? { ...c, weight: 5 } : c))];

/** 35 regency editions × 30 entries; each regency's top 3 forwarded to the province, one in three of those on to national. */
export async function seedTracking(db: pg.Client): Promise<number> {
  const regencies = (await getRegencies()).filter((r) => r.code.startsWith('33.'));
  const rules = JSON.stringify({ minAgeYears: 0, requiredStage: null, entriesPerAgency: 30, previousWinnersAllowed: true });
  const edition = async (level: string, owner: string | null, year: number, name: string) => {
    const id = randomUUID();
    await db.query(
      `INSERT INTO nomination.edition (id, level, owner_region_code, province_code, year, name, phase, auto_advance, schedule, criteria, eligibility, forwarding_quota, winner_count, presentation_weight, decided_at, version, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, 'closed', false, '[]', $7, $8, 3, 3, 0, now(), 1, 'bench')`,
      [id, level, owner, owner ? owner.slice(0, 2) : null, year, name, JSON.stringify(CRITERIA), rules],
    );
    return id;
  };
  const provinceId = await edition('province', '33', 2022, 'Bench Jateng 2022');
  const nationalId = await edition('national', null, 2023, 'Bench nasional 2023');
  let n = 0;
  for (const [r, regency] of regencies.entries()) {
    const editionId = await edition('regency', regency.code, 2022, `Bench ${regency.name} 2022`);
    const { rows } = await db.query(
      `INSERT INTO nomination.entry (edition_id, innovation_id, innovation_version, innovation_name, agency_id, agency_name, region_code, province_code, snapshot, state, rank, submitted_by, submitted_at, version)
       SELECT $1, gen_random_uuid(), 1, 'Inovasi ' || i, gen_random_uuid(), 'Dinas ' || i, $2, '33', '{}'::jsonb,
              CASE WHEN i <= 3 THEN 'winner' WHEN i = 30 THEN 'rejected' ELSE 'not-selected' END, CASE WHEN i <= 3 THEN i END, 'bench', now(), 1
         FROM generate_series(1, 30) AS i
       RETURNING id, innovation_id, agency_id, rank`,
      [editionId, regency.code],
    );
    n += rows.length;
    for (const w of rows.filter((x) => x.rank !== null)) {
      const p = await db.query(
        `INSERT INTO nomination.entry (edition_id, innovation_id, innovation_version, innovation_name, agency_id, agency_name, region_code, province_code, snapshot, state, source_entry_id, source_region_code, submitted_by, submitted_at, version)
         VALUES ($1, $2, 1, 'Inovasi', $3, 'Dinas', $4, '33', '{}', $5, $6, $4, 'bench', now(), 1) RETURNING id`,
        [provinceId, w.innovation_id, w.agency_id, regency.code, w.rank === 1 && r % 3 === 0 ? 'winner' : 'not-selected', w.id],
      );
      if (w.rank === 1 && r % 3 === 0) {
        await db.query(
          `INSERT INTO nomination.entry (edition_id, innovation_id, innovation_version, innovation_name, agency_id, agency_name, region_code, province_code, snapshot, state, source_entry_id, source_region_code, national_result, submitted_by, submitted_at, version)
           VALUES ($1, $2, 1, 'Inovasi', $3, 'Dinas', $4, '33', '{}', 'submitted', $5, '33', 'top-99', 'bench', now(), 1)`,
          [nationalId, w.innovation_id, w.agency_id, regency.code, p.rows[0].id],
        );
      }
    }
  }
  await db.query('ANALYZE nomination.entry; ANALYZE nomination.edition');
  return n;
}
