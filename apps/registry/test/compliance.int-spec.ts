import { randomUUID } from 'node:crypto';
import { startService, tokenFor, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../src/registry.app.js';
import { setYearRegistered } from './innovation-test.fixtures.js';

const nationalAdmin = tokenFor({ sub: 'admin-kemendagri', role: 'national-admin' });
const kudusStaff = tokenFor({ sub: 'staff-kudus', role: 'agency-staff', region: '33.19', agency: randomUUID() });

/** The year "now" in WIB, as the service computes it; the current-year cases use it. */
const thisYear = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();

describe('compliance: Satu OPD Satu Inovasi', () => {
  let registry: RunningService;
  const agencies: Record<string, string> = {};

  async function agency(regionCode: string, name: string): Promise<string> {
    const res = await registry.request('POST', '/agencies', { token: nationalAdmin, body: { regionCode, name } });
    expect(res.status).toBe(201);
    agencies[name] = res.body.id;
    return res.body.id;
  }

  async function innovation(regionCode: string, agencyName: string, yearRegistered: number, options: { retire?: boolean } = {}): Promise<void> {
    const res = await registry.request('POST', '/innovations', {
      token: nationalAdmin,
      body: {
        regionCode,
        agencyId: agencies[agencyName],
        name: `Inovasi ${agencyName} ${yearRegistered} ${randomUUID().slice(0, 6)}`,
        typeCode: 'teknologi',
        stage: 'penerapan',
        initiator: 'opd',
        digital: true,
        form: 'pelayanan-publik',
        governmentAffair: 'kesehatan',
        trialStartedOn: '2020-01-06',
        implementedOn: '2020-07-01',
        yearRegistered,
      },
    });
    expect(res.status).toBe(201);
    // The registry sets the year itself; this test's records were registered in the years it counts.
    await setYearRegistered(registry, res.body.id, yearRegistered);
    if (options.retire) {
      const retired = await registry.request('POST', `/innovations/${res.body.id}/retire`, { token: nationalAdmin, body: { reason: 'Tidak dilanjutkan' } });
      expect(retired.status).toBe(200);
    }
  }

  const compliance = (query: string, token = kudusStaff) => registry.request('GET', `/compliance?${query}`, { token });
  const names = (rows: { name: string }[]) => rows.map((r) => r.name);

  beforeAll(async () => {
    registry = await startService(createRegistryApp);

    // Kudus: four agencies. Dinas Perhubungan's 2022 innovation and Kecamatan Jati itself are retired
    // now, after 2022 ended, so both still count for 2022 but Kecamatan Jati drops out of this year.
    await agency('33.19', 'Dinas Kesehatan');
    await agency('33.19', 'Dinas Pendidikan');
    await agency('33.19', 'Dinas Perhubungan');
    await agency('33.19', 'Kecamatan Jati');
    await innovation('33.19', 'Dinas Kesehatan', 2022);
    await innovation('33.19', 'Dinas Kesehatan', 2022);
    await innovation('33.19', 'Dinas Pendidikan', 2021);
    await innovation('33.19', 'Dinas Perhubungan', 2022, { retire: true });
    await innovation('33.19', 'Kecamatan Jati', 2022);
    expect((await registry.request('POST', `/agencies/${agencies['Kecamatan Jati']}/retire`, { token: nationalAdmin })).status).toBe(200);
    // This year: Dinas Pendidikan withdrew its only innovation within the year, which does not count.
    await innovation('33.19', 'Dinas Kesehatan', thisYear);
    await innovation('33.19', 'Dinas Pendidikan', thisYear, { retire: true });

    // Demak: two agencies, one with a 2022 innovation.
    await agency('33.21', 'Dinas Kesehatan Demak');
    await agency('33.21', 'Dinas Pertanian Demak');
    await innovation('33.21', 'Dinas Kesehatan Demak', 2022);

    // The provincial government's own OPD, and an East Java agency that must not leak into Central Java.
    await agency('33', 'BRIDA Jawa Tengah');
    await innovation('33', 'BRIDA Jawa Tengah', 2022);
    await agency('35.78', 'Dinas Kesehatan Surabaya');
    await innovation('35.78', 'Dinas Kesehatan Surabaya', 2022);
  });
  afterAll(() => registry?.close());

  describe('a regency', () => {
    it('lists the agencies with and without an innovation registered that year, with the share', async () => {
      const res = await compliance('region=33.19&year=2022');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        level: 'regency',
        regionCode: '33.19',
        regionName: 'Kabupaten Kudus',
        year: 2022,
        agencies: 4,
        withInnovation: 3,
        withoutInnovation: 1,
        share: 0.75,
        percentage: 75,
        note: null,
      });
      expect(res.body.compliant).toEqual([
        { id: agencies['Dinas Kesehatan'], name: 'Dinas Kesehatan', innovations: 2 },
        { id: agencies['Dinas Perhubungan'], name: 'Dinas Perhubungan', innovations: 1 },
        { id: agencies['Kecamatan Jati'], name: 'Kecamatan Jati', innovations: 1 },
      ]);
      expect(res.body.nonCompliant).toEqual([{ id: agencies['Dinas Pendidikan'], name: 'Dinas Pendidikan', innovations: 0 }]);
    });

    it('counts only the innovations of the year asked for', async () => {
      const res = await compliance('region=33.19&year=2021');
      expect(res.body).toMatchObject({ agencies: 4, withInnovation: 1, share: 0.25, percentage: 25 });
      expect(names(res.body.compliant)).toEqual(['Dinas Pendidikan']);
      const none = await compliance('region=33.19&year=2020');
      expect(none.body).toMatchObject({ agencies: 4, withInnovation: 0, withoutInnovation: 4, share: 0, percentage: 0, note: null });
    });

    it('leaves out agencies retired and innovations withdrawn before the year ended, and defaults to this year', async () => {
      const res = await compliance('region=33.19');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ year: thisYear, agencies: 3, withInnovation: 1, withoutInnovation: 2, share: 0.3333, percentage: 33.3 });
      expect(names(res.body.compliant)).toEqual(['Dinas Kesehatan']);
      expect(names(res.body.nonCompliant)).toEqual(['Dinas Pendidikan', 'Dinas Perhubungan']);
    });

    it('says "no agencies registered" rather than 0% for a regency without agencies', async () => {
      const res = await compliance('region=33.01&year=2022');
      expect(res.body).toMatchObject({ regionCode: '33.01', agencies: 0, share: null, percentage: null, note: 'no agencies registered', compliant: [], nonCompliant: [] });
    });
  });

  describe('a province', () => {
    it('gives one row per regency/city, all 35 of Central Java, the provincial OPDs and the totals', async () => {
      const res = await compliance('region=33&year=2022');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ level: 'province', regionCode: '33', regionName: 'Jawa Tengah', year: 2022 });

      const regions = (await registry.request('GET', '/regions?parent=33', { token: kudusStaff })).body.map((r: { code: string }) => r.code);
      expect(res.body.regencies.map((r: { regionCode: string }) => r.regionCode)).toEqual(regions);
      expect(res.body.regencies).toHaveLength(35);

      const row = (code: string) => res.body.regencies.find((r: { regionCode: string }) => r.regionCode === code);
      expect(row('33.19')).toEqual({ regionCode: '33.19', regionName: 'Kabupaten Kudus', agencies: 4, withInnovation: 3, withoutInnovation: 1, share: 0.75, percentage: 75, note: null });
      expect(row('33.21')).toEqual({ regionCode: '33.21', regionName: 'Kabupaten Demak', agencies: 2, withInnovation: 1, withoutInnovation: 1, share: 0.5, percentage: 50, note: null });
      const empty = res.body.regencies.filter((r: { agencies: number }) => r.agencies === 0);
      expect(empty).toHaveLength(33);
      expect(empty.every((r: { share: unknown; percentage: unknown; note: string }) => r.share === null && r.percentage === null && r.note === 'no agencies registered')).toBe(true);

      expect(res.body.provinceGovernment).toEqual({ agencies: 1, withInnovation: 1, withoutInnovation: 0, share: 1, percentage: 100, note: null });
      expect(res.body.totals).toEqual({
        regencies: 35,
        regenciesWithAgencies: 2,
        agencies: 7,
        withInnovation: 5,
        withoutInnovation: 2,
        share: 0.7143,
        percentage: 71.4,
        note: null,
      });
    });

    it('follows the same year rules as the regency view', async () => {
      const res = await compliance(`region=33&year=${thisYear}`);
      const kudus = res.body.regencies.find((r: { regionCode: string }) => r.regionCode === '33.19');
      expect(kudus).toMatchObject({ agencies: 3, withInnovation: 1 });
      expect(res.body.totals).toMatchObject({ agencies: 6, withInnovation: 1 });
    });

    it('keeps other provinces apart', async () => {
      const res = await compliance('region=35&year=2022');
      expect(res.body.totals).toMatchObject({ agencies: 1, withInnovation: 1, regenciesWithAgencies: 1 });
    });
  });

  describe('bad requests', () => {
    it.each([
      ['year=2022', 'region'],
      ['region=33.99&year=2022', 'region'],
      ['region=kudus&year=2022', 'region'],
      ['region=33.19&year=abc', 'year'],
      ['region=33.19&year=1999', 'year'],
      ['region=33.19&year=2022&opd=1', 'opd'],
    ])('answers 400 naming the field for ?%s', async (query, field) => {
      const res = await compliance(query);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    });

    it('answers 401 without a token', async () => {
      expect((await registry.request('GET', '/compliance?region=33.19&year=2022')).status).toBe(401);
    });
  });
});
