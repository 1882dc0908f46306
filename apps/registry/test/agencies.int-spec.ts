import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventCollector, expectEventually, startService, tokenFor, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../src/registry.app.js';

const kudusAdmin = tokenFor({ sub: 'admin-kudus', role: 'region-admin', region: '33.19' });
const demakAdmin = tokenFor({ sub: 'admin-demak', role: 'region-admin', region: '33.21' });
const jatengAdmin = tokenFor({ sub: 'admin-jateng', role: 'province-admin', province: '33' });
const jatimAdmin = tokenFor({ sub: 'admin-jatim', role: 'province-admin', province: '35' });
const nationalAdmin = tokenFor({ sub: 'admin-kemendagri', role: 'national-admin' });
const kudusStaff = tokenFor({ sub: 'staff-kudus', role: 'agency-staff', region: '33.19', agency: randomUUID() });
const juror = tokenFor({ sub: 'juror-1', role: 'juror', editions: [] });

interface Written {
  type: string;
  aggregateId: string;
  aggregateVersion: number;
}

describe('agencies (OPD)', () => {
  let registry: RunningService;
  let audit: EventCollector;
  /** Every event a successful write should have emitted, in the order the writes committed. */
  const expected: Written[] = [];

  async function rowCount(): Promise<number> {
    const [{ n }] = await registry.app.get(DataSource).query(`SELECT count(*)::int AS n FROM "registry"."agency"`);
    return n;
  }

  async function create(token: string, regionCode: string, name: string) {
    const res = await registry.request('POST', '/agencies', { token, body: { regionCode, name } });
    if (res.status === 201) expected.push({ type: 'agency.registered', aggregateId: res.body.id, aggregateVersion: 1 });
    return res;
  }

  beforeAll(async () => {
    registry = await startService(createRegistryApp, { env: { EVENT_SUBSCRIBERS: 'audit:agency.*' } });
    audit = new EventCollector('audit-events', registry.redis.url, registry.redis.prefix);
  });
  afterAll(async () => {
    await audit?.close();
    await registry?.close();
  });

  describe('registering', () => {
    it('lets the regency admin register an agency of its regency, at version 1', async () => {
      const res = await create(kudusAdmin, '33.19', '  Dinas   Kesehatan ');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ regionCode: '33.19', name: 'Dinas Kesehatan', version: 1, retiredAt: null });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get('etag')).toBe('"1"');

      const read = await registry.request('GET', `/agencies/${res.body.id}`, { token: kudusStaff });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);
    });

    it("lets the province admin register a provincial OPD and a regency's agency, and a national admin anywhere", async () => {
      expect((await create(jatengAdmin, '33', 'Badan Riset dan Inovasi Daerah')).status).toBe(201);
      expect((await create(jatengAdmin, '33.19', 'Dinas Pendidikan')).status).toBe(201);
      expect((await create(nationalAdmin, '35.78', 'Dinas Kependudukan dan Pencatatan Sipil')).status).toBe(201);
    });

    it('allows the same name in another region', async () => {
      expect((await create(demakAdmin, '33.21', 'Dinas Kesehatan')).status).toBe(201);
    });

    it('refuses a second active agency of the same name in a region, whatever its case and spacing (409)', async () => {
      const before = await rowCount();
      const res = await create(kudusAdmin, '33.19', 'dinas  KESEHATAN');
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/already exists/);
      expect(await rowCount()).toBe(before);
    });

    it('lets exactly one of several simultaneous registrations of one name through', async () => {
      const results = await Promise.all(Array.from({ length: 5 }, () => create(kudusAdmin, '33.19', 'Dinas Perhubungan')));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
      const listed = await registry.request('GET', '/agencies?region=33.19', { token: kudusAdmin });
      expect(listed.body.filter((a: { name: string }) => a.name === 'Dinas Perhubungan')).toHaveLength(1);
    });

    it.each([
      ['an empty name', { regionCode: '33.19', name: '' }, 'name'],
      ['a name of spaces', { regionCode: '33.19', name: '   ' }, 'name'],
      ['an over-long name', { regionCode: '33.19', name: 'D'.repeat(201) }, 'name'],
      ['a name that is not text', { regionCode: '33.19', name: 42 }, 'name'],
      ['a missing name', { regionCode: '33.19' }, 'name'],
      ['a malformed region code', { regionCode: 'kudus', name: 'Dinas Sosial' }, 'regionCode'],
      ['an unknown region code', { regionCode: '33.99', name: 'Dinas Sosial' }, 'regionCode'],
      ['an unknown property', { regionCode: '33.19', name: 'Dinas Sosial', headOfAgency: 'Budi' }, 'headOfAgency'],
    ])('answers 400 naming the field for %s, and stores nothing', async (_, body, field) => {
      const before = await rowCount();
      const res = await registry.request('POST', '/agencies', { token: kudusAdmin, body });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      expect(await rowCount()).toBe(before);
    });

    it.each([
      ['a Demak admin, for Kudus', demakAdmin],
      ['an East Java province admin, for Kudus', jatimAdmin],
      ['agency staff', kudusStaff],
      ['a juror', juror],
    ])('answers 403 to %s', async (_, token) => {
      const before = await rowCount();
      const res = await registry.request('POST', '/agencies', { token, body: { regionCode: '33.19', name: 'Dinas Sosial' } });
      expect(res.status).toBe(403);
      expect(await rowCount()).toBe(before);
    });

    it('answers 401 without a token or with a forged one', async () => {
      expect((await registry.request('POST', '/agencies', { body: { regionCode: '33.19', name: 'Dinas Sosial' } })).status).toBe(401);
      expect((await registry.request('GET', '/agencies?region=33.19')).status).toBe(401);
      const forged = `${kudusAdmin.slice(0, -4)}AAAA`;
      expect((await registry.request('GET', '/agencies?region=33.19', { token: forged })).status).toBe(401);
    });
  });

  describe('renaming and retiring', () => {
    let id: string;

    beforeAll(async () => {
      id = (await create(kudusAdmin, '33.19', 'Dinas Komunikasi dan Informatika')).body.id;
    });

    it('renames with the current version in If-Match, bumping the version', async () => {
      const res = await registry.request('PATCH', `/agencies/${id}`, { token: kudusAdmin, body: { name: 'Dinas Kominfo' }, headers: { 'if-match': '"1"' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, name: 'Dinas Kominfo', version: 2 });
      expect(res.headers.get('etag')).toBe('"2"');
      expected.push({ type: 'agency.renamed', aggregateId: id, aggregateVersion: 2 });
    });

    it('refuses a stale If-Match with 409 and keeps the name', async () => {
      const res = await registry.request('PATCH', `/agencies/${id}`, { token: kudusAdmin, body: { name: 'Diskominfo' }, headers: { 'if-match': '"1"' } });
      expect(res.status).toBe(409);
      expect((await registry.request('GET', `/agencies/${id}`, { token: kudusAdmin })).body).toMatchObject({ name: 'Dinas Kominfo', version: 2 });
    });

    it('answers 400 naming If-Match when it is not a version', async () => {
      const res = await registry.request('PATCH', `/agencies/${id}`, { token: kudusAdmin, body: { name: 'Diskominfo' }, headers: { 'if-match': 'yesterday' } });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'If-Match' })]);
    });

    it('lets one of two simultaneous renames from the same version win; the other gets 409', async () => {
      const other = (await create(kudusAdmin, '33.19', 'Dinas Sosial')).body.id;
      const [a, b] = await Promise.all(
        ['Dinas Sosial PPKB', 'Dinas Sosial P3AKB'].map((name) => registry.request('PATCH', `/agencies/${other}`, { token: kudusAdmin, body: { name }, headers: { 'if-match': '"1"' } })),
      );
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const winner = a.status === 200 ? a : b;
      expected.push({ type: 'agency.renamed', aggregateId: other, aggregateVersion: 2 });
      expect((await registry.request('GET', `/agencies/${other}`, { token: kudusAdmin })).body).toMatchObject({ name: winner.body.name, version: 2 });
    });

    it('changes nothing and emits nothing when renamed to its current name', async () => {
      const res = await registry.request('PATCH', `/agencies/${id}`, { token: kudusAdmin, body: { name: 'Dinas Kominfo' } });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(2);
    });

    it("refuses a rename onto another active agency's name (409)", async () => {
      const res = await registry.request('PATCH', `/agencies/${id}`, { token: kudusAdmin, body: { name: 'Dinas Pendidikan' } });
      expect(res.status).toBe(409);
    });

    it.each([
      ['an empty name', { name: '' }, 'name'],
      ['an over-long name', { name: 'D'.repeat(201) }, 'name'],
      ['an unknown property', { name: 'Diskominfo', regionCode: '33.21' }, 'regionCode'],
    ])('answers 400 naming the field for %s', async (_, body, field) => {
      const res = await registry.request('PATCH', `/agencies/${id}`, { token: kudusAdmin, body });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    });

    it('answers 403 to a Demak admin or agency staff renaming a Kudus agency, and to a Demak admin retiring it', async () => {
      expect((await registry.request('PATCH', `/agencies/${id}`, { token: demakAdmin, body: { name: 'Diskominfo Demak' } })).status).toBe(403);
      expect((await registry.request('PATCH', `/agencies/${id}`, { token: kudusStaff, body: { name: 'Diskominfo' } })).status).toBe(403);
      expect((await registry.request('POST', `/agencies/${id}/retire`, { token: demakAdmin })).status).toBe(403);
      expect((await registry.request('GET', `/agencies/${id}`, { token: kudusAdmin })).body).toMatchObject({ name: 'Dinas Kominfo', version: 2, retiredAt: null });
    });

    it("lets Central Java's province admin rename it", async () => {
      const res = await registry.request('PATCH', `/agencies/${id}`, { token: jatengAdmin, body: { name: 'Diskominfo' } });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(3);
      expected.push({ type: 'agency.renamed', aggregateId: id, aggregateVersion: 3 });
    });

    it('retires once (version bumps), then answers 409', async () => {
      const res = await registry.request('POST', `/agencies/${id}/retire`, { token: kudusAdmin, headers: { 'if-match': '"3"' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, version: 4 });
      expect(res.body.retiredAt).not.toBeNull();
      expected.push({ type: 'agency.retired', aggregateId: id, aggregateVersion: 4 });

      const again = await registry.request('POST', `/agencies/${id}/retire`, { token: kudusAdmin });
      expect(again.status).toBe(409);
      expect(again.body.message).toMatch(/retired/);
    });

    it('refuses to rename a retired agency (409)', async () => {
      expect((await registry.request('PATCH', `/agencies/${id}`, { token: kudusAdmin, body: { name: 'Diskominfo Baru' } })).status).toBe(409);
    });

    it("frees a retired agency's name for a new agency of the region", async () => {
      const res = await create(kudusAdmin, '33.19', 'Diskominfo');
      expect(res.status).toBe(201);
      expect(res.body.id).not.toBe(id);
    });
  });

  describe('reading', () => {
    it("lists a region's active agencies by name, and the retired ones on request", async () => {
      const active = await registry.request('GET', '/agencies?region=33.19', { token: kudusStaff });
      expect(active.status).toBe(200);
      expect(active.body.map((a: { name: string }) => a.name)).toEqual(['Dinas Kesehatan', 'Dinas Pendidikan', 'Dinas Perhubungan', expect.stringMatching(/^Dinas Sosial P/), 'Diskominfo']);

      const all = await registry.request('GET', '/agencies?region=33.19&includeRetired=true', { token: kudusStaff });
      expect(all.body.map((a: { name: string; retiredAt: string | null }) => [a.name, a.retiredAt === null])).toEqual([
        ['Dinas Kesehatan', true],
        ['Dinas Pendidikan', true],
        ['Dinas Perhubungan', true],
        [expect.stringMatching(/^Dinas Sosial P/), true],
        ['Diskominfo', false],
        ['Diskominfo', true],
      ]);
    });

    it("lists a province's own OPDs under the province code", async () => {
      const res = await registry.request('GET', '/agencies?region=33', { token: juror });
      expect(res.body.map((a: { name: string }) => a.name)).toEqual(['Badan Riset dan Inovasi Daerah']);
    });

    it.each([
      ['/agencies', 'region'],
      ['/agencies?region=33.99', 'region'],
      ['/agencies?region=33.19&includeRetired=maybe', 'includeRetired'],
      ['/agencies/not-a-uuid', 'id'],
    ])('answers 400 naming the field for GET %s', async (path, field) => {
      const res = await registry.request('GET', path, { token: kudusStaff });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    });

    it('answers 404 for an agency that does not exist, to reads and writes alike', async () => {
      const missing = randomUUID();
      expect((await registry.request('GET', `/agencies/${missing}`, { token: kudusStaff })).status).toBe(404);
      expect((await registry.request('PATCH', `/agencies/${missing}`, { token: kudusAdmin, body: { name: 'X' } })).status).toBe(404);
      expect((await registry.request('POST', `/agencies/${missing}/retire`, { token: kudusAdmin })).status).toBe(404);
    });
  });

  describe('events', () => {
    it('delivers one event per successful write to an outside subscriber, once each, in commit order', async () => {
      await expectEventually(() => expect(audit.received.length).toBeGreaterThanOrEqual(expected.length));
      expect(audit.received.map((e) => ({ type: e.type, aggregateId: e.aggregateId, aggregateVersion: e.aggregateVersion }))).toEqual(expected);
      expect(new Set(audit.jobIds).size).toBe(audit.jobIds.length);
    });

    it('carries the agency as it stood after the change, with the actor\'s correlation id', async () => {
      const lifecycle = audit.received.filter((e) => e.aggregateId === expected.find((x) => x.type === 'agency.retired')!.aggregateId);
      expect(lifecycle.map((e) => [e.type, (e.payload as { agency: { name: string } }).agency.name])).toEqual([
        ['agency.registered', 'Dinas Komunikasi dan Informatika'],
        ['agency.renamed', 'Dinas Kominfo'],
        ['agency.renamed', 'Diskominfo'],
        ['agency.retired', 'Diskominfo'],
      ]);
      expect((lifecycle[1].payload as { previousName: string }).previousName).toBe('Dinas Komunikasi dan Informatika');
      expect((lifecycle[3].payload as { agency: { retiredAt: string | null } }).agency.retiredAt).not.toBeNull();
      expect(lifecycle.every((e) => e.producer === 'registry' && typeof e.correlationId === 'string' && e.correlationId.length > 0)).toBe(true);
    });
  });
});
