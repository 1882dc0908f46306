import { DataSource } from 'typeorm';
import { expectEventually, startService, type JsonResponse, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../src/registry.app.js';
import { innovationBody, insertAgency, KUDUS, DEMAK, regionAdmin } from './innovation-test.fixtures.js';

const OFFICER = { name: 'Sri Wahyuni', position: 'Kepala Bidang Perizinan', phone: '0291-438000', email: 'sri.perizinan@kuduskab.go.id' };
const EVIDENCE_URL = 'https://jdih.kuduskab.go.id/rahasia-perbup-7-2024.pdf';

/** Keys that must never appear anywhere in a public answer, at any depth. */
const FORBIDDEN_KEY = /contact|e-?mail|phone|evidence|created_?by|actor|^sub$|replicationRequest|retireReason|version|competition|edition|entry|score|nomination|^note$/i;

function forbiddenKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, n) => forbiddenKeys(v, `${path}[${n}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => [...(FORBIDDEN_KEY.test(key) ? [`${path}.${key}`] : []), ...forbiddenKeys(v, `${path}.${key}`)]);
}

function expectNothingPrivate(res: JsonResponse, text: string): void {
  expect(res.status).toBe(200);
  expect(forbiddenKeys(res.body)).toEqual([]);
  for (const secret of [...Object.values(OFFICER), EVIDENCE_URL, `admin-${KUDUS}`]) expect(text).not.toContain(secret);
}

describe('the public catalogue', () => {
  let registry: RunningService;
  const token = regionAdmin(KUDUS);
  let origin: string;
  let replica: string;
  let agencyId: string;

  beforeAll(async () => {
    registry = await startService(createRegistryApp);
    agencyId = await insertAgency(registry, KUDUS, 'Dinas Penanaman Modal');
    const demakAgency = await insertAgency(registry, DEMAK, 'DPMPTSP Demak');
    const evidence = [{ indicator: 'regulasi', url: EVIDENCE_URL, note: 'Perbup rahasia' }];
    const a = await registry.request('POST', '/innovations', { token, body: innovationBody(KUDUS, agencyId, { contact: OFFICER, evidence, name: 'Jos Pakk perizinan' }) });
    const b = await registry.request('POST', '/innovations', { token: regionAdmin(DEMAK), body: innovationBody(DEMAK, demakAgency, { contact: OFFICER, evidence, name: 'Jos Pakk Demak' }) });
    expect([a.status, b.status]).toEqual([201, 201]);
    [origin, replica] = [a.body.id, b.body.id];
    // Given: B was recorded as a replication of A (the replication.completed path is tested elsewhere).
    await registry.app.get(DataSource).query(`UPDATE "registry"."innovation" SET origin_innovation_id = $1, replication_request_id = 'req-1' WHERE id = $2`, [origin, replica]);
  });
  afterAll(() => registry?.close());

  /** A public request: no token, and the raw text too, so a value hidden under any key is found. */
  async function anonymous(path: string, headers: Record<string, string> = {}): Promise<{ res: JsonResponse; text: string }> {
    const raw = await fetch(`${registry.baseUrl}${path}`, { headers });
    const text = await raw.text();
    return { res: { status: raw.status, headers: raw.headers, body: text ? JSON.parse(text) : undefined }, text };
  }

  it('answers every public route without a token, and no answer holds a contact, evidence or an actor', async () => {
    const paths = [
      '/public/innovations',
      '/public/innovations?q=perizinan',
      `/public/innovations?region=${KUDUS}&includeRetired=true`,
      `/public/innovations?agency=${agencyId}&limit=1`,
      `/public/innovations/${origin}`,
      `/public/innovations/${replica}`,
      `/public/regions/${KUDUS}`,
      '/public/regions/33',
    ];
    for (const path of paths) {
      const { res, text } = await anonymous(path);
      expectNothingPrivate(res, text);
    }
    // The check itself: the signed-in answer of the same record does hold what the public one must not.
    const signedIn = await registry.request('GET', `/innovations/${origin}`, { token });
    expect(forbiddenKeys(signedIn.body)).toEqual(expect.arrayContaining(['.contact', '.evidence']));
  });

  it('names the region, agency, origin and replications a public page needs', async () => {
    const { res: list } = await anonymous(`/public/innovations?region=${KUDUS}`);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([origin]);
    expect(list.body.items[0]).toMatchObject({ name: 'Jos Pakk perizinan', regionCode: KUDUS, agencyName: 'Dinas Penanaman Modal', stage: 'uji-coba', problem: expect.any(String) });

    const { res: a } = await anonymous(`/public/innovations/${origin}`);
    expect(a.body).toMatchObject({ id: origin, origin: null, replications: [{ id: replica, name: 'Jos Pakk Demak', regionCode: DEMAK }] });
    const { res: b } = await anonymous(`/public/innovations/${replica}`);
    expect(b.body).toMatchObject({ id: replica, originInnovationId: origin, origin: { id: origin, name: 'Jos Pakk perizinan', regionCode: KUDUS }, replications: [] });

    const { res: region } = await anonymous(`/public/regions/${KUDUS}`);
    expect(region.body).toMatchObject({ code: KUDUS, level: 'regency', agencies: [{ id: agencyId, name: 'Dinas Penanaman Modal' }], regions: [] });
    // A province names its regencies and cities, so a public page can offer them as a filter.
    const { res: province } = await anonymous('/public/regions/33');
    expect(province.body.regions).toHaveLength(35);
    expect(province.body.regions).toContainEqual({ code: KUDUS, name: expect.stringMatching(/Kudus/) });
  });

  it('is cacheable: an ETag, Cache-Control public, and 304 for an ETag the client holds', async () => {
    const { res: first } = await anonymous(`/public/innovations/${origin}`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const { res: again, text } = await anonymous(`/public/innovations/${origin}`, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(text).toBe('');
    // A change makes a new answer, so the held ETag no longer matches.
    await registry.app.get(DataSource).query(`UPDATE "registry"."innovation" SET goals = 'Izin terbit dalam satu hari.' WHERE id = $1`, [origin]);
    const { res: changed } = await anonymous(`/public/innovations/${origin}`, { 'if-none-match': etag! });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('refuses bad input with 400 naming the field, and an unknown record or region with 404', async () => {
    expect((await anonymous('/public/innovations/not-a-uuid')).res.body.errors[0].field).toBe('id');
    expect((await anonymous('/public/innovations?region=99.99')).res.status).toBe(400);
    expect((await anonymous('/public/innovations?contact=1')).res.status).toBe(400);
    expect((await anonymous('/public/innovations/3f1e8a52-6a0c-4a7e-9b1d-2c3d4e5f6a7b')).res.status).toBe(404);
    expect((await anonymous('/public/regions/99.99')).res.status).toBe(404);
  });
});

describe('the public catalogue under a crawler: a limit per address', () => {
  let registry: RunningService;

  beforeAll(async () => {
    registry = await startService(createRegistryApp, { env: { PUBLIC_RATE_LIMIT_PER_ADDRESS: '3' } });
  });
  afterAll(() => registry?.close());

  it('limits reads per address with 429 and a Retry-After, and leaves signed-in reads alone', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 4; n++) statuses.push((await fetch(`${registry.baseUrl}/public/regions/33`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await fetch(`${registry.baseUrl}/public/regions/33`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await registry.request('GET', '/innovations', { token: regionAdmin(KUDUS) })).status).toBe(200);
  });
});

describe('the public catalogue under a crawler: its share of the pool', () => {
  let registry: RunningService;

  beforeAll(async () => {
    registry = await startService(createRegistryApp, { env: { PUBLIC_CONCURRENCY: '1', PUBLIC_QUEUE_MS: '200' } });
  });
  afterAll(() => registry?.close());

  it('holds at most PUBLIC_CONCURRENCY connections, refusing the rest with 503, while the signed-in service answers', async () => {
    const token = regionAdmin(KUDUS);
    const agencyId = await insertAgency(registry, KUDUS, 'Dinas Kesehatan');
    const created = await registry.request('POST', '/innovations', { token, body: innovationBody(KUDUS, agencyId) });
    expect(created.status).toBe(201);
    // Given: the agency table locked, so a public read that reaches the database waits there.
    const blocker = registry.app.get(DataSource).createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    await blocker.query(`LOCK TABLE "registry"."agency" IN ACCESS EXCLUSIVE MODE`);
    const statuses: number[] = [];
    const crawl = Array.from({ length: 6 }, () => fetch(`${registry.baseUrl}/public/regions/${KUDUS}`).then((r) => statuses.push(r.status)));
    try {
      // One read holds the public line's only place, waiting on the lock; the other five are refused.
      await expectEventually(() => expect(statuses).toEqual([503, 503, 503, 503, 503]));
      const [{ n }] = await blocker.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      expect(n).toBe(1);
      // The signed-in service still finds connections (its history read does not touch the locked table).
      expect((await registry.request('GET', `/innovations/${created.body.id}/history`, { token })).status).toBe(200);
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
    }
    await Promise.all(crawl);
    expect(statuses.sort()).toEqual([200, 503, 503, 503, 503, 503]);
  });
});
