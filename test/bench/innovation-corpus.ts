/**
 * Loads `count` innovations straight into a registry schema by SQL (one INSERT … SELECT over
 * generate_series), with Indonesian texts drawn from the vocabulary below, so a search benchmark
 * or a load test has a national-scale table in seconds instead of hours of POSTs. The rows are
 * what the API would have written (an agency per regency, a registered type, history-free), and the
 * word frequencies are fixed: "pelayanan" is in every description, `RARE_WORD` in one record in
 * ten thousand, "antrean" in one in seven (spelled "antrian" in half of those).
 */
export const COMMON_WORD = 'pelayanan';
export const RARE_WORD = 'stunting';

/** Words the descriptions are built from; picked per row by its number, so a load is reproducible. */
const VOCABULARY = [
  'kesehatan', 'pendidikan', 'kependudukan', 'perizinan', 'desa', 'posyandu', 'puskesmas', 'sekolah', 'pasar', 'sampah',
  'air', 'jalan', 'pertanian', 'nelayan', 'umkm', 'pajak', 'retribusi', 'bencana', 'lansia', 'disabilitas',
  'digital', 'aplikasi', 'daring', 'loket', 'masyarakat', 'warga', 'data', 'informasi', 'pengaduan', 'transparansi',
];

type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

/** Regencies of Central Java the rows are spread over, one in five each: Kudus first. */
export const CORPUS_REGIONS = ['33.19', '33.21', '33.74', '33.01', '33.02'];

/** One agency per region for the loaded innovations, made once per schema. */
async function makeAgencies(query: Query): Promise<void> {
  await query(
    `INSERT INTO registry.agency (region_code, name, version)
     SELECT r, 'Dinas Korpus', 1 FROM unnest($1::text[]) AS r
     WHERE NOT EXISTS (SELECT 1 FROM registry.agency a WHERE a.region_code = r AND a.name = 'Dinas Korpus' AND a.retired_at IS NULL)`,
    [CORPUS_REGIONS],
  );
}

/** Inserts `count` innovations numbered from `from`; safe to call in batches. */
export async function loadInnovations(query: Query, count: number, from = 0): Promise<void> {
  await makeAgencies(query);
  const words = `ARRAY[${VOCABULARY.map((w) => `'${w}'`).join(', ')}]`;
  const word = (salt: number) => `(${words})[1 + ((n * ${salt}) % ${VOCABULARY.length})]`;
  await query(
    `INSERT INTO registry.innovation (version, name, region_code, province_code, agency_id, type_code, stage, initiator, digital, form,
        government_affair, problem, design, goals, benefits, results, evidence, year_registered, registered_at)
     SELECT 1,
       'Inovasi ' || ${word(7)} || ' ' || ${word(13)} || ' ' || n,
       a.region_code, '33', a.id, 'teknologi', 'penerapan', 'opd', n % 2 = 0, 'pelayanan-publik', 'kesehatan',
       'Masalah ' || ${word(3)} || ' dan ' || ${word(5)} || ' di ' || ${word(11)} ||
         CASE WHEN n % 7 = 0 THEN CASE WHEN n % 14 = 0 THEN ' antrian panjang' ELSE ' antrean panjang' END ELSE '' END,
       'Rancangan ${COMMON_WORD} ' || ${word(17)} || ' melalui ' || ${word(19)} || ' untuk ' || ${word(23)},
       'Meningkatkan ${COMMON_WORD} ' || ${word(29)} || CASE WHEN n % 10000 = 5 THEN ' ${RARE_WORD}' ELSE '' END,
       'Manfaat bagi ' || ${word(31)} || ' dan ' || ${word(37)},
       'Hasil ' || ${word(41)} || ' meningkat',
       '[]'::jsonb, 2024, now() - make_interval(secs => n)
     FROM generate_series($2::int, $3::int) AS n
     JOIN registry.agency a ON a.name = 'Dinas Korpus' AND a.retired_at IS NULL AND a.region_code = ($1::text[])[1 + n % ${CORPUS_REGIONS.length}]`,
    [CORPUS_REGIONS, from + 1, from + count],
  );
}
