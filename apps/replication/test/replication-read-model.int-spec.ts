import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InnovationView } from '@lumbung/read-models';
import { createTestDatabase, createTestRedis, expectEventually, type RunningService, type TestDatabase, type TestRedis } from '@lumbung/testing';
import { AgencyView } from '../src/agencies/agency-view.entity.js';
import {
  agencySnapshot,
  DEMAK,
  handled,
  innovationSnapshot,
  KUDUS,
  outboxTypes,
  regionAdmin,
  RegistryFeed,
  requestBody,
  seedWorld,
  startReplication,
} from './replication-test.fixtures.js';

describe('replication read models: catch-up, duplicates, order, origin retired (real PostgreSQL and Redis)', () => {
  const kudus = regionAdmin(KUDUS);
  const demak = regionAdmin(DEMAK);

  describe('a service started after the registry', () => {
    let db: TestDatabase;
    let redis: TestRedis;
    let feed: RegistryFeed;
    let svc: RunningService | undefined;

    beforeAll(async () => {
      db = await createTestDatabase();
      redis = createTestRedis();
      feed = new RegistryFeed(redis);
    });
    afterAll(async () => {
      await svc?.close();
      await feed?.close();
      await redis?.cleanup();
      await db?.drop();
    });

    it('catches up from the events that waited in its queue, then validates requests with them', async () => {
      // The registry's relay filled the replication inbox while no replication service ran.
      const kudusAgency = agencySnapshot(KUDUS, 'DPMPTSP Kudus');
      const demakAgency = agencySnapshot(DEMAK, 'DPMPTSP Demak');
      const origin = innovationSnapshot({ regionCode: KUDUS, agencyId: kudusAgency.id, stage: 'uji-coba', implementedOn: null });
      const inPenerapan = { ...origin, version: 2, stage: 'penerapan' as const, implementedOn: '2022-06-01' };
      const early = innovationSnapshot({ regionCode: KUDUS, agencyId: kudusAgency.id, name: 'SIPAKDE' });
      const events = [
        feed.agencyEvent('agency.registered', kudusAgency),
        feed.agencyEvent('agency.registered', demakAgency),
        feed.innovationEvent('innovation.registered', origin),
        feed.innovationEvent('innovation.stage-changed', inPenerapan, { fromStage: 'uji-coba', toStage: 'penerapan' }),
        feed.innovationEvent('innovation.registered', early),
      ];
      await feed.send(...events);

      svc = await startReplication({ db, redis });
      await handled(svc, events);
      expect(await svc.app.get(DataSource).getRepository(InnovationView).findOneBy({ id: origin.id })).toMatchObject({ version: 2, stage: 'penerapan' });
      const res = await svc.request('POST', '/replication-requests', { token: demak, body: requestBody(origin.id, demakAgency.id) });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ originInnovationName: origin.name, adopterAgencyName: 'DPMPTSP Demak' });
    });
  });

  describe('a running service', () => {
    let svc: RunningService;
    let feed: RegistryFeed;

    beforeAll(async () => {
      svc = await startReplication();
      feed = new RegistryFeed(svc.redis);
    });
    afterAll(async () => {
      await feed?.close();
      await svc?.close();
    });

    it('keeps the newest innovation and agency state when events arrive twice or out of order', async () => {
      const agency = agencySnapshot(DEMAK, 'Dinas Kesehatan');
      const renamed = { ...agency, version: 2, name: 'Dinas Kesehatan dan KB' };
      const retired = { ...renamed, version: 3, retiredAt: '2024-05-01T00:00:00.000Z' };
      const a1 = feed.agencyEvent('agency.registered', agency);
      const a2 = feed.agencyEvent('agency.renamed', renamed, { previousName: agency.name });
      const a3 = feed.agencyEvent('agency.retired', retired);
      const i1 = innovationSnapshot({ regionCode: KUDUS, agencyId: agency.id, stage: 'uji-coba', implementedOn: null });
      const i2 = { ...i1, version: 2, stage: 'penerapan' as const, implementedOn: '2022-06-01' };
      const i3 = { ...i2, version: 3, name: 'Jos Pakk 2.0' };
      const e1 = feed.innovationEvent('innovation.registered', i1);
      const e2 = feed.innovationEvent('innovation.stage-changed', i2, { fromStage: 'uji-coba', toStage: 'penerapan' });
      const e3 = feed.innovationEvent('innovation.revised', i3, { changedFields: ['name'] });

      await feed.send(a3, e3);
      await handled(svc, [a3, e3]);
      await feed.send(a1, a2, e1, e2);
      await handled(svc, [a1, a2, e1, e2]);
      // Redelivery under another job id (after BullMQ forgot the first): the inbox absorbs it.
      await feed.queue.add(e2.type, e2, { jobId: `${e2.id}-again` });
      await feed.queue.add(a2.type, a2, { jobId: `${a2.id}-again` });
      await expectFinished(feed, [`${e2.id}-again`, `${a2.id}-again`]);

      const db = svc.app.get(DataSource);
      expect(await db.getRepository(InnovationView).findOneBy({ id: i1.id })).toMatchObject({ version: 3, name: 'Jos Pakk 2.0', stage: 'penerapan' });
      expect(await db.getRepository(AgencyView).findOneBy({ id: agency.id })).toMatchObject({ version: 3, name: 'Dinas Kesehatan dan KB', retiredAt: new Date('2024-05-01T00:00:00.000Z') });
    });

    it('flags every open request of a retired origin, records it and tells subscribers; closed requests stay as they were', async () => {
      const world = await seedWorld(svc, feed);
      const otherAgency = agencySnapshot(DEMAK, 'Dinas Pendidikan Demak');
      const reg = feed.agencyEvent('agency.registered', otherAgency);
      await feed.send(reg);
      await handled(svc, [reg]);
      const open = (await svc.request('POST', '/replication-requests', { token: demak, body: requestBody(world.origin.id, world.demakAgency.id) })).body;
      const closed = (await svc.request('POST', '/replication-requests', { token: demak, body: requestBody(world.origin.id, otherAgency.id) })).body;
      await svc.request('POST', `/replication-requests/${closed.id}/decline`, { token: kudus, body: { reason: 'Tidak sesuai.' } });

      const retiredAt = '2024-07-01T02:00:00.000Z';
      const retire = feed.innovationEvent('innovation.retired', { ...world.origin, version: 2, retiredAt, retireReason: 'Digantikan layanan terpadu' }, { reason: 'Digantikan layanan terpadu' });
      await feed.send(retire);
      await handled(svc, [retire]);
      // The same retirement again changes nothing more.
      const again = { ...retire, id: randomUUID() };
      await feed.send(again);
      await handled(svc, [again]);

      const flagged = await svc.request('GET', `/replication-requests/${open.id}`, { token: demak });
      expect(flagged.body).toMatchObject({ status: 'requested', version: 2, originRetired: true, originRetiredAt: retiredAt, originRetireReason: 'Digantikan layanan terpadu' });
      const timeline = await svc.request('GET', `/replication-requests/${open.id}/timeline`, { token: kudus });
      expect(timeline.body.at(-1)).toMatchObject({ action: 'origin-retired', fromStatus: 'requested', toStatus: 'requested', actor: 'event:registry', actorRole: 'service' });
      expect(await outboxTypes(svc, open.id)).toEqual([
        { type: 'replication.requested', aggregateVersion: 1 },
        { type: 'replication.origin-retired', aggregateVersion: 2 },
      ]);
      const [envelope] = await svc.app
        .get(DataSource)
        .query(`SELECT envelope FROM "replication"."outbox" WHERE type = 'replication.origin-retired' AND envelope->>'aggregateId' = $1`, [open.id]);
      expect(envelope.envelope).toMatchObject({ causationId: retire.id, correlationId: retire.correlationId, payload: { retiredAt, request: { id: open.id, originRetiredAt: retiredAt } } });

      const untouched = await svc.request('GET', `/replication-requests/${closed.id}`, { token: demak });
      expect(untouched.body).toMatchObject({ status: 'declined', version: 2, originRetired: false, originRetiredAt: null });
      expect((await outboxTypes(svc, closed.id)).map((e) => e.type)).toEqual(['replication.requested', 'replication.declined']);

      // The origin may no longer accept it; the request can still be ended.
      const accept = await svc.request('POST', `/replication-requests/${open.id}/accept`, { token: kudus, body: {} });
      expect(accept.status).toBe(409);
      expect(accept.body.message).toMatch(/retired/);
      expect((await svc.request('POST', `/replication-requests/${open.id}/withdraw`, { token: demak, body: { reason: 'Asal dihentikan.' } })).status).toBe(200);
    });

    it("keeps the origin's and the adopting agency's names current on their requests", async () => {
      const world = await seedWorld(svc, feed);
      const id = (await svc.request('POST', '/replication-requests', { token: demak, body: requestBody(world.origin.id, world.demakAgency.id) })).body.id;
      const revised = feed.innovationEvent('innovation.revised', { ...world.origin, version: 2, name: 'Jos Pakk Plus' }, { changedFields: ['name'] });
      const renamed = feed.agencyEvent('agency.renamed', { ...world.demakAgency, version: 2, name: 'DPMPTSP Kabupaten Demak' }, { previousName: world.demakAgency.name });
      await feed.send(revised, renamed);
      await handled(svc, [revised, renamed]);
      const res = await svc.request('GET', `/replication-requests/${id}`, { token: demak });
      expect(res.body).toMatchObject({ originInnovationName: 'Jos Pakk Plus', adopterAgencyName: 'DPMPTSP Kabupaten Demak', version: 1 });
    });
  });
});

async function expectFinished(feed: RegistryFeed, jobIds: string[]): Promise<void> {
  await expectEventually(async () => {
    for (const id of jobIds) expect((await feed.queue.getJob(id))?.finishedOn).toBeDefined();
  });
}
