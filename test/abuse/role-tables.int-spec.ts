import { randomUUID } from 'node:crypto';
import { DEV_SIGNING_KID, signToken } from '@lumbung/platform';
import { newSigningKey, tokenFor, tokenSignedWith, type RunningService } from '@lumbung/testing';
import { CRITERIA_PRESETS } from '@lumbung/contracts';
import { kudusEdition, NominationHarness } from '../../apps/nomination/test/nomination-test.fixtures.js';
import { AGREEMENT, JEPARA, requestBody } from '../../apps/replication/test/replication-test.fixtures.js';
import { innovationBody, insertAgency } from '../../apps/registry/test/innovation-test.fixtures.js';
import { DEMAK, KUDUS, rowCounts, startAbused, type ServiceName } from './abuse.fixtures.js';
import { dealer, NominationWorld, ReplicationWorld, type JurorSeat, type OpenStatus } from './lifecycle-worlds.js';

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
    expired: bearer(signToken(kudusAdmin, -60)),
    'wrong signature': bearer(tokenSignedWith(newSigningKey(DEV_SIGNING_KID), kudusAdmin)),
    'unpublished key': bearer(tokenSignedWith(newSigningKey(), kudusAdmin)),
    'tampered payload': bearer(`${header}.${base64url({ ...kudusAdmin, role: 'national-admin', exp: Math.floor(Date.now() / 1000) + 600 })}.${valid.split('.')[2]}`),
    'alg none': bearer(`${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`),
    'alg HS512': bearer(signToken(kudusAdmin).replace(/^[^.]+/, base64url({ alg: 'HS512', typ: 'JWT' }))),
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
      // Each cell's target is its own, so a row's targets are built together: walking requests and
      // entries to the state a row needs is most of this file's time. The calls stay one at a time.
      const targets = await Promise.all(Object.keys(row.expect).map(() => row.target()));
      for (const [i, [who, status]] of Object.entries(row.expect).entries()) {
        const { path, body, headers } = targets[i];
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
  let world: ReplicationWorld;
  beforeAll(async () => {
    svc = await startAbused('replication');
    world = await ReplicationWorld.seed(svc);
  });
  afterAll(async () => {
    await world?.close();
    await svc?.close();
  });

  // Origin Kudus (its admin, the origin agency's staff, another Kudus agency's), adopter Demak
  // (likewise), a third regency, the overseeing province and one that is not, national, and two
  // roles with no part in a replication.
  const cols = ['national', 'jateng', 'jatim', 'kudus', 'demak', 'jepara', 'staffKudus', 'staffKudusOther', 'staffDemak', 'staffDemakOther', 'juror', 'service'];
  const principals = () => ({
    national: tokenFor({ sub: 'n', role: 'national-admin' }),
    jateng: tokenFor({ sub: 'p33', role: 'province-admin', province: '33' }),
    jatim: tokenFor({ sub: 'p35', role: 'province-admin', province: '35' }),
    kudus: tokenFor(kudusAdmin),
    demak: tokenFor({ sub: 'admin-demak', role: 'region-admin', region: DEMAK }),
    jepara: tokenFor({ sub: 'admin-jepara', role: 'region-admin', region: JEPARA }),
    staffKudus: tokenFor({ sub: 'staff-k', role: 'agency-staff', region: KUDUS, agency: world.agencies.kudus.id }),
    staffKudusOther: tokenFor({ sub: 'staff-k2', role: 'agency-staff', region: KUDUS, agency: world.agencies.kudusOther.id }),
    staffDemak: tokenFor({ sub: 'staff-d', role: 'agency-staff', region: DEMAK, agency: world.agencies.demak.id }),
    staffDemakOther: tokenFor({ sub: 'staff-d2', role: 'agency-staff', region: DEMAK, agency: world.agencies.demakOther.id }),
    juror: tokenFor({ sub: 'j', role: 'juror', editions: [] }),
    service: tokenFor({ sub: 'exporter', role: 'service' }),
  });
  const step = (action: string, status: OpenStatus, body: unknown, model?: 'mandiri') => async () => ({ path: `/replication-requests/${await world.request(status, model)}/${action}`, body });
  const read = (suffix: string) => async () => ({ path: `/replication-requests/${await world.request('accepted')}${suffix}` });
  const reason = { reason: 'Prioritas anggaran berubah.' };
  // The party is checked before the state (replication-state-machine.ts, decide): on a request already
  // accepted the origin learns 409, everyone else still 403.
  const rows = (): Row[] => [
    { name: 'POST /replication-requests (Demak agency adopts)', method: 'POST', target: async () => ({ path: '/replication-requests', body: requestBody(await world.origin(), world.agencies.demak.id) }), expect: cells(cols, [403, 403, 403, 403, 201, 403, 403, 403, 201, 403, 403, 403]) },
    { name: 'POST /replication-requests (provincial OPD adopts)', method: 'POST', target: async () => ({ path: '/replication-requests', body: requestBody(await world.origin(), world.agencies.jateng.id, { adopterRegionCode: '33' }) }), expect: cells(cols, [403, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]) },
    { name: 'POST /replication-requests (invalid body)', method: 'POST', target: async () => ({ path: '/replication-requests', body: { adopterRegionCode: DEMAK } }), expect: cells(cols, [400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400]) },
    { name: 'POST :id/accept (requested)', method: 'POST', target: step('accept', 'requested', {}), expect: cells(cols, [403, 403, 403, 200, 403, 403, 200, 403, 403, 403, 403, 403]) },
    { name: 'POST :id/decline (requested)', method: 'POST', target: step('decline', 'requested', reason), expect: cells(cols, [403, 403, 403, 200, 403, 403, 200, 403, 403, 403, 403, 403]) },
    { name: 'POST :id/accept (already accepted)', method: 'POST', target: step('accept', 'accepted', {}), expect: cells(cols, [403, 403, 403, 409, 403, 403, 409, 403, 403, 403, 403, 403]) },
    { name: 'POST :id/agreement (accepted, kerja-sama)', method: 'POST', target: step('agreement', 'accepted', AGREEMENT), expect: cells(cols, [403, 403, 403, 200, 200, 403, 200, 403, 200, 403, 403, 403]) },
    { name: 'POST :id/progress (accepted, mandiri)', method: 'POST', target: step('progress', 'accepted', { kind: 'knowledge-transfer', summary: 'Studi tiru ke Kudus.' }, 'mandiri'), expect: cells(cols, [403, 403, 403, 403, 200, 403, 403, 403, 200, 403, 403, 403]) },
    { name: 'POST :id/implement (in-progress)', method: 'POST', target: step('implement', 'in-progress', { implementedOn: '2024-01-02' }, 'mandiri'), expect: cells(cols, [403, 403, 403, 403, 200, 403, 403, 403, 200, 403, 403, 403]) },
    { name: 'POST :id/complete (implemented)', method: 'POST', target: step('complete', 'implemented', { benefitEvaluation: 'Izin terbit dalam 3 hari.' }, 'mandiri'), expect: cells(cols, [403, 403, 403, 403, 200, 403, 403, 403, 200, 403, 403, 403]) },
    { name: 'POST :id/withdraw (requested)', method: 'POST', target: step('withdraw', 'requested', reason), expect: cells(cols, [403, 403, 403, 403, 200, 403, 403, 403, 200, 403, 403, 403]) },
    { name: 'POST :id/cancel (accepted)', method: 'POST', target: step('cancel', 'accepted', reason), expect: cells(cols, [200, 200, 403, 200, 403, 403, 200, 403, 403, 403, 403, 403]) },
    { name: 'GET /replication-requests/:id', method: 'GET', target: read(''), expect: cells(cols, [200, 200, 403, 200, 200, 403, 200, 403, 200, 403, 403, 403]) },
    { name: 'GET /replication-requests/:id/timeline', method: 'GET', target: read('/timeline'), expect: cells(cols, [200, 200, 403, 200, 200, 403, 200, 403, 200, 403, 403, 403]) },
    { name: 'GET incoming of Kudus', method: 'GET', target: async () => ({ path: `/replication-requests/incoming?region=${KUDUS}` }), expect: cells(cols, [200, 200, 403, 200, 403, 403, 200, 200, 403, 403, 403, 403]) },
    { name: 'GET outgoing of Demak', method: 'GET', target: async () => ({ path: `/replication-requests/outgoing?region=${DEMAK}` }), expect: cells(cols, [200, 200, 403, 403, 200, 403, 403, 403, 200, 200, 403, 403]) },
    { name: 'GET /provinces/33/replication-requests', method: 'GET', target: async () => ({ path: '/provinces/33/replication-requests' }), expect: cells(cols, [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]) },
  ];
  tableTests('replication', () => svc, principals, rows);
});

