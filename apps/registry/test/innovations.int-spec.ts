import { DataSource } from 'typeorm';
import { EventCollector, expectEventually, startService, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../src/registry.app.js';
import { countRows, DEMAK, innovationBody, insertAgency, KUDUS, nationalAdmin, regionAdmin, setYearRegistered } from './innovation-test.fixtures.js';

describe('innovations', () => {
  let registry: RunningService;
  let audit: EventCollector;
  let kudusHealth: string;
  let kudusLicensing: string;
  let demakHealth: string;
  const kudusAdmin = regionAdmin(KUDUS);

  const register = async (overrides: Record<string, unknown> = {}, token = kudusAdmin, headers: Record<string, string> = {}) => {
    const res = await registry.request('POST', '/innovations', { token, body: innovationBody(KUDUS, kudusHealth, overrides), headers });
    expect(res.status).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    registry = await startService(createRegistryApp, { env: { EVENT_SUBSCRIBERS: 'audit:innovation.*' } });
    audit = new EventCollector('audit-events', registry.redis.url, registry.redis.prefix);
    kudusHealth = await insertAgency(registry, KUDUS, 'Dinas Kesehatan');
    kudusLicensing = await insertAgency(registry, KUDUS, 'DPMPTSP');
    demakHealth = await insertAgency(registry, DEMAK, 'Dinas Kesehatan');
  });
  afterAll(async () => {
    await audit?.close();
    await registry?.close();
  });

  it('registers an innovation and reads it back with its version as ETag', async () => {
    const res = await registry.request('POST', '/innovations', { token: kudusAdmin, body: innovationBody(KUDUS, kudusHealth) });
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"1"');
    // Both answers are JSON text written by PostgreSQL and sent as it is (see InnovationStore's ANSWERS).
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.body).toMatchObject({
      version: 1,
      name: 'Jos Pakk: layanan perizinan daring',
      regionCode: KUDUS,
      provinceCode: '33',
      agencyId: kudusHealth,
      agencyName: 'Dinas Kesehatan',
      typeCode: 'teknologi',
      stage: 'uji-coba',
      initiator: 'opd',
      digital: true,
      form: 'pelayanan-publik',
      governmentAffair: 'penanaman modal',
      trialStartedOn: '2022-01-10',
      implementedOn: null,
      evidence: [{ indicator: 'regulasi', url: 'https://jdih.kuduskab.go.id/perbup-12-2023.pdf', note: 'Perbup 12/2023' }],
      originInnovationId: null,
      replicationRequestId: null,
      // The year it was registered in (WIB), not the 2022 the body sent.
      yearRegistered: Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(new Date())),
      retiredAt: null,
    });

    const read = await registry.request('GET', `/innovations/${res.body.id}`, { token: kudusAdmin });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(read.body).toEqual({ ...res.body, contact: null, replications: [] });
  });

  it('documents the routes in OpenAPI, with If-Match required on revise', async () => {
    const docs = await registry.request('GET', '/docs-json');
    const paths = docs.body.paths;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/innovations', '/innovations/{id}', '/innovations/{id}/history', '/innovations/{id}/stage', '/innovations/{id}/retire']));
    expect(paths['/innovations/{id}'].put.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'if-match', in: 'header', required: true })]));
    expect(paths['/innovations/{id}'].put.parameters.filter((p: { in: string }) => p.in === 'header')).toHaveLength(1);
    expect(paths['/innovations/{id}'].put.responses['428']).toBeDefined();
    expect(Object.keys(paths['/innovations/{id}'].put.responses)).toEqual(expect.arrayContaining(['200', '400', '403', '404', '409', '428']));
    expect(paths['/innovations'].post.responses['201'].headers.ETag).toBeDefined();
    expect(docs.body.components.schemas.InnovationDetail).toBeDefined();
  });

  it('sets the year registered to the current year in Central Java, whatever year the client sends', async () => {
    const thisYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(new Date()));
    expect((await register({ yearRegistered: undefined })).yearRegistered).toBe(thisYear);
    for (const year of [2019, 2100]) {
      const backdated = await register({ yearRegistered: year });
      expect(backdated.yearRegistered).toBe(thisYear);
      expect((await registry.request('GET', `/innovations/${backdated.id}`, { token: kudusAdmin })).body.yearRegistered).toBe(thisYear);
    }
  });

  it('answers 404 for an unknown id and 400 naming id for a non-uuid one', async () => {
    const missing = await registry.request('GET', '/innovations/3f1e8a52-6a0c-4a7e-9b1d-2c3d4e5f6a7b', { token: kudusAdmin });
    expect(missing.status).toBe(404);
    expect((await registry.request('GET', '/innovations/3f1e8a52-6a0c-4a7e-9b1d-2c3d4e5f6a7b/history', { token: kudusAdmin })).status).toBe(404);
    const write = await registry.request('POST', '/innovations/3f1e8a52-6a0c-4a7e-9b1d-2c3d4e5f6a7b/retire', { token: kudusAdmin, body: { reason: 'x' } });
    expect(write.status).toBe(404);
    const bad = await registry.request('GET', '/innovations/not-a-uuid', { token: kudusAdmin });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['id']);
    expect((await registry.request('GET', '/innovations/not-a-uuid/history', { token: kudusAdmin })).status).toBe(400);
  });

  it('sends registered, revised and retired to an outside subscriber once each, in order, with the request correlation id', async () => {
    const correlationId = `story-${Date.now()}`;
    const headers = { 'x-correlation-id': correlationId };
    const created = await register({}, kudusAdmin, headers);
    const revised = await registry.request('PUT', `/innovations/${created.id}`, {
      token: kudusAdmin,
      headers: { ...headers, 'if-match': '"1"' },
      body: { ...innovationBody(KUDUS, kudusHealth), regionCode: undefined, agencyId: undefined, stage: undefined, yearRegistered: undefined, name: 'Jos Pakk 2.0' },
    });
    expect(revised.status).toBe(200);
    expect(revised.headers.get('etag')).toBe('"2"');
    const retired = await registry.request('POST', `/innovations/${created.id}/retire`, { token: kudusAdmin, headers, body: { reason: 'Digantikan layanan terpadu' } });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ version: 3, retireReason: 'Digantikan layanan terpadu' });
    expect(retired.body.retiredAt).toEqual(expect.any(String));

    const mine = () => audit.received.filter((e) => e.aggregateId === created.id);
    await expectEventually(() => expect(mine()).toHaveLength(3));
    expect(mine().map((e) => [e.type, e.aggregateVersion, e.correlationId])).toEqual([
      ['innovation.registered', 1, correlationId],
      ['innovation.revised', 2, correlationId],
      ['innovation.retired', 3, correlationId],
    ]);
    const [, revisedEvent, retiredEvent] = mine();
    expect(revisedEvent.payload).toMatchObject({ changedFields: ['name'], innovation: { name: 'Jos Pakk 2.0', version: 2 } });
    expect(retiredEvent.payload).toMatchObject({ reason: 'Digantikan layanan terpadu', innovation: { version: 3 } });

    // A retired innovation no longer changes.
    const afterRetire = await registry.request('POST', `/innovations/${created.id}/stage`, { token: kudusAdmin, body: { stage: 'penerapan', implementedOn: '2023-01-01' } });
    expect(afterRetire.status).toBe(409);
    expect((await registry.request('POST', `/innovations/${created.id}/retire`, { token: kudusAdmin, body: { reason: 'lagi' } })).status).toBe(409);
    expect(
      (await registry.request('PUT', `/innovations/${created.id}`, { token: kudusAdmin, headers: { 'if-match': '"3"' }, body: { ...revisedBody(), name: 'Lagi' } })).status,
    ).toBe(409);

    // Nothing more for this innovation reaches the subscriber, and no job was delivered twice.
    const quiet = await registry.request('POST', '/innovations', { token: kudusAdmin, body: innovationBody(KUDUS, kudusHealth, { name: 'Penanda akhir' }) });
    await expectEventually(() => expect(audit.received.some((e) => e.aggregateId === quiet.body.id)).toBe(true));
    expect(mine()).toHaveLength(3);
    expect(new Set(audit.jobIds).size).toBe(audit.jobIds.length);

    const history = await registry.request('GET', `/innovations/${created.id}/history`, { token: regionAdmin(DEMAK) });
    expect(history.status).toBe(200);
    expect(history.body).toEqual([
      expect.objectContaining({ version: 1, action: 'registered', actor: `admin-${KUDUS}`, actorRole: 'region-admin', correlationId, changedFields: [] }),
      expect.objectContaining({ version: 2, action: 'revised', actor: `admin-${KUDUS}`, changedFields: ['name'] }),
      expect.objectContaining({ version: 3, action: 'retired', changedFields: ['retiredAt', 'retireReason'], note: 'Digantikan layanan terpadu' }),
    ]);
    for (const entry of history.body) expect(Date.parse(entry.at)).not.toBeNaN();
  });

  function revisedBody(overrides: Record<string, unknown> = {}) {
    const { regionCode: _r, agencyId: _a, stage: _s, yearRegistered: _y, ...content } = innovationBody(KUDUS, kudusHealth, overrides);
    return content;
  }

  describe('revise', () => {
    it('needs If-Match (428), refuses a stale one (409) and a malformed one (400), and changes nothing then', async () => {
      const created = await register();
      const before = await countRows(registry);
      const missing = await registry.request('PUT', `/innovations/${created.id}`, { token: kudusAdmin, body: revisedBody({ name: 'Baru' }) });
      expect(missing.status).toBe(428);
      const ok = await registry.request('PUT', `/innovations/${created.id}`, { token: kudusAdmin, headers: { 'if-match': '"1"' }, body: revisedBody({ name: 'Baru' }) });
      expect(ok.status).toBe(200);
      const afterOk = await countRows(registry);
      expect(afterOk).toEqual({ innovations: before.innovations, history: before.history + 1, outbox: before.outbox + 1 });

      const stale = await registry.request('PUT', `/innovations/${created.id}`, { token: kudusAdmin, headers: { 'if-match': '"1"' }, body: revisedBody({ name: 'Lebih baru' }) });
      expect(stale.status).toBe(409);
      expect(stale.body.message).toContain('version 2');
      const malformed = await registry.request('PUT', `/innovations/${created.id}`, { token: kudusAdmin, headers: { 'if-match': '*' }, body: revisedBody({ name: 'Lebih baru' }) });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors[0].field).toBe('If-Match');
      expect(await countRows(registry)).toEqual(afterOk);
      const read = await registry.request('GET', `/innovations/${created.id}`, { token: kudusAdmin });
      expect(read.body).toMatchObject({ version: 2, name: 'Baru' });
    });

    it('keeps the version and emits nothing when the revision changes nothing', async () => {
      const created = await register();
      const before = await countRows(registry);
      const same = await registry.request('PUT', `/innovations/${created.id}`, { token: kudusAdmin, headers: { 'if-match': '"1"' }, body: revisedBody() });
      expect(same.status).toBe(200);
      expect(same.headers.get('etag')).toBe('"1"');
      expect(same.body).toEqual(created);
      expect(await countRows(registry)).toEqual(before);
    });

    it('lists exactly the changed fields, and refuses a type outside the region list', async () => {
      const created = await register();
      const res = await registry.request('PUT', `/innovations/${created.id}`, {
        token: kudusAdmin,
        headers: { 'if-match': '"1"' },
        body: revisedBody({ digital: false, goals: 'Izin terbit dalam satu hari.', evidence: [], implementedOn: '2022-05-01' }),
      });
      expect(res.status).toBe(200);
      const history = await registry.request('GET', `/innovations/${created.id}/history`, { token: kudusAdmin });
      expect(history.body[1].changedFields).toEqual(['digital', 'implementedOn', 'goals', 'evidence']);

      const badType = await registry.request('PUT', `/innovations/${created.id}`, { token: kudusAdmin, headers: { 'if-match': '"2"' }, body: revisedBody({ typeCode: 'sulap' }) });
      expect(badType.status).toBe(400);
      expect(badType.body.errors[0].field).toBe('typeCode');
    });

    it('lets only one of two concurrent revisions of the same version win', async () => {
      const created = await register();
      const results = await Promise.all(
        ['Versi A', 'Versi B', 'Versi C'].map((name) =>
          registry.request('PUT', `/innovations/${created.id}`, { token: kudusAdmin, headers: { 'if-match': '"1"' }, body: revisedBody({ name }) }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      const history = await registry.request('GET', `/innovations/${created.id}/history`, { token: kudusAdmin });
      expect(history.body.map((h: { version: number }) => h.version)).toEqual([1, 2]);
    });
  });

  describe('stage', () => {
    it('moves forward with the dates each stage needs and refuses to go back', async () => {
      const created = await register({ stage: 'inisiatif', trialStartedOn: undefined });
      const noDate = await registry.request('POST', `/innovations/${created.id}/stage`, { token: kudusAdmin, body: { stage: 'uji-coba' } });
      expect(noDate.status).toBe(400);
      expect(noDate.body.errors[0].field).toBe('trialStartedOn');

      const trial = await registry.request('POST', `/innovations/${created.id}/stage`, { token: kudusAdmin, body: { stage: 'uji-coba', trialStartedOn: '2022-03-01' } });
      expect(trial.status).toBe(200);
      expect(trial.headers.get('etag')).toBe('"2"');
      expect(trial.body).toMatchObject({ stage: 'uji-coba', trialStartedOn: '2022-03-01', version: 2 });

      const early = await registry.request('POST', `/innovations/${created.id}/stage`, { token: kudusAdmin, body: { stage: 'penerapan', implementedOn: '2022-02-01' } });
      expect(early.status).toBe(400);
      expect(early.body.errors[0].field).toBe('implementedOn');

      const stale = await registry.request('POST', `/innovations/${created.id}/stage`, {
        token: kudusAdmin,
        headers: { 'if-match': '"1"' },
        body: { stage: 'penerapan', implementedOn: '2022-09-01' },
      });
      expect(stale.status).toBe(409);

      const live = await registry.request('POST', `/innovations/${created.id}/stage`, {
        token: kudusAdmin,
        headers: { 'if-match': '"2"' },
        body: { stage: 'penerapan', implementedOn: '2022-09-01' },
      });
      expect(live.status).toBe(200);
      expect(live.body).toMatchObject({ stage: 'penerapan', implementedOn: '2022-09-01', version: 3 });

      for (const stage of ['penerapan', 'uji-coba', 'inisiatif']) {
        const back = await registry.request('POST', `/innovations/${created.id}/stage`, { token: kudusAdmin, body: { stage, trialStartedOn: '2022-03-01' } });
        expect(back.status).toBe(409);
      }

      await expectEventually(() => expect(audit.received.filter((e) => e.aggregateId === created.id).map((e) => e.type)).toEqual(['innovation.registered', 'innovation.stage-changed', 'innovation.stage-changed']));
      const changes = audit.received.filter((e) => e.type === 'innovation.stage-changed' && e.aggregateId === created.id);
      expect(changes.map((e) => [e.payload.fromStage, e.payload.toStage, e.aggregateVersion])).toEqual([
        ['inisiatif', 'uji-coba', 2],
        ['uji-coba', 'penerapan', 3],
      ]);
      const history = await registry.request('GET', `/innovations/${created.id}/history`, { token: kudusAdmin });
      expect(history.body.map((h: { action: string; changedFields: string[] }) => [h.action, h.changedFields])).toEqual([
        ['registered', []],
        ['stage-changed', ['stage', 'trialStartedOn']],
        ['stage-changed', ['stage', 'implementedOn']],
      ]);
    });
  });

  describe('list', () => {
    // Innovations of this block are told apart from the rest of the file by their government affair.
    const affair = 'perhubungan';
    let ids: Record<string, string>;

    beforeAll(async () => {
      const admin = nationalAdmin();
      const make = async (key: string, regionCode: string, agencyId: string, overrides: Record<string, unknown>) => {
        const res = await registry.request('POST', '/innovations', { token: admin, body: innovationBody(regionCode, agencyId, { governmentAffair: affair, ...overrides }) });
        expect(res.status).toBe(201);
        if (typeof overrides.yearRegistered === 'number') await setYearRegistered(registry, res.body.id, overrides.yearRegistered);
        return [key, res.body.id] as const;
      };
      ids = Object.fromEntries([
        await make('kudusTrial', KUDUS, kudusHealth, { name: 'Terminal pintar', problem: 'Antrean bus panjang', design: 'Jadwal bus daring', goals: null, benefits: null, results: null, yearRegistered: 2023 }),
        await make('kudusOffline', KUDUS, kudusLicensing, { name: 'Pos layanan keliling', digital: false, typeCode: 'metode', stage: 'inisiatif', trialStartedOn: undefined, problem: 'Desa jauh dari kantor', design: 'Mobil layanan', goals: null, benefits: null, results: null, yearRegistered: 2023 }),
        await make('demakApplied', DEMAK, demakHealth, { name: 'Halte ramah difabel', stage: 'penerapan', implementedOn: '2022-06-01', problem: 'Halte sulit dijangkau', design: 'Ramp', goals: null, benefits: null, results: null, yearRegistered: 2024 }),
        await make('kudusRetired', KUDUS, kudusHealth, { name: 'Parkir lama', problem: 'Parkir liar', design: 'Karcis', goals: null, benefits: null, results: null, yearRegistered: 2023 }),
      ]);
      const retired = await registry.request('POST', `/innovations/${ids.kudusRetired}/retire`, { token: admin, body: { reason: 'Selesai' } });
      expect(retired.status).toBe(200);
    });

    const listIds = async (query: string) => {
      const res = await registry.request('GET', `/innovations?governmentAffair=${affair}&${query}`, { token: regionAdmin(DEMAK) });
      expect(res.status).toBe(200);
      return (res.body.items as { id: string }[]).map((i) => i.id).sort();
    };
    const of = (...keys: string[]) => keys.map((k) => ids[k]).sort();

    it.each([
      ['region=33.19', ['kudusTrial', 'kudusOffline']],
      ['region=33', ['kudusTrial', 'kudusOffline', 'demakApplied']],
      ['region=33.21', ['demakApplied']],
      ['region=34', []],
      ['type=metode', ['kudusOffline']],
      ['stage=penerapan', ['demakApplied']],
      ['stage=uji-coba', ['kudusTrial']],
      ['year=2023', ['kudusTrial', 'kudusOffline']],
      ['digital=false', ['kudusOffline']],
      ['digital=true', ['kudusTrial', 'demakApplied']],
      ['includeRetired=true', ['kudusTrial', 'kudusOffline', 'demakApplied', 'kudusRetired']],
      ['includeRetired=true&region=33.19&year=2023&digital=true', ['kudusTrial', 'kudusRetired']],
    ])('filters by %s', async (query, expected) => {
      expect(await listIds(query)).toEqual(of(...expected));
    });

    it('filters by agency and matches the government affair regardless of case', async () => {
      expect(await listIds(`agency=${kudusLicensing}`)).toEqual(of('kudusOffline'));
      const res = await registry.request('GET', `/innovations?governmentAffair=PERHUBUNGAN&region=33.21`, { token: kudusAdmin });
      expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([ids.demakApplied]);
    });

    it('searches name and descriptions in Indonesian, stemmed, name matches first', async () => {
      // "jadwal" is in the design of kudusTrial; "terminal" is its name.
      expect(await listIds('q=jadwal')).toEqual(of('kudusTrial'));
      // "layanan" stems to "layan": matches the name "Pos layanan keliling" and the design "Mobil layanan".
      expect(await listIds('q=pelayanan')).toEqual(of('kudusOffline'));
      expect(await listIds('q=halte')).toEqual(of('demakApplied'));
      expect(await listIds('q=antrean%20OR%20difabel')).toEqual(of('kudusTrial', 'demakApplied'));
      expect(await listIds('q=bus%20-terminal')).toEqual([]);

      // A word in the name (weight A) outranks the same kind of match in a description (weight B).
      for (const q of ['halte OR antrean', 'antrean OR halte']) {
        const res = await registry.request('GET', `/innovations?governmentAffair=${affair}&q=${encodeURIComponent(q)}`, { token: kudusAdmin });
        expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([ids.demakApplied, ids.kudusTrial]);
      }

      const ranked = await registry.request('GET', `/innovations?q=${encodeURIComponent('perizinan')}`, { token: kudusAdmin });
      expect(ranked.status).toBe(200);
      expect(ranked.body.items.length).toBeGreaterThan(0);
      for (const item of ranked.body.items) expect(`${item.name} ${item.problem} ${item.design}`.toLowerCase()).toMatch(/izin/);
    });

    it('treats search operators in q as plain words', async () => {
      for (const q of ['izin & | ! (', "'; drop table innovation; --", ':*', '"""', '!!!']) {
        const res = await registry.request('GET', `/innovations?q=${encodeURIComponent(q)}`, { token: kudusAdmin });
        expect(res.status).toBe(200);
        expect(Array.isArray(res.body.items)).toBe(true);
      }
    });

    it('uses the full-text index on the stored search vector', async () => {
      const dataSource = registry.app.get(DataSource);
      const plan = await dataSource.transaction(async (manager) => {
        await manager.query('SET LOCAL enable_seqscan = off');
        return manager.query(`EXPLAIN SELECT i.id FROM "registry"."innovation" i WHERE i.search_vector @@ websearch_to_tsquery('indonesian'::regconfig, 'izin')`);
      });
      expect(JSON.stringify(plan)).toContain('innovation_search_idx');
    });
  });

  describe('pagination', () => {
    const affair = 'pariwisata';
    const created: string[] = [];

    beforeAll(async () => {
      for (let n = 0; n < 23; n++) {
        const res = await registry.request('POST', '/innovations', {
          token: kudusAdmin,
          body: innovationBody(KUDUS, kudusHealth, { governmentAffair: affair, name: `Wisata desa ${n}`, design: n % 2 ? 'Paket wisata daring' : 'Pemandu lokal' }),
        });
        created.push(res.body.id);
      }
    });

    const walk = async (query: string, limit: number) => {
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const url = `/innovations?governmentAffair=${affair}&limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await registry.request('GET', url, { token: kudusAdmin });
        expect(res.status).toBe(200);
        pages.push(res.body.items.map((i: { id: string }) => i.id));
        cursor = res.body.nextCursor;
      } while (cursor && pages.length < 20);
      return pages;
    };

    it('walks every innovation once, newest first, over several pages', async () => {
      const pages = await walk('', 5);
      expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
      const all = pages.flat();
      expect(new Set(all).size).toBe(all.length);
      expect(all).toEqual([...created].reverse());
    });

    it('walks search results once each, best match first', async () => {
      const pages = await walk('&q=wisata', 4);
      const all = pages.flat();
      expect(pages.length).toBe(6);
      expect(new Set(all).size).toBe(23);
      expect(all.sort()).toEqual([...created].sort());
      const onlyOnline = (await walk('&q=daring', 3)).flat();
      expect(onlyOnline.sort()).toEqual(created.filter((_, n) => n % 2).sort());
    });

    it('refuses a cursor it did not make, or one from the other ordering', async () => {
      const first = await registry.request('GET', `/innovations?governmentAffair=${affair}&limit=2`, { token: kudusAdmin });
      for (const cursor of ['garbage', Buffer.from('["t","x","y"]').toString('base64url')]) {
        const res = await registry.request('GET', `/innovations?cursor=${cursor}`, { token: kudusAdmin });
        expect(res.status).toBe(400);
        expect(res.body.errors[0].field).toBe('cursor');
      }
      const mixed = await registry.request('GET', `/innovations?q=wisata&cursor=${first.body.nextCursor}`, { token: kudusAdmin });
      expect(mixed.status).toBe(400);
      expect(mixed.body.errors[0].field).toBe('cursor');
    });
  });
});
