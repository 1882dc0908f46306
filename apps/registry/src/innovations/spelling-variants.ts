/**
 * Variant spellings of public-service Indonesian, each with the standard form searches reach it by.
 * People type words the way they say them, and PostgreSQL's `indonesian` configuration stems each
 * spelling to a lexeme of its own ("antrian" → antri, "antrean" → antre), so a search for one
 * missed every innovation written with the other.
 *
 * Source: Kamus Besar Bahasa Indonesia (KBBI, Badan Pengembangan dan Pembinaan Bahasa,
 * kbbi.kemdikbud.go.id), which lists each variant below as the non-standard form ("bentuk tidak
 * baku") of its standard entry; chosen from the words of innovation reports (SINOVIK, KIPP entries)
 * and public-service forms. Words that are a variant in one sense and a word of their own in
 * another (rubah "fox" / ubah "change") are left out: mapping them would make a search find the wrong thing.
 *
 * Changing this list changes the stored search vectors: it takes a new migration that recreates the
 * SQL function with spellingNormalizationBody() and recomputes the vectors (see migration 1732300004200).
 */
export const SPELLING_VARIANTS: readonly { variant: string; standard: string }[] = [
  { variant: 'antri', standard: 'antre' }, // also antrian → antrean, mengantri → mengantre
  { variant: 'ijin', standard: 'izin' }, // perijinan → perizinan
  { variant: 'praktek', standard: 'praktik' },
  { variant: 'apotik', standard: 'apotek' },
  { variant: 'resiko', standard: 'risiko' }, // beresiko → berisiko
  { variant: 'propinsi', standard: 'provinsi' },
  { variant: 'sistim', standard: 'sistem' },
  { variant: 'kwalitas', standard: 'kualitas' },
  { variant: 'jadual', standard: 'jadwal' },
  { variant: 'nasehat', standard: 'nasihat' },
  { variant: 'analisa', standard: 'analisis' },
  { variant: 'aktifitas', standard: 'aktivitas' },
  { variant: 'efektifitas', standard: 'efektivitas' },
  { variant: 'produktifitas', standard: 'produktivitas' },
  { variant: 'kreatifitas', standard: 'kreativitas' },
  { variant: 'obyek', standard: 'objek' },
  { variant: 'tehnik', standard: 'teknik' },
  { variant: 'tehnologi', standard: 'teknologi' },
  { variant: 'jaman', standard: 'zaman' },
  { variant: 'silahkan', standard: 'silakan' },
  { variant: 'kadaluarsa', standard: 'kedaluwarsa' },
  { variant: 'kadaluwarsa', standard: 'kedaluwarsa' },
  { variant: 'hutang', standard: 'utang' },
  { variant: 'nomer', standard: 'nomor' },
  { variant: 'faham', standard: 'paham' },
  { variant: 'fikir', standard: 'pikir' },
  { variant: 'frekwensi', standard: 'frekuensi' },
  { variant: 'ambulan', standard: 'ambulans' },
  { variant: 'trampil', standard: 'terampil' }, // ketrampilan → keterampilan
  { variant: 'sekedar', standard: 'sekadar' },
  { variant: 'kwitansi', standard: 'kuitansi' },
  { variant: 'ijasah', standard: 'ijazah' },
  { variant: 'standarisasi', standard: 'standardisasi' },
];

/**
 * The prefixes a variant may carry and keep (per-ijin-an, meng-antri, be-resiko, ke-trampil-an).
 * A variant is only replaced at the start of a word or after one of these, never inside another
 * word: "jaman" is in "pinjaman" (loan), which must stay as it is.
 */
const PREFIXES = ['di', 'ke', 'se', 'be', 'ber', 'te', 'ter', 'pe', 'per', 'pen', 'peng', 'pem', 'me', 'mem', 'men', 'meng', 'memper', 'diper'];

/**
 * The body of a PL/pgSQL function of `t` that rewrites every variant in it to its standard form,
 * for documents and queries alike. Done in SQL rather than as a text search dictionary: a custom
 * configuration with a synonym (or thesaurus) dictionary needs a file in the server's tsearch_data
 * folder, which neither a managed PostgreSQL, CI's server nor the embedded PGlite lets the
 * application write.
 *
 * One regular expression finds which variants a text holds (nearly always none), and only those
 * are rewritten. A chain of one regexp_replace per variant was tried first: PostgreSQL caches 32
 * compiled expressions per session, the chain needed 33, and recompiling all of them for every
 * row made loading 10,000 innovations take 133 s instead of 1 s.
 */
export function spellingNormalizationBody(): string {
  const prefixes = `(${PREFIXES.join('|')})?`;
  const table = SPELLING_VARIANTS.map(({ variant, standard }) => {
    // ambulan → ambulans must leave "ambulans" alone, or it would become "ambulanss".
    const guard = standard.startsWith(variant) ? `(?!${standard.slice(variant.length)})` : '';
    return `('${variant}', '${standard}', '${guard}')`;
  }).join(', ');
  const anyVariant = SPELLING_VARIANTS.map((v) => v.variant).join('|');
  return `DECLARE
      found record;
    BEGIN
      -- Nearly every text holds no variant: one match of one cached expression, and out.
      IF t !~* '${anyVariant}' THEN
        RETURN t;
      END IF;
      FOR found IN
        SELECT m.variant, m.standard, m.guard
        FROM (VALUES ${table}) AS m(variant, standard, guard)
        WHERE m.variant IN (SELECT DISTINCT lower(x[1]) FROM regexp_matches(t, '(${anyVariant})', 'gi') AS x)
      LOOP
        t := regexp_replace(t, '\\m${prefixes}' || found.variant || found.guard, '\\1' || found.standard, 'gi');
      END LOOP;
      RETURN t;
    END`;
}
