import { DataSource } from 'typeorm';
import { EventCollector, expectEventually, type RunningService } from '@lumbung/testing';
import {
  AGREEMENT,
  agencyStaff,
  DEMAK,
  KUDUS,
  outboxTypes,
  provinceAdmin,
  regionAdmin,
  RegistryFeed,
  requestBody,
  seedWorld,
  startReplication,
  type World,
} from './replication-test.fixtures.js';

describe('replication lifecycle over HTTP (real PostgreSQL and Redis)', () => {
  let svc: RunningService;
  let feed: RegistryFeed;
  let audit: EventCollector;
  const kudus = regionAdmin(KUDUS);
  const demak = regionAdmin(DEMAK);

  beforeAll(async () => {
    svc = await startReplication({ env: { EVENT_SUBSCRIBERS: 'audit:replication.*' } });
    feed = new RegistryFeed(svc.redis);
    audit = new EventCollector('audit-events', svc.redis.url, svc.redis.prefix);
  });
  afterAll(async () => {
    await audit?.close();
    await feed?.close();
    await svc?.close();
  });

  const post = (path: string, token: string, body: unknown = {}, headers: Record<string, string> = {}) => svc.request('POST', path, { token, body, headers });

  it('carries a kerja-sama request from the letter of interest to the evaluated result, recording each step and event', async () => {
    const world: World = await seedWorld(svc, feed);
    const demakStaff = agencyStaff(DEMAK, world.demakAgency.id);

    const created = await post('/replication-requests', demakStaff, requestBody(world.origin.id, world.demakAgency.id));
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({
      status: 'requested',
      version: 1,
      model: 'kerja-sama',
      originInnovationId: world.origin.id,
      originInnovationName: world.origin.name,
      originRegionCode: KUDUS,
      originAgencyId: world.kudusAgency.id,
      adopterRegionCode: DEMAK,
      adopterAgencyName: world.demakAgency.name,
      contact: { name: 'Siti Rahayu', email: 'perizinan@demakkab.go.id' },
      nextActions: ['withdraw'],
      stalled: false,
      originRetired: false,
    });
    const id: string = created.body.id;

    const incoming = await svc.request('GET', `/replication-requests/${id}`, { token: kudus });
    expect(incoming.body.nextActions).toEqual(['accept', 'decline', 'cancel']);

    const accepted = await post(`/replication-requests/${id}/accept`, kudus, { note: 'Silakan; kami dampingi.' }, { 'if-match': '"1"' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', version: 2, answeredAt: expect.any(String) });

    const signed = await post(`/replication-requests/${id}/agreement`, demak, AGREEMENT);
    expect(signed.body).toMatchObject({ status: 'agreement-signed', version: 3, agreement: AGREEMENT });

    const visit = await post(`/replication-requests/${id}/progress`, demakStaff, { kind: 'knowledge-transfer', summary: 'Studi tiru ke DPMPTSP Kudus, 12 peserta.', happenedOn: '2024-04-02' });
    expect(visit.body).toMatchObject({ status: 'in-progress', version: 4 });
    const adaptation = await post(`/replication-requests/${id}/progress`, demakStaff, { kind: 'adaptation', summary: 'Formulir disesuaikan dengan KBLI Demak.' });
    expect(adaptation.body).toMatchObject({ status: 'in-progress', version: 5 });

    const implemented = await post(`/replication-requests/${id}/implement`, demakStaff, { implementedOn: '2024-09-02', adopterInnovationName: 'Jos Pakk Demak' });
    expect(implemented.body).toMatchObject({ status: 'implemented', version: 6, implementedOn: '2024-09-02', adaptationNotes: 'Formulir disesuaikan dengan KBLI Demak.' });

    const completed = await post(`/replication-requests/${id}/complete`, demakStaff, { benefitEvaluation: 'Izin terbit rata-rata 3 hari, sebelumnya 12.' });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'completed', version: 7, closedAt: expect.any(String), nextActions: [] });

    const timeline = await svc.request('GET', `/replication-requests/${id}/timeline`, { token: provinceAdmin('33') });
    expect(timeline.status).toBe(200);
    expect(timeline.body.map((e: { version: number; action: string; fromStatus: string | null; toStatus: string; actor: string }) => [e.version, e.action, e.fromStatus, e.toStatus, e.actor])).toEqual([
      [1, 'request', null, 'requested', expect.stringMatching(/^staff-/)],
      [2, 'accept', 'requested', 'accepted', `admin-${KUDUS}`],
      [3, 'sign-agreement', 'accepted', 'agreement-signed', `admin-${DEMAK}`],
      [4, 'report-progress', 'agreement-signed', 'in-progress', expect.stringMatching(/^staff-/)],
      [5, 'report-progress', 'in-progress', 'in-progress', expect.stringMatching(/^staff-/)],
      [6, 'implement', 'in-progress', 'implemented', expect.stringMatching(/^staff-/)],
      [7, 'complete', 'implemented', 'completed', expect.stringMatching(/^staff-/)],
    ]);
    expect(timeline.body[1].note).toBe('Silakan; kami dampingi.');
    expect(timeline.body[3].details).toEqual({ kind: 'knowledge-transfer', summary: 'Studi tiru ke DPMPTSP Kudus, 12 peserta.', happenedOn: '2024-04-02' });

    expect(await outboxTypes(svc, id)).toEqual([
      { type: 'replication.requested', aggregateVersion: 1 },
      { type: 'replication.accepted', aggregateVersion: 2 },
      { type: 'replication.agreement-signed', aggregateVersion: 3 },
      { type: 'replication.progressed', aggregateVersion: 4 },
      { type: 'replication.progressed', aggregateVersion: 5 },
      { type: 'replication.implemented', aggregateVersion: 6 },
      { type: 'replication.completed', aggregateVersion: 7 },
    ]);

    // An outside subscriber sees each event once, in order, and the completion carries what the registry needs.
    await expectEventually(() => expect(audit.received.filter((e) => e.aggregateId === id)).toHaveLength(7));
    const mine = audit.received.filter((e) => e.aggregateId === id);
    expect(mine.map((e) => e.aggregateVersion)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(mine.map((e) => e.id)).size).toBe(7);
    expect(mine[6].payload).toMatchObject({
      requestId: id,
      originInnovationId: world.origin.id,
      originRegionCode: KUDUS,
      adopterRegionCode: DEMAK,
      adopterAgencyId: world.demakAgency.id,
      model: 'kerja-sama',
      adopterInnovationName: 'Jos Pakk Demak',
      implementedOn: '2024-09-02',
      adaptationNotes: 'Formulir disesuaikan dengan KBLI Demak.',
      benefitEvaluation: 'Izin terbit rata-rata 3 hari, sebelumnya 12.',
      request: { status: 'completed', version: 7 },
    });
    // Contact details never travel on the queues.
    expect(JSON.stringify(mine)).not.toContain('perizinan@demakkab.go.id');
  });

  it('lets a mandiri request skip the agreement and refuses it one', async () => {
    const world = await seedWorld(svc, feed);
    const created = await post('/replication-requests', demak, requestBody(world.origin.id, world.demakAgency.id, { model: 'mandiri' }));
    const id = created.body.id;
    await post(`/replication-requests/${id}/accept`, kudus);
    const agreement = await post(`/replication-requests/${id}/agreement`, demak, AGREEMENT);
    expect(agreement.status).toBe(409);
    expect(agreement.body.message).toMatch(/mandiri replication needs no MoU or PKS/);
    expect((await post(`/replication-requests/${id}/progress`, demak, { kind: 'action-plan', summary: 'Tim dibentuk dengan SK Bupati.' })).body.status).toBe('in-progress');
    expect((await post(`/replication-requests/${id}/implement`, demak, { implementedOn: '2024-06-01' })).body.status).toBe('implemented');
    const done = await post(`/replication-requests/${id}/complete`, demak, { benefitEvaluation: 'Antrian berkurang separuh.' });
    expect(done.body).toMatchObject({ status: 'completed', agreement: null });
    expect((await outboxTypes(svc, id)).map((e) => e.type)).not.toContain('replication.agreement-signed');
  });

  it('refuses progress on a declined request, and keeps its decline reason on the timeline', async () => {
    const world = await seedWorld(svc, feed);
    const id = (await post('/replication-requests', demak, requestBody(world.origin.id, world.demakAgency.id))).body.id;
    const declined = await post(`/replication-requests/${id}/decline`, kudus, { reason: 'Sistem sedang dimigrasikan; ajukan tahun depan.' });
    expect(declined.body).toMatchObject({ status: 'declined', closedAt: expect.any(String), nextActions: [] });
    const progress = await post(`/replication-requests/${id}/progress`, demak, { kind: 'trial', summary: 'Uji coba.' });
    expect(progress.status).toBe(409);
    expect(progress.body.message).toMatch(/declined, which is final/);
    const timeline = await svc.request('GET', `/replication-requests/${id}/timeline`, { token: demak });
    expect(timeline.body.at(-1)).toMatchObject({ action: 'decline', note: 'Sistem sedang dimigrasikan; ajukan tahun depan.' });
    expect((await outboxTypes(svc, id)).map((e) => e.type)).toEqual(['replication.requested', 'replication.declined']);
  });

  it('ends a request by withdrawal (adopter) or cancellation (origin, overseer), each with its event', async () => {
    const world = await seedWorld(svc, feed);
    const first = (await post('/replication-requests', demak, requestBody(world.origin.id, world.demakAgency.id))).body.id;
    await post(`/replication-requests/${first}/accept`, kudus);
    const withdrawn = await post(`/replication-requests/${first}/withdraw`, demak, { reason: 'Anggaran dialihkan.' });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', closedAt: expect.any(String) });

    // Withdrawn is closed, so the same agency may ask again.
    const second = await post('/replication-requests', demak, requestBody(world.origin.id, world.demakAgency.id));
    expect(second.status).toBe(201);
    const cancelled = await post(`/replication-requests/${second.body.id}/cancel`, provinceAdmin('33'), { reason: 'Digabung ke program JIPP provinsi.' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    expect((await outboxTypes(svc, first)).map((e) => e.type)).toEqual(['replication.requested', 'replication.accepted', 'replication.withdrawn']);
    expect((await outboxTypes(svc, second.body.id)).map((e) => e.type)).toEqual(['replication.requested', 'replication.cancelled']);
  });

  it('refuses a step made against a stale version (If-Match) with 409, changing nothing', async () => {
    const world = await seedWorld(svc, feed);
    const id = (await post('/replication-requests', demak, requestBody(world.origin.id, world.demakAgency.id))).body.id;
    await post(`/replication-requests/${id}/accept`, kudus, {}, { 'if-match': '"1"' });
    const stale = await post(`/replication-requests/${id}/agreement`, demak, AGREEMENT, { 'if-match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/at version 2, not 1/);
    const bad = await post(`/replication-requests/${id}/agreement`, demak, AGREEMENT, { 'if-match': 'soon' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'If-Match', code: 'field.invalid', messages: [expect.any(String)] }]);
    const current = await svc.request('GET', `/replication-requests/${id}`, { token: demak });
    expect(current.body).toMatchObject({ status: 'accepted', version: 2 });
    expect(current.headers.get('etag')).toBe('"2"');
    expect(await outboxTypes(svc, id)).toHaveLength(2);
  });

  it('documents every route in OpenAPI, with If-Match on the transitions', async () => {
    const docs = await svc.request('GET', '/docs-json');
    expect(docs.status).toBe(200);
    const paths = Object.keys(docs.body.paths);
    for (const path of ['/replication-requests', '/replication-requests/incoming', '/replication-requests/outgoing', '/replication-requests/stalled', '/replication-requests/{id}/timeline', '/provinces/{code}/replication-requests', '/innovations/{id}/replication-network']) {
      expect(paths).toContain(path);
    }
    for (const action of ['accept', 'decline', 'agreement', 'progress', 'implement', 'complete', 'withdraw', 'cancel']) {
      const op = docs.body.paths[`/replication-requests/{id}/${action}`].post;
      // One declaration of the header, whatever its spelling: a generated client asks for it once.
      expect(op.parameters.filter((p: { in: string }) => p.in === 'header')).toEqual([expect.objectContaining({ name: 'if-match', required: false })]);
      expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '429', '500', '503']);
    }
  });

  it("takes a request's adaptation reports, oldest first, as its adaptation notes when implement gives none, and the given notes otherwise", async () => {
    const file = async () => {
      const world = await seedWorld(svc, feed);
      const id = (await post('/replication-requests', demak, requestBody(world.origin.id, world.demakAgency.id, { model: 'mandiri' }))).body.id;
      await post(`/replication-requests/${id}/accept`, kudus);
      for (const [kind, summary] of [
        ['adaptation', 'Formulir disesuaikan dengan KBLI Demak.'],
        ['trial', 'Uji coba di dua kecamatan.'],
        ['adaptation', 'Jam layanan diperpanjang sampai sore.'],
      ]) {
        expect((await post(`/replication-requests/${id}/progress`, demak, { kind, summary })).status).toBe(200);
      }
      return id;
    };
    const withoutNotes = await post(`/replication-requests/${await file()}/implement`, demak, { implementedOn: '2024-09-02' });
    expect(withoutNotes.body.adaptationNotes).toBe('Formulir disesuaikan dengan KBLI Demak.\n\nJam layanan diperpanjang sampai sore.');
    const withNotes = await post(`/replication-requests/${await file()}/implement`, demak, { implementedOn: '2024-09-02', adaptationNotes: 'Hanya formulir yang diubah.' });
    expect(withNotes.body.adaptationNotes).toBe('Hanya formulir yang diubah.');
  });

  it('makes every one of eight racing progress reports, each once, at its own version, with its own event', async () => {
    const world = await seedWorld(svc, feed);
    const id = (await post('/replication-requests', demak, requestBody(world.origin.id, world.demakAgency.id, { model: 'mandiri' }))).body.id;
    await post(`/replication-requests/${id}/accept`, kudus);
    const reports = await Promise.all(Array.from({ length: 8 }, (_, n) => post(`/replication-requests/${id}/progress`, demak, { kind: 'trial', summary: `Laporan ${n + 1}` })));
    expect(reports.map((r) => r.status)).toEqual(Array(8).fill(200));
    const timeline: { version: number; details: { summary: string } | null }[] = (await svc.request('GET', `/replication-requests/${id}/timeline`, { token: demak })).body;
    expect(timeline.map((t) => t.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(timeline.slice(2).map((t) => t.details?.summary).sort()).toEqual(Array.from({ length: 8 }, (_, n) => `Laporan ${n + 1}`).sort());
    // In the order written, which is the order of the versions: each report read the one before it.
    const events = await outboxTypes(svc, id);
    expect(events.map((e) => e.aggregateVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(events.filter((e) => e.type === 'replication.progressed')).toHaveLength(8);
  });

  it('serialises two racing steps on one request: one wins, the other meets the new state', async () => {
    const world = await seedWorld(svc, feed);
    const id = (await post('/replication-requests', demak, requestBody(world.origin.id, world.demakAgency.id))).body.id;
    const [a, b] = await Promise.all([post(`/replication-requests/${id}/accept`, kudus), post(`/replication-requests/${id}/decline`, kudus, { reason: 'Tidak.' })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [{ n }] = await svc.app.get(DataSource).query(`SELECT count(*)::int AS n FROM "replication"."replication_timeline" WHERE request_id = $1`, [id]);
    expect(n).toBe(2);
  });
});
