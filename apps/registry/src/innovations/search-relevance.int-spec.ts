import { DataSource } from 'typeorm';
import { startService, tokenFor, type RunningService } from '@lumbung/testing';
import { COMMON_WORD, loadInnovations, RARE_WORD } from '../../../../test/bench/innovation-corpus.js';
import { createRegistryApp } from '../registry.app.js';
import { SEARCH_CANDIDATES } from './innovation.store.js';

/**
 * What "sensible" means for the catalogue search, now that ranking is bounded (SEARCH_CANDIDATES):
 * 1. every result holds every word searched for (words are ANDed, stemmed);
 * 2. a record whose name matches comes before every record that matches in its descriptions only,
 *    however old it is and however many recent records mention the word;
 * 3. among records of the same kind of match, the one that holds the words more often comes first.
 */
describe('search relevance', () => {
  let svc: RunningService;
  const token = tokenFor({ sub: 'nasional', role: 'national-admin' });
  const search = async (q: string, limit = 10) => {
    const res = await svc.request('GET', `/innovations?q=${encodeURIComponent(q)}&limit=${limit}`, { token });
    expect(res.status).toBe(200);
    return res.body.items as { id: string; name: string; problem: string | null; design: string | null; goals: string | null }[];
  };
  const insert = (name: string, goals: string, registeredAt: string) =>
    svc.app.get(DataSource).query(
      `INSERT INTO registry.innovation (version, name, region_code, province_code, agency_id, type_code, stage, initiator, digital, form,
         government_affair, goals, evidence, year_registered, registered_at)
       SELECT 1, $1, a.region_code, '33', a.id, 'teknologi', 'penerapan', 'opd', true, 'pelayanan-publik', 'kesehatan', $2, '[]', 2024, $3::timestamptz
       FROM registry.agency a WHERE a.name = 'Dinas Korpus' LIMIT 1 RETURNING id`,
      [name, goals, registeredAt],
    ) as Promise<{ id: string }[]>;

  let oldNameMatch: string;
  let richDescription: string;
  beforeAll(async () => {
    svc = await startService(createRegistryApp, { env: { ROLE: 'http' } });
    // More recent description matches of the common word than a search ranks.
    await loadInnovations((sql, params) => svc.app.get(DataSource).query(sql, params), SEARCH_CANDIDATES + 500);
    [{ id: oldNameMatch }] = await insert(`Pelayanan Terpadu Satu Pintu`, 'Perizinan dalam satu tempat', '2001-01-01T00:00:00Z');
    [{ id: richDescription }] = await insert('Klinik Keliling', `${COMMON_WORD} ${COMMON_WORD} ${COMMON_WORD} ${COMMON_WORD} rumah ke rumah`, new Date().toISOString());
    await svc.app.get(DataSource).query('ANALYZE registry.innovation');
  });
  afterAll(() => svc?.close());

  it('lists a name match first, even one older than every description match of a common word', async () => {
    const items = await search(COMMON_WORD);
    expect(items[0].id).toBe(oldNameMatch);
  });

  it('ranks a description that holds the word more often above ones that hold it less', async () => {
    const items = await search(COMMON_WORD);
    expect(items[1].id).toBe(richDescription);
  });

  it('returns only records that hold every word', async () => {
    const items = await search(`${COMMON_WORD} ${RARE_WORD}`, 50);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(`${item.name} ${item.problem} ${item.design} ${item.goals}`.toLowerCase()).toContain(RARE_WORD);
  });
});
