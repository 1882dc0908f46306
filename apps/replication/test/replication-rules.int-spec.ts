import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { expectEventually, type RunningService } from '@lumbung/testing';
import {
  agencySnapshot,
  agencyStaff,
  DEMAK,
  handled,
  JEPARA,
  juror,
  KUDUS,
  nationalAdmin,
  provinceAdmin,
  regionAdmin,
  RegistryFeed,
  requestBody,
  seedWorld,
  startReplication,
} from './replication-test.fixtures.js';

/** Each rule of issue 4, refused with a clear error that changes nothing. */
describe('replication rules (real PostgreSQL and Redis)', () => {
  let svc: RunningService;
  let feed: RegistryFeed;
  const kudus = regionAdmin(KUDUS);
  const demak = regionAdmin(DEMAK);

  beforeAll(async () => {
    svc = await startReplication();
    feed = new RegistryFeed(svc.redis);
  });
  afterAll(async () => {
    await feed?.close();
    await svc?.close();
  });

  const rows = async () => {
    const [row] = await svc.app.get(DataSource).query(
      `SELECT (SELECT count(*)::int FROM "replication"."replication_request") AS requests,
              (SELECT count(*)::int FROM "replication"."replication_timeline") AS timeline,
              (SELECT count(*)::int FROM "replication"."outbox") AS outbox`,
    );
    return row;
  };
  const post = (path: string, token: string, body: unknown = {}) => svc.request('POST', path, { token, body });

  /** Expects the call to be refused with `status` and to leave every table as it was. */
  async function refused(call: () => Promise<{ status: number; body: any }>, status: number, message?: RegExp) {
    const before = await rows();
    const res = await call();
    expect({ status: res.status, body: res.body }).toMatchObject({ status });
    if (message) expect(res.body.message).toMatch(message);
    expect(await rows()).toEqual(before);
    return res.body;
  }

  describe('filing a request', () => {
    it('refuses replicating an innovation into its own region (400 naming adopterRegionCode)', async () => {
      const world = await seedWorld(svc, feed);
      const kudusAgency2 = agencySnapshot(KUDUS, 'Dinas Kesehatan Kudus');
      const e = feed.agencyEvent('agency.registered', kudusAgency2);
      await feed.send(e);
      await handled(svc, [e]);
      const body = await refused(() => post('/replication-requests', kudus, requestBody(world.origin.id, kudusAgency2.id, { adopterRegionCode: KUDUS })), 400);
      expect(body.errors).toEqual([{ field: 'adopterRegionCode', code: 'replication.own-region', messages: [expect.stringMatching(/cannot be replicated into its own region/)] }]);
    });

    it('keeps one open request per (innovation, adopter agency): 409 naming the open one, even when racing', async () => {
      const world = await seedWorld(svc, feed);
      const first = await post('/replication-requests', demak, requestBody(world.origin.id, world.demakAgency.id));
      expect(first.status).toBe(201);
      const again = await refused(() => post('/replication-requests', demak, requestBody(world.origin.id, world.demakAgency.id, { model: 'mandiri' })), 409, /already has an open request/);
      expect(again.existingRequestId).toBe(first.body.id);

      // Five at once for another agency: the partial unique index lets exactly one commit.
      const other = agencySnapshot(DEMAK, 'Dinas Kesehatan Demak');
      const e = feed.agencyEvent('agency.registered', other);
      await feed.send(e);
      await handled(svc, [e]);
      const racing = await Promise.all(Array.from({ length: 5 }, () => post('/replication-requests', demak, requestBody(world.origin.id, other.id))));
      expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);

      // A closed request does not count: after a decline the agency may ask again.
      await post(`/replication-requests/${first.body.id}/decline`, kudus, { reason: 'Belum siap.' });
      expect((await post('/replication-requests', demak, requestBody(world.origin.id, world.demakAgency.id))).status).toBe(201);
    });

    it.each([
      ['inisiatif', { stage: 'inisiatif', implementedOn: null, trialStartedOn: null }],
      ['uji-coba', { stage: 'uji-coba', implementedOn: null }],
    ] as const)('refuses an origin in the %s stage (409: it may reach penerapan later)', async (_stage, changes) => {
      const world = await seedWorld(svc, feed, changes);
      await refused(() => post('/replication-requests', demak, requestBody(world.origin.id, world.demakAgency.id)), 409, /only an innovation in penerapan/);
    });

    it('refuses a request filed while its origin is being retired, rather than leave it open on a retired innovation', async () => {
      const world = await seedWorld(svc, feed);
      const dataSource = svc.app.get(DataSource);
      // The retirement as the projection records it: the origin's row changed and locked until commit.
      const retiring = dataSource.createQueryRunner();
      await retiring.startTransaction();
      try {
        await retiring.query(`UPDATE "replication"."innovation_view" SET retired_at = now() WHERE id = $1`, [world.origin.id]);
        const before = await rows();
        const filing = post('/replication-requests', demak, requestBody(world.origin.id, world.demakAgency.id));
        // The request read the origin as it was, and its insert now waits on the origin's row.
        await expectEventually(async () => {
          const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO "replication"."replication_request"%'`);
          expect(n).toBe(1);
        });
        await retiring.commitTransaction();
        const res = await filing;
        expect({ status: res.status, message: res.body.message }).toEqual({ status: 409, message: expect.stringMatching(/was retired/) });
        expect(await rows()).toEqual(before);
      } finally {
        await retiring.release();
      }
    });

    it('refuses a retired origin (409)', async () => {
      const world = await seedWorld(svc, feed, { retiredAt: '2024-01-01T00:00:00.000Z', retireReason: 'Digantikan' });
      await refused(() => post('/replication-requests', demak, requestBody(world.origin.id, world.demakAgency.id)), 409, /was retired/);
    });

    it('refuses an innovation or agency it does not know, or an agency of another region or retired (400 naming the field)', async () => {
      const world = await seedWorld(svc, feed);
      const unknownInnovation = await refused(() => post('/replication-requests', demak, requestBody(randomUUID(), world.demakAgency.id)), 400);
      expect(unknownInnovation.errors[0].field).toBe('originInnovationId');
      const unknownAgency = await refused(() => post('/replication-requests', demak, requestBody(world.origin.id, randomUUID())), 400);
      expect(unknownAgency.errors[0].field).toBe('adopterAgencyId');

      const jeparaAgency = agencySnapshot(JEPARA, 'DPMPTSP Jepara');
      const retired = agencySnapshot(DEMAK, 'Kantor Lama', { version: 2, retiredAt: '2024-01-01T00:00:00.000Z' });
      const events = [feed.agencyEvent('agency.registered', jeparaAgency), feed.agencyEvent('agency.retired', retired)];
      await feed.send(...events);
      await handled(svc, events);
      const wrongRegion = await refused(() => post('/replication-requests', demak, requestBody(world.origin.id, jeparaAgency.id)), 400);
      expect(wrongRegion.errors).toEqual([{ field: 'adopterAgencyId', code: 'field.invalid', messages: [expect.stringMatching(/agency of 33.20, not of 33.21/)] }]);
      const retiredAgency = await refused(() => post('/replication-requests', demak, requestBody(world.origin.id, retired.id)), 400);
      expect(retiredAgency.errors).toEqual([{ field: 'adopterAgencyId', code: 'field.invalid', messages: [expect.stringMatching(/retired/)] }]);
    });

    it('lets only the adopter side file (403 for the origin, a third region, another agency, overseers, jurors)', async () => {
      const world = await seedWorld(svc, feed);
      const body = requestBody(world.origin.id, world.demakAgency.id);
      for (const token of [kudus, regionAdmin(JEPARA), agencyStaff(DEMAK, randomUUID()), provinceAdmin('33'), nationalAdmin(), juror()]) {
        await refused(() => post('/replication-requests', token, body), 403);
      }
      expect((await post('/replication-requests', agencyStaff(DEMAK, world.demakAgency.id), body)).status).toBe(201);
    });

    it.each([
      ['fasilitasi without a facilitator', { model: 'fasilitasi' }, 'facilitator'],
      ['an unknown model', { model: 'teleport' }, 'model'],
      ['a blank reason', { reason: '   ' }, 'reason'],
      ['an over-long plan', { plan: 'x'.repeat(10_001) }, 'plan'],
      ['a contact with neither phone nor email', { contact: { name: 'Siti' } }, 'contact.phone'],
      ['a bad email', { contact: { name: 'Siti', email: 'siti-at-demak' } }, 'contact.email'],
      ['a bad region code', { adopterRegionCode: 'Demak' }, 'adopterRegionCode'],
      ['a non-UUID innovation', { originInnovationId: 'jos-pakk' }, 'originInnovationId'],
      ['an unknown property', { priority: 'high' }, 'priority'],
      ['a facilitator of a bad region', { model: 'fasilitasi', facilitator: { name: 'JIPP', regionCode: 'jateng' } }, 'facilitator.regionCode'],
    ])('refuses %s with a 400 naming the field', async (_what, overrides, field) => {
      const world = await seedWorld(svc, feed);
      const body = await refused(() => post('/replication-requests', demak, requestBody(world.origin.id, world.demakAgency.id, overrides)), 400);
      expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('accepts fasilitasi with a facilitator', async () => {
      const world = await seedWorld(svc, feed);
      const res = await post('/replication-requests', demak, requestBody(world.origin.id, world.demakAgency.id, { model: 'fasilitasi', facilitator: { name: 'JIPP Jawa Tengah', regionCode: '33' } }));
      expect(res.status).toBe(201);
      expect(res.body.facilitator).toEqual({ name: 'JIPP Jawa Tengah', regionCode: '33' });
    });
  });

  describe('acting on a request', () => {
    async function openRequest(model = 'kerja-sama') {
      const world = await seedWorld(svc, feed);
      const res = await post('/replication-requests', demak, requestBody(world.origin.id, world.demakAgency.id, { model }));
      return { world, id: res.body.id as string };
    }

    it('lets only the origin region answer (403 for the adopter, overseers and others)', async () => {
      const { world, id } = await openRequest();
      for (const token of [demak, agencyStaff(DEMAK, world.demakAgency.id), provinceAdmin('33'), regionAdmin(JEPARA), agencyStaff(KUDUS, randomUUID())]) {
        await refused(() => post(`/replication-requests/${id}/accept`, token), 403);
        await refused(() => post(`/replication-requests/${id}/decline`, token, { reason: 'x' }), 403);
      }
      expect((await post(`/replication-requests/${id}/accept`, agencyStaff(KUDUS, world.kudusAgency.id))).status).toBe(200);
    });

    it('lets only the adopter report progress, implement, complete and withdraw (403 for the origin)', async () => {
      const { id } = await openRequest('mandiri');
      await post(`/replication-requests/${id}/accept`, kudus);
      await refused(() => post(`/replication-requests/${id}/progress`, kudus, { kind: 'trial', summary: 'x' }), 403, /Only the adopter/);
      await post(`/replication-requests/${id}/progress`, demak, { kind: 'trial', summary: 'Uji coba di dua kecamatan.' });
      await refused(() => post(`/replication-requests/${id}/implement`, kudus, { implementedOn: '2024-01-02' }), 403);
      await post(`/replication-requests/${id}/implement`, demak, { implementedOn: '2024-01-02' });
      await refused(() => post(`/replication-requests/${id}/complete`, kudus, { benefitEvaluation: 'x' }), 403);
      await refused(() => post(`/replication-requests/${id}/withdraw`, kudus, { reason: 'x' }), 403);
      await refused(() => post(`/replication-requests/${id}/withdraw`, provinceAdmin('33'), { reason: 'x' }), 403);
    });

    it('refuses a transition the current status does not allow (409)', async () => {
      const { id } = await openRequest();
      await refused(() => post(`/replication-requests/${id}/agreement`, demak, { mouNumber: '1', mouSignedOn: '2024-01-01', pksNumber: '2', pksSignedOn: '2024-01-02' }), 409, /accept the request first/);
      await refused(() => post(`/replication-requests/${id}/implement`, demak, { implementedOn: '2024-01-02' }), 409, /report progress first/);
      await refused(() => post(`/replication-requests/${id}/complete`, demak, { benefitEvaluation: 'x' }), 409);
      await post(`/replication-requests/${id}/accept`, kudus);
      await refused(() => post(`/replication-requests/${id}/accept`, kudus), 409);
      await refused(() => post(`/replication-requests/${id}/progress`, demak, { kind: 'trial', summary: 'x' }), 409, /MoU and PKS must be signed first/);
    });

    it('refuses bad step input with a 400 naming the field', async () => {
      const { id } = await openRequest();
      await post(`/replication-requests/${id}/accept`, kudus);
      const pksFirst = await refused(() => post(`/replication-requests/${id}/agreement`, demak, { mouNumber: '1', mouSignedOn: '2024-03-04', pksNumber: '2', pksSignedOn: '2024-03-01' }), 400);
      expect(pksFirst.errors).toEqual([{ field: 'pksSignedOn', code: 'field.before-other-date', other: 'mouSignedOn', messages: ['pksSignedOn must not be before mouSignedOn'] }]);
      const badDate = await refused(() => post(`/replication-requests/${id}/agreement`, demak, { mouNumber: '1', mouSignedOn: '2024-02-30', pksNumber: '2', pksSignedOn: '2024-03-01' }), 400);
      expect(badDate.errors[0].field).toBe('mouSignedOn');
      const future = await refused(() => post(`/replication-requests/${id}/agreement`, demak, { mouNumber: '1', mouSignedOn: '2024-01-01', pksNumber: '2', pksSignedOn: '2999-01-01' }), 400);
      expect(future.errors).toEqual([{ field: 'pksSignedOn', code: 'field.invalid', messages: ['pksSignedOn must not be in the future'] }]);
      const noReason = await refused(() => post(`/replication-requests/${id}/decline`, kudus, {}), 400);
      expect(noReason.errors[0].field).toBe('reason');
      const badId = await svc.request('POST', '/replication-requests/not-a-uuid/accept', { token: kudus, body: {} });
      expect(badId.status).toBe(400);
    });

    it('refuses to read or act on a request to strangers (403) and answers 404 for an unknown id', async () => {
      const { id } = await openRequest();
      expect((await svc.request('GET', `/replication-requests/${id}`, { token: regionAdmin(JEPARA) })).status).toBe(403);
      expect((await svc.request('GET', `/replication-requests/${id}/timeline`, { token: provinceAdmin('34') })).status).toBe(403);
      expect((await svc.request('GET', `/replication-requests/${id}`, { token: juror() })).status).toBe(403);
      expect((await svc.request('GET', `/replication-requests/${id}`)).status).toBe(401);
      expect((await svc.request('GET', `/replication-requests/${randomUUID()}`, { token: kudus })).status).toBe(404);
      expect((await post(`/replication-requests/${randomUUID()}/accept`, kudus)).status).toBe(404);
    });

    it('completes for an adopting agency the registry has since retired: the registry records it and notes the retirement (issue 19)', async () => {
      const { world, id } = await openRequest('mandiri');
      await post(`/replication-requests/${id}/accept`, kudus);
      await post(`/replication-requests/${id}/progress`, demak, { kind: 'trial', summary: 'Uji coba.' });
      await post(`/replication-requests/${id}/implement`, demak, { implementedOn: '2024-01-02' });
      const e = feed.agencyEvent('agency.retired', { ...world.demakAgency, version: 2, retiredAt: new Date().toISOString() });
      await feed.send(e);
      await handled(svc, [e]);
      const completed = await post(`/replication-requests/${id}/complete`, demak, { benefitEvaluation: 'x' });
      expect([completed.status, completed.body.status]).toEqual([200, 'completed']);
    });
  });
});
