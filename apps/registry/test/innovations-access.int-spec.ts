import { signToken } from '@lumbung/platform';
import { newSigningKey, sleep, startService, tokenFor, tokenSignedWith, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../src/registry.app.js';
import { agencyStaff, countRows, DEMAK, innovationBody, insertAgency, juror, KUDUS, nationalAdmin, provinceAdmin, regionAdmin } from './innovation-test.fixtures.js';

describe('innovations: who may do what', () => {
  let registry: RunningService;
  let kudusHealth: string;
  let kudusLicensing: string;
  let existing: { id: string };

  const reviseBody = () => {
    const { regionCode: _r, agencyId: _a, stage: _s, yearRegistered: _y, ...content } = innovationBody(KUDUS, kudusHealth, { name: 'Diubah' });
    return content;
  };
  /** Every write on a Kudus innovation of Dinas Kesehatan. */
  const writes = (): [string, string, unknown, Record<string, string>][] => [
    ['POST', '/innovations', innovationBody(KUDUS, kudusHealth), {}],
    ['PUT', `/innovations/${existing.id}`, reviseBody(), { 'if-match': '"1"' }],
    ['POST', `/innovations/${existing.id}/stage`, { stage: 'penerapan', implementedOn: '2023-01-01' }, {}],
    ['POST', `/innovations/${existing.id}/retire`, { reason: 'Coba' }, {}],
  ];
  const reads = (): string[] => [`/innovations/${existing.id}`, `/innovations/${existing.id}/history`, '/innovations?region=33.19', '/innovations?q=izin'];

  beforeAll(async () => {
    registry = await startService(createRegistryApp);
    kudusHealth = await insertAgency(registry, KUDUS, 'Dinas Kesehatan');
    kudusLicensing = await insertAgency(registry, KUDUS, 'DPMPTSP');
    const created = await registry.request('POST', '/innovations', { token: regionAdmin(KUDUS), body: innovationBody(KUDUS, kudusHealth) });
    expect(created.status).toBe(201);
    existing = created.body;
  });
  afterAll(() => registry?.close());

  const refusesEveryWrite = async (status: number, token: string | undefined, headers: Record<string, string> = {}) => {
    const before = await countRows(registry);
    for (const [method, path, body, extra] of writes()) {
      const res = await registry.request(method, path, { token, body, headers: { ...extra, ...headers } });
      expect({ method, path, status: res.status }).toEqual({ method, path, status });
    }
    expect(await countRows(registry)).toEqual(before);
  };

  it('answers 401 without a token, with a bad signature and with an expired token', async () => {
    const admin = { sub: 'admin', role: 'region-admin' as const, region: KUDUS };
    const forged = tokenSignedWith(newSigningKey(), admin);
    const expired = signToken(admin, -60);
    for (const token of [undefined, forged, expired]) await refusesEveryWrite(401, token);
    for (const token of [undefined, forged, expired]) {
      for (const path of reads()) expect((await registry.request('GET', path, { token })).status).toBe(401);
    }
    // A token of a region-admin without its region is not a token of every region.
    expect((await registry.request('GET', reads()[0], { token: tokenFor({ sub: 'x', role: 'region-admin' }) })).status).toBe(401);
    const notBearer = await registry.request('GET', reads()[0], { headers: { authorization: `Basic ${regionAdmin(KUDUS)}` } });
    expect(notBearer.status).toBe(401);
  });

  it('refuses a token once it expires, though it was accepted (and remembered) a moment before', async () => {
    const shortLived = signToken({ sub: 'admin', role: 'region-admin', region: KUDUS }, 3);
    expect((await registry.request('GET', reads()[0], { token: shortLived })).status).toBe(200);
    await sleep(3_100);
    expect((await registry.request('GET', reads()[0], { token: shortLived })).status).toBe(401);
  });

  it('refuses (403) the region-admin of Demak, the staff of another agency, a province-admin elsewhere, a juror and a service', async () => {
    await refusesEveryWrite(403, regionAdmin(DEMAK));
    await refusesEveryWrite(403, agencyStaff(KUDUS, kudusLicensing));
    await refusesEveryWrite(403, agencyStaff(DEMAK, kudusHealth));
    await refusesEveryWrite(403, provinceAdmin('34'));
    await refusesEveryWrite(403, juror());
    await refusesEveryWrite(403, tokenFor({ sub: 'exporter', role: 'service' }));
  });

  it('opens reads to every authenticated role', async () => {
    const everyone = [regionAdmin(DEMAK), agencyStaff(DEMAK, kudusLicensing), provinceAdmin('34'), juror(), nationalAdmin(), tokenFor({ sub: 'exporter', role: 'service' })];
    for (const token of everyone) {
      for (const path of reads()) expect({ path, status: (await registry.request('GET', path, { token })).status }).toEqual({ path, status: 200 });
    }
  });

  it('lets the agency staff, the region, the province and the nation each write within their scope', async () => {
    const writers = [agencyStaff(KUDUS, kudusHealth), regionAdmin(KUDUS), provinceAdmin('33'), nationalAdmin()];
    for (const token of writers) {
      const created = await registry.request('POST', '/innovations', { token, body: innovationBody(KUDUS, kudusHealth) });
      expect(created.status).toBe(201);
      const revised = await registry.request('PUT', `/innovations/${created.body.id}`, { token, headers: { 'if-match': '"1"' }, body: reviseBody() });
      expect(revised.status).toBe(200);
      const staged = await registry.request('POST', `/innovations/${created.body.id}/stage`, { token, body: { stage: 'penerapan', implementedOn: '2023-01-01' } });
      expect(staged.status).toBe(200);
      const retired = await registry.request('POST', `/innovations/${created.body.id}/retire`, { token, body: { reason: 'Selesai' } });
      expect(retired.status).toBe(200);
    }
    const untouched = await registry.request('GET', `/innovations/${existing.id}/history`, { token: juror() });
    expect(untouched.body).toHaveLength(1);
  });
});