describe('nomination role table', () => {
  let h: NominationHarness;
  let world: NominationWorld;
  let edition: string;
  let scoring: { id: string; entries: string[] };
  let objection: { id: string; entries: string[] };
  let presentation: { id: string; entries: string[] };
  let decided: { id: string; entries: string[] };
  let province: string;
  let national: string;
  const ownAgency = randomUUID();
  const cols = ['national', 'jateng', 'jatim', 'kudus', 'demak', 'staffOwn', 'staffOther', 'jurorAssigned', 'jurorUnassigned', 'jurorOther', 'jurorConflicted', 'service'];
  // Jurors of the shared editions: one assigned, one who declared employment in Kudus (whose
  // entries these all are); the unassigned juror's token names the same editions, but no admin assigned it.
  const seats: JurorSeat[] = [{ jurorId: 'juror-undip' }, { jurorId: 'juror-kudus', regionCode: KUDUS }];

  beforeAll(async () => {
    // No edition here runs on its dates, so the harness's 100 ms phase tick would only add load.
    h = await NominationHarness.start({ env: { PHASE_TICK_MS: '60000' } });
    world = new NominationWorld(h);
    const created = await h.request('POST', '/editions', { token: tokenFor({ sub: 'n', role: 'national-admin' }), body: kudusEdition({ name: 'KIPP Kudus 2022' }) });
    edition = created.body.id;
    for (const seat of seats) await world.assign(edition, seat, tokenFor({ sub: 'n', role: 'national-admin' }));
    // Entries reach scoring, objection, presentation and a decision only through the phases before
    // them, and a juror's token must name its edition when minted: so these rows draw on editions
    // built here, one entry per cell.
    [scoring, objection, presentation, decided] = await Promise.all([
      world.poolEdition(cols.length, 'scoring', seats),
      world.poolEdition(2 * cols.length, 'objection'),
      world.poolEdition(cols.length, 'presentation', seats),
      world.poolEdition(cols.length, 'decided'),
    ]);
    province = await world.provinceEdition();
    national = await world.nationalEdition();
  });
  afterAll(() => h?.close());

  const principals = () => {
    const judged = [edition, scoring.id, presentation.id];
    return {
      national: tokenFor({ sub: 'n', role: 'national-admin' }),
      jateng: tokenFor({ sub: 'p33', role: 'province-admin', province: '33' }),
      jatim: tokenFor({ sub: 'p35', role: 'province-admin', province: '35' }),
      kudus: tokenFor({ sub: 'bagor-kudus', role: 'region-admin', region: KUDUS }),
      demak: tokenFor({ sub: 'bagor-demak', role: 'region-admin', region: DEMAK }),
      staffOwn: tokenFor({ sub: 'staff-own', role: 'agency-staff', region: KUDUS, agency: ownAgency }),
      staffOther: tokenFor({ sub: 'staff-other', role: 'agency-staff', region: KUDUS, agency: randomUUID() }),
      jurorAssigned: tokenFor({ sub: 'juror-undip', role: 'juror', editions: judged }),
      jurorUnassigned: tokenFor({ sub: 'juror-lone', role: 'juror', editions: judged }),
      jurorOther: tokenFor({ sub: 'juror-umk', role: 'juror', editions: [randomUUID()] }),
      jurorConflicted: tokenFor({ sub: 'juror-kudus', role: 'juror', editions: judged }),
      service: tokenFor({ sub: 'exporter', role: 'service' }),
    };
  };
  const admitted = dealer('admitted', () => scoring.entries);
  const finalist = dealer('objection finalist', () => objection.entries);
  const presenting = dealer('presenting finalist', () => presentation.entries);
  const winner = dealer('winner', () => decided.entries);
  const criteria = () => CRITERIA_PRESETS['kipp-2023'].map((c) => ({ criterion: c.code, value: 75 }));
  /** A draft of the own agency's innovation in a fresh open edition. */
  const ownDraft = async () => {
    const res = await h.request('POST', `/editions/${await world.open()}/entries`, { token: tokenFor(kudusAdmin), body: { innovationId: await world.innovation({ agencyId: ownAgency }), draft: true } });
    if (res.status !== 201) throw new Error(`draft refused: ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const rows = (): Row[] => [
    { name: 'POST /editions (Kudus regency)', method: 'POST', target: async () => ({ path: '/editions', body: kudusEdition({ name: `KIPP ${randomUUID().slice(0, 8)}` }) }), expect: cells(cols, [201, 201, 403, 201, 403, 403, 403, 403, 403, 403, 403, 201]) },
    { name: 'POST /editions/:id/phase (planned → submission)', method: 'POST', target: async () => ({ path: `/editions/${(await world.edition()).id}/phase`, body: { phase: 'submission' } }), expect: cells(cols, [200, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200]) },
    { name: 'POST /editions/:id/jurors', method: 'POST', target: async () => ({ path: `/editions/${(await world.edition()).id}/jurors`, body: { jurorId: 'juror-umk', name: 'Dr. Ahmad' } }), expect: cells(cols, [201, 201, 403, 201, 403, 403, 403, 403, 403, 403, 403, 201]) },
    {
      name: 'DELETE /editions/:id/jurors/:jurorId',
      method: 'DELETE',
      target: async () => {
        const { id } = await world.edition();
        await world.assign(id, { jurorId: 'juror-umk' });
        return { path: `/editions/${id}/jurors/juror-umk` };
      },
      expect: cells(cols, [204, 204, 403, 204, 403, 403, 403, 403, 403, 403, 403, 204]),
    },
    { name: 'PUT /editions/:id/jurors/me/employment', method: 'PUT', target: async () => ({ path: `/editions/${edition}/jurors/me/employment`, body: { regionCode: JEPARA } }), expect: cells(cols, [403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 200, 403]) },
    { name: 'POST /editions/:id/entries (own agency, Kudus edition)', method: 'POST', target: async () => ({ path: `/editions/${await world.open()}/entries`, body: { innovationId: await world.innovation({ agencyId: ownAgency }) } }), expect: cells(cols, [201, 201, 403, 201, 403, 201, 403, 403, 403, 403, 403, 403]) },
    { name: 'POST /editions/:id/entries (Demak innovation, Kudus edition)', method: 'POST', target: async () => ({ path: `/editions/${await world.open()}/entries`, body: { innovationId: await world.innovation({ regionCode: DEMAK }) } }), expect: cells(cols, [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]) },
    // The agency's own steps on its entry: its staff and the admins above its region; no other agency, no juror, no service.
    { name: 'PUT /entries/:id/proposal (own agency draft)', method: 'PUT', target: async () => ({ path: `/entries/${await ownDraft()}/proposal`, body: { summary: 'Ringkasan' } }), expect: cells(cols, [200, 200, 403, 200, 403, 200, 403, 403, 403, 403, 403, 403]) },
    { name: 'POST /entries/:id/submission (own agency draft)', method: 'POST', target: async () => ({ path: `/entries/${await ownDraft()}/submission`, body: {} }), expect: cells(cols, [200, 200, 403, 200, 403, 200, 403, 403, 403, 403, 403, 403]) },
    { name: 'POST /entries/:id/withdrawal (own agency, submitted)', method: 'POST', target: async () => ({ path: `/entries/${await world.submit(await world.open(), await world.innovation({ agencyId: ownAgency }))}/withdrawal`, body: {} }), expect: cells(cols, [200, 200, 403, 200, 403, 200, 403, 403, 403, 403, 403, 403]) },
    { name: 'POST /entries/:id/admission', method: 'POST', target: async () => ({ path: `/entries/${await world.submit(await world.open())}/admission`, body: { decision: 'admit' } }), expect: cells(cols, [200, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200]) },
    { name: 'PUT /entries/:id/scores (admitted, scoring)', method: 'PUT', target: async () => ({ path: `/entries/${admitted()}/scores`, body: { scores: criteria() } }), expect: cells(cols, [403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403]) },
    // Like scoring, the ranking is for the jury the admin assigned: a token naming the edition is not enough.
    { name: 'GET /editions/:id/ranking', method: 'GET', target: async () => ({ path: `/editions/${scoring.id}/ranking` }), expect: cells(cols, [200, 200, 403, 200, 403, 403, 403, 200, 403, 403, 200, 200]) },
    { name: 'POST /editions/:id/finalists', method: 'POST', target: async () => ({ path: `/editions/${(await world.scoredEdition()).editionId}/finalists`, body: {} }), expect: cells(cols, [200, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200]) },
    // Anyone signed in may object to a finalist (JudgingService.fileObjection): the sanggah is public.
    { name: 'POST /entries/:id/objections (finalist, objection window)', method: 'POST', target: async () => ({ path: `/entries/${finalist()}/objections`, body: { reason: 'Layanan berhenti 2021' } }), expect: cells(cols, [201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201]) },
    { name: 'POST /objections/:id/resolution', method: 'POST', target: async () => ({ path: `/objections/${await world.objection(finalist())}/resolution`, body: { outcome: 'dismissed', note: 'Tidak terbukti' } }), expect: cells(cols, [200, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200]) },
    { name: 'PUT /entries/:id/presentation-score (finalist)', method: 'PUT', target: async () => ({ path: `/entries/${presenting()}/presentation-score`, body: { value: 85 } }), expect: cells(cols, [403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403]) },
    { name: 'POST /editions/:id/decision', method: 'POST', target: async () => ({ path: `/editions/${(await world.scoredEdition('decision')).editionId}/decision`, body: {} }), expect: cells(cols, [200, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403, 200]) },
    { name: 'POST /entries/:id/forward (winner → Jateng)', method: 'POST', target: async () => ({ path: `/entries/${winner()}/forward`, body: { targetEditionId: province } }), expect: cells(cols, [201, 201, 403, 201, 403, 403, 403, 403, 403, 403, 403, 201]) },
    { name: 'PUT /entries/:id/national-result', method: 'PUT', target: async () => ({ path: `/entries/${await world.submit(national, undefined, tokenFor({ sub: 'n', role: 'national-admin' }))}/national-result`, body: { result: 'top-99' } }), expect: cells(cols, [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200]) },
    { name: 'GET /editions/:id', method: 'GET', target: async () => ({ path: `/editions/${edition}` }), expect: cells(cols, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]) },
  ];
  tableTests('nomination', () => h.svc, principals, rows);
});
