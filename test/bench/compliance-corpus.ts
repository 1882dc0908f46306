/**
 * A compliance-shaped registry loaded by SQL: the provincial government and Central Java's 35
 * regencies and cities, AGENCIES_PER_REGION agencies each (one in thirteen retired in mid-2023), and
 * innovations spread over them and over 2019-2026, with retirements on every side of a year's end in
 * WIB: within the year (not counted), one second before midnight WIB (not counted), exactly at
 * midnight (counted), the next year (counted). Rows are picked by number, so a load is reproducible.
 * Used by compliance-bench.ts and by the test that the compliance answers did not change.
 */
type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

export const AGENCIES_PER_REGION = 40;
export const FIRST_YEAR = 2019;
export const YEARS = 8;

/** Province 33 itself, kabupaten 33.01-33.29 and kota 33.71-33.76. */
export const COMPLIANCE_REGIONS = [
  '33',
  ...Array.from({ length: 29 }, (_, i) => `33.${String(i + 1).padStart(2, '0')}`),
  ...Array.from({ length: 6 }, (_, i) => `33.${71 + i}`),
];

/** The agencies, made once per schema: AGENCIES_PER_REGION in every region of COMPLIANCE_REGIONS. */
export async function loadComplianceAgencies(query: Query): Promise<void> {
  await query(
    `INSERT INTO registry.agency (region_code, name, version, retired_at)
     SELECT r, 'Dinas Kepatuhan ' || k, 1, CASE WHEN (ri * 100 + k) % 13 = 0 THEN timestamptz '2023-06-01T00:00:00+07' END
       FROM unnest($1::text[]) WITH ORDINALITY AS regions(r, ri), generate_series(1, $2::int) AS k
      WHERE NOT EXISTS (SELECT 1 FROM registry.agency WHERE name LIKE 'Dinas Kepatuhan %')`,
    [COMPLIANCE_REGIONS, AGENCIES_PER_REGION],
  );
}

/** Inserts innovations numbered `from + 1` .. `from + count`; safe to call in batches. */
export async function loadComplianceInnovations(query: Query, count: number, from = 0): Promise<void> {
  await loadComplianceAgencies(query);
  // Year y ends at (y+1)-01-01 00:00 WIB, which is y-12-31 17:00 UTC.
  await query(
    `WITH agencies AS (
       SELECT id, region_code, row_number() OVER (ORDER BY region_code, name) - 1 AS k, count(*) OVER () AS total
         FROM registry.agency WHERE name LIKE 'Dinas Kepatuhan %'
     ), numbered AS (
       SELECT n, ${FIRST_YEAR} + (n + n / (${AGENCIES_PER_REGION} * ${COMPLIANCE_REGIONS.length})) % ${YEARS} AS y FROM generate_series($1::int, $2::int) AS n
     )
     -- An agency is picked by n modulo the agencies and the year shifts by one each time round them,
     -- so each agency gets innovations of every year rather than of one.
     INSERT INTO registry.innovation (version, name, region_code, province_code, agency_id, type_code, stage, initiator, digital, form,
        government_affair, evidence, year_registered, retired_at, registered_at)
     SELECT 1, 'Inovasi kepatuhan ' || n, a.region_code, '33', a.id, 'teknologi', 'penerapan', 'opd', true, 'pelayanan-publik', 'kesehatan',
            '[]'::jsonb, y,
            CASE
              WHEN n % 10 = 0 THEN make_timestamptz(y, 6, 1, 0, 0, 0, 'UTC')
              WHEN n % 10 = 1 THEN make_timestamptz(y + 1, 3, 1, 0, 0, 0, 'UTC')
              WHEN n % 97 = 3 THEN make_timestamptz(y, 12, 31, 17, 0, 0, 'UTC')
              WHEN n % 89 = 4 THEN make_timestamptz(y, 12, 31, 16, 59, 59, 'UTC')
            END,
            now() - make_interval(secs => n)
       FROM numbered JOIN agencies a ON a.k = (numbered.n * 31) % a.total`,
    [from + 1, from + count],
  );
}

/*
 * The compliance queries as they were before the per-(agency, year) counts (issue 20), kept to
 * show the answers did not change and, in the bench, what the change bought. $1 region, $2 year,
 * $3 the end of the year in WIB.
 */
export const REGENCY_BY_INNOVATIONS = `SELECT a.id, a.name,
        (SELECT count(*)::int FROM "registry"."innovation" i
          WHERE i.agency_id = a.id AND i.year_registered = $2 AND (i.retired_at IS NULL OR i.retired_at >= $3)) AS innovations
   FROM "registry"."agency" a
  WHERE a.region_code = $1 AND (a.retired_at IS NULL OR a.retired_at >= $3)
  ORDER BY a.name, a.id`;

export const PROVINCE_BY_INNOVATIONS = `SELECT region_code, count(*)::int AS agencies, count(*) FILTER (WHERE has_innovation)::int AS with_innovation
   FROM (SELECT a.region_code, EXISTS (
                  SELECT 1 FROM "registry"."innovation" i
                   WHERE i.agency_id = a.id AND i.year_registered = $2 AND (i.retired_at IS NULL OR i.retired_at >= $3)
                ) AS has_innovation
           FROM "registry"."agency" a
          WHERE (a.region_code = $1 OR a.region_code LIKE $1 || '.%') AND (a.retired_at IS NULL OR a.retired_at >= $3)) AS counted
  GROUP BY region_code`;
