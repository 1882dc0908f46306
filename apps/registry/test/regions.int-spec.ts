import { startService, tokenFor, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../src/registry.app.js';

describe('regions (Kemendagri codes from idn-area-data)', () => {
  let registry: RunningService;
  const token = tokenFor({ sub: 'staff-kudus', role: 'agency-staff', region: '33.19', agency: '00000000-0000-4000-8000-000000000001' });

  beforeAll(async () => {
    registry = await startService(createRegistryApp);
  });
  afterAll(() => registry?.close());

  it('lists the 38 provinces, Central Java among them', async () => {
    const res = await registry.request('GET', '/regions', { token });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(38);
    expect(res.body).toContainEqual({ code: '33', name: 'Jawa Tengah', level: 'province', parentCode: null });
    expect(res.body.every((r: { level: string }) => r.level === 'province')).toBe(true);
  });

  it('lists the 35 regencies and cities of Central Java, Kudus and Demak among them', async () => {
    const res = await registry.request('GET', '/regions?parent=33', { token });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(35);
    expect(res.body.every((r: { code: string; parentCode: string; level: string }) => r.code.startsWith('33.') && r.parentCode === '33' && r.level === 'regency')).toBe(true);
    const codes = res.body.map((r: { code: string }) => r.code);
    expect(codes).toEqual([...codes].sort());
    expect(res.body).toContainEqual({ code: '33.19', name: 'Kabupaten Kudus', level: 'regency', parentCode: '33' });
    expect(res.body).toContainEqual({ code: '33.21', name: 'Kabupaten Demak', level: 'regency', parentCode: '33' });
  });

  it('reads one region by code', async () => {
    const res = await registry.request('GET', '/regions/33.19', { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ code: '33.19', name: 'Kabupaten Kudus', level: 'regency', parentCode: '33' });
  });

  it('answers 404 for a code that is not in the catalog', async () => {
    expect((await registry.request('GET', '/regions/33.99', { token })).status).toBe(404);
    expect((await registry.request('GET', '/regions/kudus', { token })).status).toBe(404);
    expect((await registry.request('GET', '/regions?parent=99', { token })).status).toBe(404);
  });

  it('answers 400 naming parent for a malformed parent code', async () => {
    const res = await registry.request('GET', '/regions?parent=jateng', { token });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'parent' })]);
  });

  it('answers 401 without a token', async () => {
    expect((await registry.request('GET', '/regions')).status).toBe(401);
  });

  it('documents regions, agencies, innovation types and compliance in OpenAPI, with their response types', async () => {
    const { body } = await registry.request('GET', '/docs-json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/regions', '/regions/{code}', '/agencies', '/agencies/{id}', '/agencies/{id}/retire', '/regions/{code}/innovation-types', '/regions/{code}/innovation-types/{type}', '/compliance']),
    );
    expect(Object.keys(body.components.schemas)).toEqual(expect.arrayContaining(['AgencyView', 'InnovationTypeView', 'RegionCompliance', 'ProvinceCompliance', 'ErrorResponse']));
    expect(body.paths['/agencies'].post.responses['201'].content['application/json'].schema.$ref).toBe('#/components/schemas/AgencyView');
  });
});
