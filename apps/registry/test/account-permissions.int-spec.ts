import { startService, tokenFor, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../src/registry.app.js';
import { DEMAK, insertAgency, KUDUS } from './innovation-test.fixtures.js';

const YOGYA = '34.71';

/**
 * Who may create, deactivate and reset which account: every acting role × every target role, in and out
 * of the actor's scope, with the status each gets over HTTP. Read a row as "creating this account".
 */
describe('who manages whom', () => {
  let registry: RunningService;
  const agencies: Record<string, string> = {};

  const actors = {
    national: tokenFor({ sub: 'nasional', role: 'national-admin' }),
    jateng: tokenFor({ sub: 'prov-33', role: 'province-admin', province: '33' }),
    kudus: tokenFor({ sub: 'admin-kudus', role: 'region-admin', region: KUDUS }),
    staff: tokenFor({ sub: 'staff-kudus', role: 'agency-staff', region: KUDUS, agency: '00000000-0000-4000-8000-000000000001' }),
    juror: tokenFor({ sub: 'juri', role: 'juror', editions: [] }),
    service: tokenFor({ sub: 'svc', role: 'service' }),
  };
  type Actor = keyof typeof actors;
  const cols: Actor[] = ['national', 'jateng', 'kudus', 'staff', 'juror', 'service'];

  const targets: Record<string, { body: () => Record<string, unknown>; create: number[]; deactivate: number[] }> = {
    'province-admin of 33': { body: () => ({ role: 'province-admin', province: '33' }), create: [201, 403, 403, 403, 403, 403], deactivate: [200, 403, 403, 403, 403, 403] },
    'province-admin of 34': { body: () => ({ role: 'province-admin', province: '34' }), create: [201, 403, 403, 403, 403, 403], deactivate: [200, 403, 403, 403, 403, 403] },
    'region-admin of Kudus': { body: () => ({ role: 'region-admin', region: KUDUS }), create: [201, 201, 403, 403, 403, 403], deactivate: [200, 200, 403, 403, 403, 403] },
    'region-admin of Yogyakarta': { body: () => ({ role: 'region-admin', region: YOGYA }), create: [201, 403, 403, 403, 403, 403], deactivate: [200, 403, 403, 403, 403, 403] },
    'agency-staff of Kudus': { body: () => ({ role: 'agency-staff', agency: agencies.kudus }), create: [201, 201, 201, 403, 403, 403], deactivate: [200, 200, 200, 403, 403, 403] },
    'agency-staff of Demak': { body: () => ({ role: 'agency-staff', agency: agencies.demak }), create: [201, 201, 403, 403, 403, 403], deactivate: [200, 200, 403, 403, 403, 403] },
    'agency-staff of Yogyakarta': { body: () => ({ role: 'agency-staff', agency: agencies.yogya }), create: [201, 403, 403, 403, 403, 403], deactivate: [200, 403, 403, 403, 403, 403] },
    juror: { body: () => ({ role: 'juror' }), create: [201, 201, 201, 403, 403, 403], deactivate: [200, 403, 403, 403, 403, 403] },
    service: { body: () => ({ role: 'service' }), create: [201, 403, 403, 403, 403, 403], deactivate: [200, 403, 403, 403, 403, 403] },
    'national-admin': { body: () => ({ role: 'national-admin' }), create: [201, 403, 403, 403, 403, 403], deactivate: [200, 403, 403, 403, 403, 403] },
  };

  beforeAll(async () => {
    registry = await startService(createRegistryApp);
    agencies.kudus = await insertAgency(registry, KUDUS, 'Dinas Kesehatan');
    agencies.demak = await insertAgency(registry, DEMAK, 'Dinas Kesehatan');
    agencies.yogya = await insertAgency(registry, YOGYA, 'Dinas Kesehatan');
  });
  afterAll(() => registry?.close());

  let n = 0;
  const create = (token: string, body: Record<string, unknown>) => registry.request('POST', '/accounts', { token, body: { name: `Akun ${++n}`, email: `akun${n}@example.go.id`, ...body } });

  it.each(Object.keys(targets))('creating %s', async (target) => {
    const got = [];
    for (const actor of cols) got.push((await create(actors[actor], targets[target].body())).status);
    expect(got).toEqual(targets[target].create);
  });

  it.each(Object.keys(targets))('deactivating %s (the juror created by the nation)', async (target) => {
    const got = [];
    for (const actor of cols) {
      const { body } = await create(actors.national, targets[target].body());
      got.push((await registry.request('POST', `/accounts/${body.account.id}/deactivate`, { token: actors[actor] })).status);
    }
    expect(got).toEqual(targets[target].deactivate);
  });

  it.each(Object.keys(targets))('resetting the password of %s (the same rule as deactivating)', async (target) => {
    const got = [];
    for (const actor of cols) {
      const { body } = await create(actors.national, targets[target].body());
      got.push((await registry.request('POST', `/accounts/${body.account.id}/password-reset`, { token: actors[actor] })).status);
    }
    expect(got).toEqual(targets[target].deactivate);
  });

  it('a juror belongs to the region or province that created it, and only they (and the nation) manage it', async () => {
    const byKudus = (await create(actors.kudus, { role: 'juror' })).body.account.id;
    const byJateng = (await create(actors.jateng, { role: 'juror' })).body.account.id;
    const demak = tokenFor({ sub: 'admin-demak', role: 'region-admin', region: DEMAK });
    expect((await registry.request('POST', `/accounts/${byKudus}/deactivate`, { token: demak })).status).toBe(403);
    expect((await registry.request('POST', `/accounts/${byKudus}/deactivate`, { token: actors.jateng })).status).toBe(200);
    expect((await registry.request('POST', `/accounts/${byJateng}/deactivate`, { token: actors.kudus })).status).toBe(403);
    expect((await registry.request('POST', `/accounts/${byJateng}/password-reset`, { token: actors.jateng })).status).toBe(200);
  });

  it('lists to each admin only the accounts of their scope', async () => {
    const list = await registry.request('GET', '/accounts?includeInactive=true', { token: actors.kudus });
    expect(list.status).toBe(200);
    expect(list.body.length).toBeGreaterThan(0);
    for (const a of list.body) expect(a.region === KUDUS || a.role === 'juror').toBe(true);
    expect((await registry.request('GET', '/accounts', { token: actors.staff })).status).toBe(403);
  });
});
