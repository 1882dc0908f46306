import { DataSource } from 'typeorm';
import { startService, tokenFor, type RunningService } from '@lumbung/testing';
import { loadInnovations } from '../../../../test/bench/innovation-corpus.js';
import { createRegistryApp } from '../registry.app.js';
import { SPELLING_VARIANTS } from './spelling-variants.js';

/**
 * The spelling dictionary, pair by pair, on the real PostgreSQL through the function the migration
 * made (registry.spelling_normalized): a document with either spelling is found by a query with the
 * other, and without the dictionary it is not (so no entry is dead weight). Then end to end, through
 * the trigger that writes the stored vector and the API's search.
 */
describe('spelling variants', () => {
  let svc: RunningService;
  let db: DataSource;
  beforeAll(async () => {
    svc = await startService(createRegistryApp, { env: { ROLE: 'http' } });
    db = svc.app.get(DataSource);
  });
  afterAll(() => svc?.close());

  it.each(SPELLING_VARIANTS.map(({ variant, standard }) => [variant, standard]))('"%s" and "%s" find each other, and only through the dictionary', async (variant, standard) => {
    const [row] = await db.query(
      `SELECT
         to_tsvector('indonesian', registry.spelling_normalized($1)) @@ websearch_to_tsquery('indonesian', registry.spelling_normalized($4)) AS "variantFoundByStandard",
         to_tsvector('indonesian', registry.spelling_normalized($2)) @@ websearch_to_tsquery('indonesian', registry.spelling_normalized($3)) AS "standardFoundByVariant",
         to_tsvector('indonesian', $1) @@ websearch_to_tsquery('indonesian', $4) AS "foundWithoutDictionary"`,
      [`Layanan ${variant} warga`, `Layanan ${standard} warga`, variant, standard],
    );
    expect(row).toEqual({ variantFoundByStandard: true, standardFoundByVariant: true, foundWithoutDictionary: false });
  });

  it.each([
    ['Antrian mengantri perijinan diijinkan beresiko ketrampilan', 'antrean mengantre perizinan diizinkan berisiko keterampilan'],
    ['Pinjaman ambulans', 'Pinjaman ambulans'],
    ['Praktek-praktek baik di APOTIK', 'praktik-praktik baik di apotek'],
  ])('rewrites affixed and capitalised variants, and leaves other words alone: %s', async (text, expected) => {
    const [{ normalized }] = await db.query(`SELECT registry.spelling_normalized($1) AS normalized`, [text]);
    expect(normalized.toLowerCase()).toBe(expected.toLowerCase());
  });

  it('finds through the API an innovation written one way and searched the other, after a write and after a revision', async () => {
    await loadInnovations((sql, params) => db.query(sql, params), 0);
    const [{ id }] = await db.query(
      `INSERT INTO registry.innovation (version, name, region_code, province_code, agency_id, type_code, stage, initiator, digital, form,
         government_affair, problem, evidence, year_registered)
       SELECT 1, 'Antrian Online Puskesmas', a.region_code, '33', a.id, 'teknologi', 'penerapan', 'opd', true, 'pelayanan-publik', 'kesehatan',
              'Warga mengantri sejak subuh', '[]', 2024
       FROM registry.agency a WHERE a.name = 'Dinas Korpus' LIMIT 1 RETURNING id`,
    );
    const token = tokenFor({ sub: 'nasional', role: 'national-admin' });
    const found = async (q: string) =>
      ((await svc.request('GET', `/innovations?q=${encodeURIComponent(q)}`, { token })).body.items as { id: string }[]).map((i) => i.id);
    expect(await found('antrean')).toEqual([id]);
    expect(await found('mengantre')).toEqual([id]);
    expect(await found('apotek')).toEqual([]);
    await db.query(`UPDATE registry.innovation SET design = 'Resep ditebus di apotik terdekat' WHERE id = $1`, [id]);
    expect(await found('apotek')).toEqual([id]);
    expect(await found('apotik antrean')).toEqual([id]);
  });
});
