/**
 * Loads `count` innovations straight into a registry schema by SQL (one INSERT … SELECT over
 * generate_series), with Indonesian texts drawn from the vocabulary below, so a search benchmark
 * or a load test has a national-scale table in seconds instead of hours of POSTs. The rows are
 * what the API would have written (an agency of Kudus, a registered type, history-free), and the
 * word frequencies are fixed: "pelayanan" is in every description, `RARE_WORD` in one record in
 * ten thousand, "antrean" in one in seven (spelled "antrian" in half of those).
 */
export const COMMON_WORD = 'pelayanan';
export const RARE_WORD = 'stunting';

/** Words the descriptions are built from; picked per row by its number, so a load is reproducible. */
const VOCABULARY = [
  'kesehatan', 'pendidikan', 'kependudukan', 'perizinan', 'desa', 'posyandu', 'puskesmas', 'sekolah', 'pasar', 'sampah',
  'air', 'jalan', 'pertanian', 'nelayan', 'umkm', 'pajak', 'retribusi', 'bencana', 'lansia', 'disabilitas',
  'digital', 'aplikasi', 'daring', 'layanan', 'masyarakat', 'warga', 'data', 'informasi', 'pengaduan', 'transparansi',
];

type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

/** The agency the loaded innovations belong to, made once per schema. */
async function agencyId(query: Query): Promise<string> {
  const rows = (await query(
    `WITH found AS (SELECT id FROM registry.agency WHERE region_code = '33.19' AND name = 'Dinas Korpus' AND retired_at IS NULL),
          made AS (INSERT INTO registry.agency (region_code, name, version) SELECT '33.19', 'Dinas Korpus', 1 WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id)
     SELECT id FROM found UNION ALL SELECT id FROM made`,
  )) as { id: string }[] | { rows: { id: string }[] };
  return (Array.isArray(rows) ? rows : rows.rows)[0].id;
}

/** Inserts `count` innovations numbered from `from`; safe to call in batches. */
export async function loadInnovations(query: Query, count: number, from = 0): Promise<void> {
  const agency = await agencyId(query);
  const words = `ARRAY[${VOCABULARY.map((w) => `'${w}'`).join(', ')}]`;
  const word = (salt: number) => `(${words})[1 + ((n * ${salt}) % ${VOCABULARY.length})]`;
  await query(
    `INSERT INTO registry.innovation (version, name, region_code, province_code, agency_id, type_code, stage, initiator, digital, form,
        government_affair, problem, design, goals, benefits, results, evidence, year_registered, registered_at)
     SELECT 1,
       'Inovasi ' || ${word(7)} || ' ' || ${word(13)} || ' ' || n,
       '33.19', '33', $1::uuid, 'teknologi', 'penerapan', 'opd', n % 2 = 0, 'pelayanan-publik', 'kesehatan',
       'Masalah ' || ${word(3)} || ' dan ' || ${word(5)} || ' di ' || ${word(11)} ||
         CASE WHEN n % 7 = 0 THEN CASE WHEN n % 14 = 0 THEN ' antrian panjang' ELSE ' antrean panjang' END ELSE '' END,
       'Rancangan ${COMMON_WORD} ' || ${word(17)} || ' melalui ' || ${word(19)} || ' untuk ' || ${word(23)},
       'Meningkatkan ${COMMON_WORD} ' || ${word(29)} || CASE WHEN n % 10000 = 1 THEN ' ${RARE_WORD}' ELSE '' END,
       'Manfaat bagi ' || ${word(31)} || ' dan ' || ${word(37)},
       'Hasil ' || ${word(41)} || ' meningkat',
       '[]'::jsonb, 2024, now() - make_interval(secs => n)
     FROM generate_series($2::int, $3::int) AS n`,
    [agency, from + 1, from + count],
  );
}
