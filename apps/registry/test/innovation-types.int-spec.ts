import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_INNOVATION_TYPES } from '@lumbung/contracts';
import { startService, tokenFor, type RunningService } from '@lumbung/testing';
import { InnovationTypesService } from '../src/innovation-types/innovation-types.service.js';
import { createRegistryApp } from '../src/registry.app.js';

const kudusAdmin = tokenFor({ sub: 'admin-kudus', role: 'region-admin', region: '33.19' });
const demakAdmin = tokenFor({ sub: 'admin-demak', role: 'region-admin', region: '33.21' });
const jatengAdmin = tokenFor({ sub: 'admin-jateng', role: 'province-admin', province: '33' });
const jatimAdmin = tokenFor({ sub: 'admin-jatim', role: 'province-admin', province: '35' });
const nationalAdmin = tokenFor({ sub: 'admin-kemendagri', role: 'national-admin' });
const kudusStaff = tokenFor({ sub: 'staff-kudus', role: 'agency-staff', region: '33.19', agency: randomUUID() });

const DEFAULT_CODES = DEFAULT_INNOVATION_TYPES.map((t) => t.code).sort();
const codesOf = (body: { code: string }[]) => body.map((t) => t.code);

describe('innovation types per region', () => {
  let registry: RunningService;

  async function storedRows(regionCode: string): Promise<number> {
    const [{ n }] = await registry.app.get(DataSource).query(`SELECT count(*)::int AS n FROM "registry"."innovation_type" WHERE region_code = $1`, [regionCode]);
    return n;
  }

  beforeAll(async () => {
    registry = await startService(createRegistryApp);
  });
  afterAll(() => registry?.close());

  it('gives every region the default eight until it edits its list, readable by any authenticated user', async () => {
    const res = await registry.request('GET', '/regions/33.19/innovation-types', { token: kudusStaff });
    expect(res.status).toBe(200);
    expect(codesOf(res.body)).toEqual(DEFAULT_CODES);
    expect(res.body).toContainEqual({ code: 'struktur-organisasi', name: 'Struktur Organisasi', retiredAt: null });
    expect(await storedRows('33.19')).toBe(0);
  });

  it('adds a type; the first edit copies the defaults in, leaving other regions on the defaults', async () => {
    const res = await registry.request('POST', '/regions/33.19/innovation-types', { token: kudusAdmin, body: { code: 'layanan-digital', name: ' Layanan  Digital ' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ code: 'layanan-digital', name: 'Layanan Digital', retiredAt: null });
    expect(await storedRows('33.19')).toBe(9);

    const list = await registry.request('GET', '/regions/33.19/innovation-types', { token: kudusStaff });
    expect(codesOf(list.body)).toEqual([...DEFAULT_CODES, 'layanan-digital'].sort());
    expect(codesOf((await registry.request('GET', '/regions/33.21/innovation-types', { token: kudusStaff })).body)).toEqual(DEFAULT_CODES);
    expect(await storedRows('33.21')).toBe(0);
  });

  it('copies the defaults in once when two first edits of a region arrive together', async () => {
    const results = await Promise.all(
      ['kolaborasi', 'pemberdayaan'].map((code) => registry.request('POST', '/regions/33.20/innovation-types', { token: jatengAdmin, body: { code, name: code } })),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201]);
    expect(await storedRows('33.20')).toBe(10);
  });

  it('refuses a code the region already has (409)', async () => {
    expect((await registry.request('POST', '/regions/33.19/innovation-types', { token: kudusAdmin, body: { code: 'teknologi', name: 'Tek' } })).status).toBe(409);
    expect((await registry.request('POST', '/regions/33.19/innovation-types', { token: kudusAdmin, body: { code: 'layanan-digital', name: 'LD' } })).status).toBe(409);
  });

  it.each([
    ['a code with spaces and capitals', { code: 'Layanan Digital', name: 'Layanan' }, 'code'],
    ['an empty name', { code: 'kolaborasi', name: '' }, 'name'],
    ['an over-long name', { code: 'kolaborasi', name: 'K'.repeat(101) }, 'name'],
    ['an over-long code', { code: 'k'.repeat(61), name: 'Kolaborasi' }, 'code'],
    ['an unknown property', { code: 'kolaborasi', name: 'Kolaborasi', weight: 3 }, 'weight'],
  ])('answers 400 naming the field for %s, and stores nothing', async (_, body, field) => {
    const res = await registry.request('POST', '/regions/33.21/innovation-types', { token: demakAdmin, body });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    expect(await storedRows('33.21')).toBe(0);
  });

  it('renames a type; the first edit of a region can be a rename', async () => {
    const res = await registry.request('PATCH', '/regions/33.21/innovation-types/teknologi', { token: demakAdmin, body: { name: 'Teknologi Informasi' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ code: 'teknologi', name: 'Teknologi Informasi', retiredAt: null });
    const list = (await registry.request('GET', '/regions/33.21/innovation-types', { token: kudusStaff })).body;
    expect(codesOf(list)).toEqual(DEFAULT_CODES);
    expect(list.find((t: { code: string }) => t.code === 'teknologi').name).toBe('Teknologi Informasi');
  });

  it('answers 404 for a type the region does not have, and leaves the list as it was', async () => {
    expect((await registry.request('PATCH', '/regions/33.22/innovation-types/kolaborasi', { token: jatengAdmin, body: { name: 'Kolaborasi' } })).status).toBe(404);
    expect((await registry.request('DELETE', '/regions/33.22/innovation-types/kolaborasi', { token: jatengAdmin })).status).toBe(404);
    expect(await storedRows('33.22')).toBe(0);
  });

  it('retires a type: gone from the list (shown on request), refused to new innovations, retired only once', async () => {
    const types = registry.app.get(InnovationTypesService);
    expect(await types.isActiveType('33.19', 'sdm')).toBe(true);

    const res = await registry.request('DELETE', '/regions/33.19/innovation-types/sdm', { token: kudusAdmin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 'sdm', name: 'SDM' });
    expect(res.body.retiredAt).not.toBeNull();

    expect(codesOf((await registry.request('GET', '/regions/33.19/innovation-types', { token: kudusStaff })).body)).not.toContain('sdm');
    const all = await registry.request('GET', '/regions/33.19/innovation-types?includeRetired=true', { token: kudusStaff });
    expect(all.body.find((t: { code: string }) => t.code === 'sdm').retiredAt).not.toBeNull();
    expect(await types.isActiveType('33.19', 'sdm')).toBe(false);
    expect(await types.isActiveType('33.21', 'sdm')).toBe(true);

    expect((await registry.request('DELETE', '/regions/33.19/innovation-types/sdm', { token: kudusAdmin })).status).toBe(409);
    expect((await registry.request('PATCH', '/regions/33.19/innovation-types/sdm', { token: kudusAdmin, body: { name: 'Sumber Daya Manusia' } })).status).toBe(409);
  });

  it('brings a retired type back when it is added again', async () => {
    const res = await registry.request('POST', '/regions/33.19/innovation-types', { token: kudusAdmin, body: { code: 'sdm', name: 'Sumber Daya Manusia' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ code: 'sdm', name: 'Sumber Daya Manusia', retiredAt: null });
    expect(await registry.app.get(InnovationTypesService).isActiveType('33.19', 'sdm')).toBe(true);
  });

  it('keeps at least one active type per region (409 on the last)', async () => {
    const [last, ...others] = DEFAULT_CODES;
    for (const code of others) expect((await registry.request('DELETE', `/regions/33.01/innovation-types/${code}`, { token: nationalAdmin })).status).toBe(200);
    const res = await registry.request('DELETE', `/regions/33.01/innovation-types/${last}`, { token: nationalAdmin });
    expect(res.status).toBe(409);
    expect(codesOf((await registry.request('GET', '/regions/33.01/innovation-types', { token: kudusStaff })).body)).toEqual([last]);
  });

  it.each([
    ['a Demak admin', demakAdmin],
    ['an East Java province admin', jatimAdmin],
    ['agency staff', kudusStaff],
  ])("answers 403 to %s editing Kudus's list, and changes nothing", async (_, token) => {
    const before = (await registry.request('GET', '/regions/33.19/innovation-types?includeRetired=true', { token: kudusStaff })).body;
    expect((await registry.request('POST', '/regions/33.19/innovation-types', { token, body: { code: 'kolaborasi', name: 'Kolaborasi' } })).status).toBe(403);
    expect((await registry.request('PATCH', '/regions/33.19/innovation-types/produk', { token, body: { name: 'Produk Layanan' } })).status).toBe(403);
    expect((await registry.request('DELETE', '/regions/33.19/innovation-types/produk', { token })).status).toBe(403);
    expect((await registry.request('GET', '/regions/33.19/innovation-types?includeRetired=true', { token: kudusStaff })).body).toEqual(before);
  });

  it("lets Central Java's province admin edit a regency's list and its own", async () => {
    expect((await registry.request('POST', '/regions/33.19/innovation-types', { token: jatengAdmin, body: { code: 'kolaborasi', name: 'Kolaborasi' } })).status).toBe(201);
    expect((await registry.request('POST', '/regions/33/innovation-types', { token: jatengAdmin, body: { code: 'kolaborasi', name: 'Kolaborasi' } })).status).toBe(201);
  });

  it('answers 404 for an unknown region and 401 without a token', async () => {
    expect((await registry.request('GET', '/regions/33.99/innovation-types', { token: kudusStaff })).status).toBe(404);
    expect((await registry.request('POST', '/regions/33.99/innovation-types', { token: nationalAdmin, body: { code: 'kolaborasi', name: 'K' } })).status).toBe(404);
    expect((await registry.request('GET', '/regions/33.19/innovation-types')).status).toBe(401);
    expect((await registry.request('POST', '/regions/33.19/innovation-types', { body: { code: 'kolaborasi', name: 'K' } })).status).toBe(401);
  });
});
