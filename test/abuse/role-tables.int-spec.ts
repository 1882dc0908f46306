import { randomUUID } from 'node:crypto';
import { DEV_JWT_SECRET, signToken } from '@lumbung/platform';
import { tokenFor, type RunningService } from '@lumbung/testing';
import { kudusEdition } from '../../apps/nomination/test/nomination-test.fixtures.js';
import { innovationBody, insertAgency } from '../../apps/registry/test/innovation-test.fixtures.js';
import { DEMAK, KUDUS, rowCounts, startAbused, type ServiceName } from './abuse.fixtures.js';

/**
 * Who may do what, as tables: each row is an endpoint, each column a principal, each cell the
 * status expected. Columns cover every role of libs/contracts and both sides of each scope
 * boundary (own vs other regency, own vs other province, own vs other agency, assigned vs
 * unassigned juror). A refused cell (401/403) must also leave every table as it was.
 */
const base64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const kudusAdmin = { sub: 'admin-kudus', role: 'region-admin' as const, region: KUDUS };

/** Tokens that must all be refused with 401, whatever the route. */
function defectiveTokens(): Record<string, Record<string, string>> {
  const valid = tokenFor(kudusAdmin);
  const [header, payload] = valid.split('.');
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  return {
    none: {},
    expired: bearer(signToken(DEV_JWT_SECRET, kudusAdmin, -60)),
    'wrong signature': bearer(signToken('another-secret-of-at-least-32-characters', kudusAdmin)),
    'tampered payload': bearer(`${header}.${base64url({ ...kudusAdmin, role: 'national-admin', exp: Math.floor(Date.now() / 1000) + 600 })}.${valid.split('.')[2]}`),
    'alg none': bearer(`${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`),
    'alg HS512': bearer(signToken(DEV_JWT_SECRET, kudusAdmin).replace(/^[^.]+/, base64url({ alg: 'HS512', typ: 'JWT' }))),
    'no subject': bearer(tokenFor({ role: 'national-admin' } as never)),
    'no role': bearer(tokenFor({ sub: 'x' } as never)),
    'unknown role': bearer(tokenFor({ sub: 'x', role: 'superuser' } as never)),
    'region-admin without region': bearer(tokenFor({ sub: 'x', role: 'region-admin' })),
    'agency-staff without agency': bearer(tokenFor({ sub: 'x', role: 'agency-staff', region: KUDUS })),
    'province-admin without province': bearer(tokenFor({ sub: 'x', role: 'province-admin' })),
    'juror without editions': bearer(tokenFor({ sub: 'x', role: 'juror' } as never)),
    'not bearer': { authorization: `Basic ${valid}` },
    'bearer alone': { authorization: 'Bearer' },
    'two tokens': { authorization: `Bearer ${valid} ${valid}` },
    garbage: bearer('a.b.c'),
  };
}

interface Row {
  name: string;
  method: string;
  /** Builds a fresh target (so an allowed cell never depends on another) and returns path and body. */
  target: () => Promise<{ path: string; body?: unknown; headers?: Record<string, string> }>;
  expect: Record<string, number>;
}

