import { EventCollector, expectEventually, startService, tokenFor, createTestDatabase, createTestRedis, type RunningService, type TestDatabase, type TestRedis } from '@lumbung/testing';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { createReplicationApp } from '../../apps/replication/src/replication.app.js';

const KUDUS = '33.19';
const DEMAK = '33.21';
const REPLICATION_EVENTS = [
  'replication.requested',
  'replication.accepted',
  'replication.agreement-signed',
  'replication.progressed',
  'replication.progressed',
  'replication.implemented',
  'replication.completed',
];

/**
 * Issue 4's story across both services over HTTP, on the real PostgreSQL and Redis: Kudus
 * registers an innovation in penerapan before the replication service runs; the replication
 * service starts later and catches up from its queue; Demak asks to replicate it (kerja-sama) and
 * carries it to completion; the registry then holds Demak's innovation linked to Kudus's.
 */
describe('Demak replicates a Kudus innovation, across the registry and the replication service', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let registry: RunningService;
  let replication: RunningService;
  let audit: EventCollector;
  const env = { EVENT_SUBSCRIBERS: 'audit:replication.*' };
  const kudusAdmin = tokenFor({ sub: 'bagian-organisasi-kudus', role: 'region-admin', region: KUDUS });
  const demakAdmin = tokenFor({ sub: 'bappeda-demak', role: 'region-admin', region: DEMAK });

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    registry = await startService(createRegistryApp, { db, redis, env });
    audit = new EventCollector('audit-events', redis.url, redis.prefix);
  });
  afterAll(async () => {
    await audit?.close();
    await replication?.close();
    await registry?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('records the adopter innovation in the registry, linked to its origin, and every event reaches a subscriber once, in order', async () => {
    // Before the replication service exists: agencies and the origin innovation in the registry.
    const kudusAgency = await registry.request('POST', '/agencies', { token: kudusAdmin, body: { regionCode: KUDUS, name: 'DPMPTSP Kudus' } });
    const demakAgency = await registry.request('POST', '/agencies', { token: demakAdmin, body: { regionCode: DEMAK, name: 'DPMPTSP Demak' } });
    expect([kudusAgency.status, demakAgency.status]).toEqual([201, 201]);
    const origin = await registry.request('POST', '/innovations', {
      token: kudusAdmin,
      body: {
        regionCode: KUDUS,
        agencyId: kudusAgency.body.id,
        name: 'Jos Pakk: layanan perizinan daring',
        typeCode: 'teknologi',
        stage: 'penerapan',
        initiator: 'opd',
        digital: true,
        form: 'pelayanan-publik',
        governmentAffair: 'penanaman modal',
        trialStartedOn: '2021-03-01',
        implementedOn: '2022-01-10',
        problem: 'Warga harus datang berkali-kali untuk mengurus izin usaha.',
        design: 'Permohonan diajukan dan dilacak daring; izin terbit dengan tanda tangan elektronik.',
        yearRegistered: 2022,
      },
    });
    expect(origin.status).toBe(201);

    // The replication service starts now and catches up from the events that waited in its queue.
    replication = await startService(createReplicationApp, { db, redis, env });
    await expectEventually(async () => expect((await replication.request('GET', `/innovations/${origin.body.id}/replication-network`, { token: demakAdmin })).status).toBe(200));

    const demakStaff = tokenFor({ sub: 'staf-dpmptsp-demak', role: 'agency-staff', region: DEMAK, agency: demakAgency.body.id });
    const body = {
      originInnovationId: origin.body.id,
      adopterRegionCode: DEMAK,
      adopterAgencyId: demakAgency.body.id,
      model: 'kerja-sama',
      reason: 'Izin usaha di Demak terbit rata-rata 12 hari.',
      plan: 'Studi tiru ke Kudus, adaptasi formulir, uji coba di dua kecamatan.',
      contact: { name: 'Siti Rahayu', email: 'perizinan@demakkab.go.id' },
    };
    // The agency events travel the same queue; the request is accepted once both have arrived.
    const created = await expectEventually(async () => {
      const res = await replication.request('POST', '/replication-requests', { token: demakStaff, body });
      expect(res.status).toBe(201);
      return res.body;
    });
    const id: string = created.id;
    const step = async (token: string, action: string, payload: unknown) => {
      const res = await replication.request('POST', `/replication-requests/${id}/${action}`, { token, body: payload });
      expect({ action, status: res.status, message: res.body?.message }).toMatchObject({ status: 200 });
      return res.body;
    };
    await step(kudusAdmin, 'accept', { note: 'Kami siapkan pendampingan teknis.' });
    await step(demakAdmin, 'agreement', { mouNumber: '180/12/2024', mouSignedOn: '2024-03-04', pksNumber: '050/34/2024', pksSignedOn: '2024-03-18' });
    await step(demakStaff, 'progress', { kind: 'knowledge-transfer', summary: 'Studi tiru ke DPMPTSP Kudus, 12 peserta.', happenedOn: '2024-04-02' });
    await step(demakStaff, 'progress', { kind: 'adaptation', summary: 'Formulir disesuaikan dengan KBLI Demak.' });
    await step(demakStaff, 'implement', { implementedOn: '2024-09-02', adopterInnovationName: 'Jos Pakk Demak' });
    const completed = await step(demakStaff, 'complete', { benefitEvaluation: 'Izin terbit rata-rata 3 hari, sebelumnya 12.' });
    expect(completed).toMatchObject({ status: 'completed', version: 7 });

    // The registry records Demak's innovation, linked to the Kudus origin, and the origin lists it.
    const detail = await expectEventually(async () => {
      const res = await registry.request('GET', `/innovations/${origin.body.id}`, { token: demakAdmin });
      expect(res.body.replications).toHaveLength(1);
      return res.body;
    });
    expect(detail.replications[0]).toMatchObject({ name: 'Jos Pakk Demak', regionCode: DEMAK, agencyId: demakAgency.body.id, replicationRequestId: id });
    const adopted = await registry.request('GET', `/innovations/${detail.replications[0].id}`, { token: kudusAdmin });
    expect(adopted.body).toMatchObject({
      originInnovationId: origin.body.id,
      replicationRequestId: id,
      regionCode: DEMAK,
      stage: 'penerapan',
      implementedOn: '2024-09-02',
      adaptationNotes: 'Formulir disesuaikan dengan KBLI Demak.',
    });

    // An outside subscriber sees each replication event once, in order.
    await expectEventually(() => expect(audit.received.filter((e) => e.aggregateId === id)).toHaveLength(REPLICATION_EVENTS.length));
    const seen = audit.received.filter((e) => e.aggregateId === id);
    expect(seen.map((e) => e.type)).toEqual(REPLICATION_EVENTS);
    expect(seen.map((e) => e.aggregateVersion)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(seen.map((e) => e.id)).size).toBe(REPLICATION_EVENTS.length);

    // The new innovation comes back to the replication service as a registry event: Demak's record is now known there too.
    await expectEventually(async () => {
      const network = await replication.request('GET', `/innovations/${detail.replications[0].id}/replication-network`, { token: demakAdmin });
      expect(network.body).toMatchObject({ innovationName: 'Jos Pakk Demak', regionCode: DEMAK, requests: [] });
    });
    const kudusView = await replication.request('GET', `/innovations/${origin.body.id}/replication-network`, { token: kudusAdmin });
    expect(kudusView.body).toMatchObject({ counts: { completed: 1 }, requests: [{ requestId: id, status: 'completed', adopterInnovationName: 'Jos Pakk Demak' }] });
  });
});
