import { DataSource } from 'typeorm';
import { startService, tokenFor, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../src/registry.app.js';

const kudusAdmin = tokenFor({ sub: 'admin-kudus', role: 'region-admin', region: '33.19' });
const jatengAdmin = tokenFor({ sub: 'admin-jateng', role: 'province-admin', province: '33' });
const demakAdmin = tokenFor({ sub: 'admin-demak', role: 'region-admin', region: '33.21' });
const kudusStaff = tokenFor({ sub: 'staff-kudus', role: 'agency-staff', region: '33.19', agency: '5d1f0b8e-6a2b-4b7e-9a51-0c6f1e2d3a4b' });

/**
 * Issue 17: agency and innovation type changes are audited like innovations, each field before and
 * after, who and when, readable by the admins of their scope; a refused change leaves no audit row.
 */
describe('the audit of agencies and innovation types', () => {
  let registry: RunningService;
  const auditRows = async () => {
    const [{ n }] = await registry.app.get(DataSource).query(`SELECT count(*)::int AS n FROM "registry"."change_audit"`);
    return n as number;
  };

  beforeAll(async () => {
    registry = await startService(createRegistryApp);
  });
  afterAll(() => registry?.close());

  it("keeps an agency's registration, rename and retirement with each field before and after", async () => {
    const created = await registry.request('POST', '/agencies', { token: kudusAdmin, body: { regionCode: '33.19', name: 'Dinas Kesehatan' } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await registry.request('PATCH', `/agencies/${id}`, { token: jatengAdmin, body: { name: 'Dinas Kesehatan Kabupaten Kudus' } })).status).toBe(200);
    // Refused changes leave no row: a stale version, and another regency's admin.
    const before = await auditRows();
    expect((await registry.request('PATCH', `/agencies/${id}`, { token: kudusAdmin, body: { name: 'Dinkes' }, headers: { 'if-match': '"1"' } })).status).toBe(409);
    expect((await registry.request('POST', `/agencies/${id}/retire`, { token: demakAdmin })).status).toBe(403);
    expect(await auditRows()).toBe(before);
    expect((await registry.request('POST', `/agencies/${id}/retire`, { token: kudusAdmin })).status).toBe(200);

    const history = await registry.request('GET', `/agencies/${id}/history`, { token: kudusAdmin });
    expect(history.status).toBe(200);
    expect(history.body.map((h: any) => [h.action, h.actor, h.actorRole])).toEqual([
      ['registered', 'admin-kudus', 'region-admin'],
      ['renamed', 'admin-jateng', 'province-admin'],
      ['retired', 'admin-kudus', 'region-admin'],
    ]);
    expect(history.body[0].changes).toEqual([
      { field: 'regionCode', before: null, after: '33.19' },
      { field: 'name', before: null, after: 'Dinas Kesehatan' },
    ]);
    expect(history.body[1].changes).toEqual([{ field: 'name', before: 'Dinas Kesehatan', after: 'Dinas Kesehatan Kabupaten Kudus' }]);
    expect(history.body[2].changes).toEqual([{ field: 'retiredAt', before: null, after: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
    expect(history.body[2].correlationId).toEqual(expect.any(String));
  });

  it("shows an agency's history to the admins of its scope only", async () => {
    const { body } = await registry.request('POST', '/agencies', { token: kudusAdmin, body: { regionCode: '33.19', name: 'Dinas Pendidikan' } });
    expect((await registry.request('GET', `/agencies/${body.id}/history`, { token: jatengAdmin })).status).toBe(200);
    expect((await registry.request('GET', `/agencies/${body.id}/history`, { token: demakAdmin })).status).toBe(403);
    expect((await registry.request('GET', `/agencies/${body.id}/history`, { token: kudusStaff })).status).toBe(403);
    expect((await registry.request('GET', '/agencies/0b9a4a4e-1111-4c4c-8d8d-222233334444/history', { token: kudusAdmin })).status).toBe(404);
  });

  it("keeps an innovation type's addition, rename, retirement and return", async () => {
    const types = '/regions/33.19/innovation-types';
    expect((await registry.request('POST', types, { token: kudusAdmin, body: { code: 'layanan-digital', name: 'Layanan Digital' } })).status).toBe(201);
    expect((await registry.request('PATCH', `${types}/layanan-digital`, { token: kudusAdmin, body: { name: 'Layanan Publik Digital' } })).status).toBe(200);
    expect((await registry.request('DELETE', `${types}/layanan-digital`, { token: jatengAdmin })).status).toBe(200);
    const before = await auditRows();
    expect((await registry.request('DELETE', `${types}/layanan-digital`, { token: kudusAdmin })).status).toBe(409);
    expect(await auditRows()).toBe(before);
    expect((await registry.request('POST', types, { token: kudusAdmin, body: { code: 'layanan-digital', name: 'Layanan Digital' } })).status).toBe(201);

    const history = await registry.request('GET', `${types}/layanan-digital/history`, { token: kudusAdmin });
    expect(history.status).toBe(200);
    expect(history.body.map((h: any) => [h.action, h.actor, h.changes])).toEqual([
      ['added', 'admin-kudus', [{ field: 'code', before: null, after: 'layanan-digital' }, { field: 'name', before: null, after: 'Layanan Digital' }]],
      ['renamed', 'admin-kudus', [{ field: 'name', before: 'Layanan Digital', after: 'Layanan Publik Digital' }]],
      ['retired', 'admin-jateng', [{ field: 'retiredAt', before: null, after: expect.any(String) }]],
      ['reinstated', 'admin-kudus', [{ field: 'name', before: 'Layanan Publik Digital', after: 'Layanan Digital' }, { field: 'retiredAt', before: expect.any(String), after: null }]],
    ]);
    expect((await registry.request('GET', `${types}/layanan-digital/history`, { token: demakAdmin })).status).toBe(403);
  });
});