function tableTests(service: ServiceName, get: () => RunningService, principals: () => Record<string, string>, rows: () => Row[]) {
  it('refuses every defective token with 401 on a read and a write, changing nothing', async () => {
    const svc = get();
    const before = await rowCounts(svc, service);
    const [write] = rows();
    const { path, body } = await write.target();
    const before2 = await rowCounts(svc, service);
    for (const [defect, headers] of Object.entries(defectiveTokens())) {
      const w = await svc.request(write.method, path, { body, headers });
      const r = await svc.request('GET', '/admin/dead-letters', { headers });
      expect({ defect, write: w.status, read: r.status }).toEqual({ defect, write: 401, read: 401 });
    }
    expect(await rowCounts(svc, service)).toEqual(before2);
    expect(before).toBeDefined();
  });

  it('answers the role table', async () => {
    const svc = get();
    const tokens = principals();
    const mismatches: string[] = [];
    for (const row of rows()) {
      expect(Object.keys(row.expect).sort()).toEqual(Object.keys(tokens).sort());
      for (const [who, status] of Object.entries(row.expect)) {
        const { path, body, headers } = await row.target();
        const before = await rowCounts(svc, service);
        const res = await svc.request(row.method, path, { token: tokens[who], body, headers });
        if (res.status !== status) mismatches.push(`${row.name} as ${who}: expected ${status}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
        if (status === 401 || status === 403) {
          const after = await rowCounts(svc, service);
          if (JSON.stringify(after) !== JSON.stringify(before)) mismatches.push(`${row.name} as ${who}: refused but rows changed`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
}

/** A compact row: statuses in the column order of `cols`. */
const cells = (cols: string[], statuses: number[]) => Object.fromEntries(cols.map((c, i) => [c, statuses[i]]));

describe('registry role table', () => {
  let svc: RunningService;
  let health: string;
  let licensing: string;
  let demakHealth: string;
  beforeAll(async () => {
    svc = await startAbused('registry');
    health = await insertAgency(svc, KUDUS, 'Dinas Kesehatan');
    licensing = await insertAgency(svc, KUDUS, 'DPMPTSP');
    demakHealth = await insertAgency(svc, DEMAK, 'Dinas Kesehatan');
  });
  afterAll(() => svc?.close());

  const cols = ['national', 'jateng', 'jatim', 'kudus', 'demak', 'staffOwn', 'staffOther', 'staffDemak', 'juror', 'service'];
  const principals = () => ({
    national: tokenFor({ sub: 'n', role: 'national-admin' }),
    jateng: tokenFor({ sub: 'p33', role: 'province-admin', province: '33' }),
    jatim: tokenFor({ sub: 'p35', role: 'province-admin', province: '35' }),
    kudus: tokenFor(kudusAdmin),
    demak: tokenFor({ sub: 'admin-demak', role: 'region-admin', region: DEMAK }),
    staffOwn: tokenFor({ sub: 'staff-1', role: 'agency-staff', region: KUDUS, agency: health }),
    staffOther: tokenFor({ sub: 'staff-2', role: 'agency-staff', region: KUDUS, agency: licensing }),
    staffDemak: tokenFor({ sub: 'staff-3', role: 'agency-staff', region: DEMAK, agency: demakHealth }),
    juror: tokenFor({ sub: 'j', role: 'juror', editions: [] }),
    service: tokenFor({ sub: 'exporter', role: 'service' }),
  });
  const freshInnovation = async () => (await svc.request('POST', '/innovations', { token: principals().national, body: innovationBody(KUDUS, health) })).body.id as string;
  const rows = (): Row[] => [
    { name: 'POST /agencies (Kudus)', method: 'POST', target: async () => ({ path: '/agencies', body: { regionCode: KUDUS, name: `Dinas ${randomUUID().slice(0, 8)}` } }), expect: cells(cols, [201, 201, 403, 201, 403, 403, 403, 403, 403, 403]) },
    { name: 'POST /innovations (Kudus health)', method: 'POST', target: async () => ({ path: '/innovations', body: innovationBody(KUDUS, health) }), expect: cells(cols, [201, 201, 403, 201, 403, 201, 403, 403, 403, 403]) },
    { name: 'POST /innovations/:id/retire', method: 'POST', target: async () => ({ path: `/innovations/${await freshInnovation()}/retire`, body: { reason: 'Selesai' } }), expect: cells(cols, [200, 200, 403, 200, 403, 200, 403, 403, 403, 403]) },
    { name: 'POST /innovations/:id/stage', method: 'POST', target: async () => ({ path: `/innovations/${await freshInnovation()}/stage`, body: { stage: 'penerapan', implementedOn: '2023-01-01' } }), expect: cells(cols, [200, 200, 403, 200, 403, 200, 403, 403, 403, 403]) },
    { name: 'GET /innovations/:id', method: 'GET', target: async () => ({ path: `/innovations/${await freshInnovation()}` }), expect: cells(cols, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200]) },
    { name: 'GET /admin/dead-letters', method: 'GET', target: async () => ({ path: '/admin/dead-letters' }), expect: cells(cols, [200, 403, 403, 403, 403, 403, 403, 403, 403, 200]) },
  ];
  tableTests('registry', () => svc, principals, rows);
});

describe('replication role table', () => {
  let svc: RunningService;
  const kudusAgency = randomUUID();
  beforeAll(async () => {
    svc = await startAbused('replication');
  });
  afterAll(() => svc?.close());

  const cols = ['national', 'jateng', 'jatim', 'kudus', 'demak', 'staffKudus', 'juror', 'service'];
  const principals = () => ({
    national: tokenFor({ sub: 'n', role: 'national-admin' }),
    jateng: tokenFor({ sub: 'p33', role: 'province-admin', province: '33' }),
    jatim: tokenFor({ sub: 'p35', role: 'province-admin', province: '35' }),
    kudus: tokenFor(kudusAdmin),
    demak: tokenFor({ sub: 'admin-demak', role: 'region-admin', region: DEMAK }),
    staffKudus: tokenFor({ sub: 'staff-k', role: 'agency-staff', region: KUDUS, agency: kudusAgency }),
    juror: tokenFor({ sub: 'j', role: 'juror', editions: [] }),
    service: tokenFor({ sub: 'exporter', role: 'service' }),
  });
  // The request lifecycle's own party rules (origin, adopter, overseer) are tabled in
  // apps/replication/test/replication-rules.int-spec.ts; here, the region and province boundaries of the lists.
  const rows = (): Row[] => [
    { name: 'POST /replication-requests (adopter Demak)', method: 'POST', target: async () => ({ path: '/replication-requests', body: { adopterRegionCode: DEMAK } }), expect: cells(cols, [400, 400, 400, 400, 400, 400, 400, 400]) },
    { name: 'GET incoming of Kudus', method: 'GET', target: async () => ({ path: `/replication-requests/incoming?region=${KUDUS}` }), expect: cells(cols, [200, 200, 403, 200, 403, 200, 403, 403]) },
    { name: 'GET outgoing of Demak', method: 'GET', target: async () => ({ path: `/replication-requests/outgoing?region=${DEMAK}` }), expect: cells(cols, [200, 200, 403, 403, 200, 403, 403, 403]) },
    { name: 'GET /provinces/33/replication-requests', method: 'GET', target: async () => ({ path: '/provinces/33/replication-requests' }), expect: cells(cols, [200, 200, 403, 403, 403, 403, 403, 403]) },
  ];
  tableTests('replication', () => svc, principals, rows);
});

describe('nomination role table', () => {
  let svc: RunningService;
  let edition: string;
  beforeAll(async () => {
    svc = await startAbused('nomination');
    const created = await svc.request('POST', '/editions', { token: tokenFor({ sub: 'n', role: 'national-admin' }), body: kudusEdition({ name: 'KIPP Kudus 2022' }) });
    edition = created.body.id;
    await svc.request('POST', `/editions/${edition}/jurors`, { token: tokenFor({ sub: 'n', role: 'national-admin' }), body: { jurorId: 'juror-undip', name: 'Dr. Retno' } });
  });
  afterAll(() => svc?.close());

  const cols = ['national', 'jateng', 'jatim', 'kudus', 'demak', 'staff', 'jurorAssigned', 'jurorOther', 'service'];
  const principals = () => ({
    national: tokenFor({ sub: 'n', role: 'national-admin' }),
    jateng: tokenFor({ sub: 'p33', role: 'province-admin', province: '33' }),
    jatim: tokenFor({ sub: 'p35', role: 'province-admin', province: '35' }),
    kudus: tokenFor({ sub: 'bagor-kudus', role: 'region-admin', region: KUDUS }),
    demak: tokenFor({ sub: 'bagor-demak', role: 'region-admin', region: DEMAK }),
    staff: tokenFor({ sub: 'staff', role: 'agency-staff', region: KUDUS, agency: randomUUID() }),
    jurorAssigned: tokenFor({ sub: 'juror-undip', role: 'juror', editions: [edition ?? ''] }),
    jurorOther: tokenFor({ sub: 'juror-umk', role: 'juror', editions: [randomUUID()] }),
    service: tokenFor({ sub: 'exporter', role: 'service' }),
  });
  const rows = (): Row[] => [
    { name: 'POST /editions (Kudus regency)', method: 'POST', target: async () => ({ path: '/editions', body: kudusEdition({ name: `KIPP ${randomUUID().slice(0, 8)}` }) }), expect: cells(cols, [201, 201, 403, 201, 403, 403, 403, 403, 201]) },
    { name: 'PUT /editions/:id/jurors/me/employment', method: 'PUT', target: async () => ({ path: `/editions/${edition}/jurors/me/employment`, body: { regionCode: '33.20' } }), expect: cells(cols, [403, 403, 403, 403, 403, 403, 200, 403, 403]) },
    { name: 'GET /editions/:id', method: 'GET', target: async () => ({ path: `/editions/${edition}` }), expect: cells(cols, [200, 200, 200, 200, 200, 200, 200, 200, 200]) },
  ];
  tableTests('nomination', () => svc, principals, rows);
});
