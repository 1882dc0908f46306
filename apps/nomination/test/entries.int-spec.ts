import { randomUUID } from 'node:crypto';
import { expectEventually } from '@lumbung/testing';
import { EntriesService } from '../src/entries/entries.service.js';
import { Entry } from '../src/entries/entry.entity.js';
import { DEMAK, KUDUS, kudusEdition, NominationHarness, registryEvent, tokens, wib } from './nomination-test.fixtures.js';

describe('entries and the administrative check (real PostgreSQL and Redis)', () => {
  let h: NominationHarness;
  let editionId: string;
  beforeAll(async () => {
    h = await NominationHarness.start();
    h.travelTo(wib('2022-10-20'));
    const res = await h.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition() });
    editionId = res.body.id;
    await h.request('POST', `/editions/${editionId}/phase`, { token: tokens.kudusAdmin, body: { phase: 'submission' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const submit = (innovationId: string, token: string, edition = editionId) => h.request('POST', `/editions/${edition}/entries`, { token, body: { innovationId } });
  const entryCount = async () => (await h.db.query(`SELECT count(*)::int AS n FROM "nomination"."entry"`))[0].n as number;

  it('takes an innovation of the agency while the window is open, keeping the innovation as it stood', async () => {
    const innovation = await h.innovation({ name: 'Jos Pakk', agencyName: 'DPMPTSP' });
    const res = await submit(innovation.id, tokens.staff(innovation.agencyId));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ state: 'submitted', innovationId: innovation.id, innovationVersion: 1, innovationName: 'Jos Pakk', agencyName: 'DPMPTSP', regionCode: KUDUS, level: 'regency', year: 2022 });
    expect(res.body.submittedAt).toBe(wib('2022-10-20').toISOString().slice(0, 16) + res.body.submittedAt.slice(16));

    // The registry revises the innovation later: the entry keeps what was submitted.
    await h.send(registryEvent('innovation.revised', { ...innovation, version: 2, name: 'Jos Pakk 2.0' }, { changedFields: ['name'] }));
    const detail = await h.request('GET', `/entries/${res.body.id}`, { token: tokens.kudusAdmin });
    expect(detail.body).toMatchObject({ innovationName: 'Jos Pakk', snapshot: { name: 'Jos Pakk', version: 1, problem: 'Antrean panjang' }, forwardedTo: [], replications: 0 });
    expect(await h.outboxTypes(res.body.id)).toEqual(['nomination.submitted']);
    const [event] = await h.db.query(`SELECT envelope FROM "nomination"."outbox" WHERE type = 'nomination.submitted' AND envelope->>'aggregateId' = $1`, [res.body.id]);
    expect(event.envelope.payload.snapshot).toMatchObject({ id: innovation.id, name: 'Jos Pakk' });
  });

  it("counts the innovation's completed replications (replication.completed) as evidence on its entries", async () => {
    const innovation = await h.innovation({ name: 'Si Gesit' });
    const entry = (await submit(innovation.id, tokens.kudusAdmin)).body;
    const completed = (requestId: string) => ({
      id: randomUUID(),
      type: 'replication.completed',
      version: 1,
      occurredAt: new Date().toISOString(),
      producer: 'replication',
      correlationId: 'replication-test',
      causationId: null,
      aggregateId: requestId,
      aggregateVersion: 6,
      payload: { requestId, originInnovationId: innovation.id, originRegionCode: KUDUS, adopterRegionCode: DEMAK, adopterAgencyId: randomUUID(), model: 'kerja-sama', completedAt: new Date().toISOString() },
    });
    const first = completed(randomUUID());
    await h.send(first, completed(randomUUID()));
    await h.send({ ...first, id: randomUUID() }); // the same replication told twice counts once
    expect((await h.request('GET', `/entries/${entry.id}`, { token: tokens.kudusAdmin })).body.replications).toBe(2);
  });

  it('lets the region admin enter an agency’s innovation on its behalf', async () => {
    const innovation = await h.innovation();
    expect((await submit(innovation.id, tokens.kudusAdmin)).status).toBe(201);
  });

  it('refuses an entry of another region (403) and of another agency (403), changing nothing', async () => {
    const demak = await h.innovation({ regionCode: DEMAK });
    const kudus = await h.innovation();
    const before = await entryCount();
    const otherRegion = await submit(demak.id, tokens.staff(demak.agencyId, DEMAK));
    expect(otherRegion.status).toBe(403);
    expect(otherRegion.body.message).toMatch(/takes entries of 33.19 only/);
    expect((await submit(kudus.id, tokens.staff(randomUUID()))).status).toBe(403);
    expect((await submit(kudus.id, tokens.demakAdmin)).status).toBe(403);
    expect(await entryCount()).toBe(before);
  });

  it('refuses a second entry beyond the per-agency limit (409) and the same innovation twice, changing nothing', async () => {
    const agencyId = randomUUID();
    const first = await h.innovation({ agencyId });
    const second = await h.innovation({ agencyId, name: 'SiKembar' });
    expect((await submit(first.id, tokens.staff(agencyId))).status).toBe(201);
    const before = await entryCount();
    const res = await submit(second.id, tokens.staff(agencyId));
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/limit per agency is 1/);
    expect((await submit(first.id, tokens.kudusAdmin)).status).toBe(409);
    expect(await entryCount()).toBe(before);
  });

  it('holds the per-agency limit when one agency submits several innovations at the same moment', async () => {
    const agencyId = randomUUID();
    const innovations = [];
    for (let i = 0; i < 4; i++) innovations.push(await h.innovation({ agencyId, name: `Serentak ${i}` }));
    const results = await Promise.all(innovations.map((inn) => submit(inn.id, tokens.staff(agencyId))));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM "nomination"."entry" WHERE agency_id = $1`, [agencyId]);
    expect(n).toBe(1);
  });

  it('holds the per-agency limit when one agency submits several drafts at the same moment', async () => {
    const agencyId = randomUUID();
    const drafts: string[] = [];
    for (let i = 0; i < 4; i++) {
      const innovation = await h.innovation({ agencyId, name: `Draf serentak ${i}` });
      const drafted = await h.request('POST', `/editions/${editionId}/entries`, { token: tokens.staff(agencyId), body: { innovationId: innovation.id, draft: true } });
      expect(drafted.status).toBe(201);
      drafts.push(drafted.body.id);
    }
    const results = await Promise.all(drafts.map((id) => h.request('POST', `/entries/${id}/submission`, { token: tokens.staff(agencyId), body: {} })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    expect(results.find((r) => r.status === 409)!.body.message).toMatch(/limit per agency is 1/);
    const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM "nomination"."entry" WHERE agency_id = $1 AND state = 'submitted'`, [agencyId]);
    expect(n).toBe(1);
  });

  it("lets other agencies' entries through while one is in flight, and holds the same agency's", async () => {
    // An entry in flight holds the edition FOR SHARE and its agency's place: here a transaction of
    // the test's own holds both for agency A, as a slow entry of A would.
    const [agencyA, agencyB] = [randomUUID(), randomUUID()];
    const [innovationA, innovationB] = [await h.innovation({ agencyId: agencyA, name: 'Antre A' }), await h.innovation({ agencyId: agencyB, name: 'Antre B' })];
    const inFlight = h.db.createQueryRunner();
    await inFlight.connect();
    await inFlight.startTransaction();
    try {
      await inFlight.query(`SELECT 1 FROM "nomination"."edition" WHERE id = $1 FOR SHARE`, [editionId]);
      await inFlight.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`nomination.entry:${editionId}:${agencyA}`]);
      const sameAgency = submit(innovationA.id, tokens.staff(agencyA));
      await expectEventually(async () => {
        const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event = 'advisory' AND datname = current_database()`);
        expect(n).toBe(1);
      });
      // Another agency's entry does not wait (with the edition locked FOR UPDATE by every entry, it did).
      expect((await submit(innovationB.id, tokens.staff(agencyB))).status).toBe(201);
      await inFlight.commitTransaction();
      expect((await sameAgency).status).toBe(201);
    } finally {
      if (inFlight.isTransactionActive) await inFlight.rollbackTransaction();
      await inFlight.release();
    }
  });

  it('writes an entry read without its lock only if it is still at the version it was read at: a change in between is a 409, kept', async () => {
    const innovation = await h.innovation({ name: 'Baca Lama' });
    const { id } = (await submit(innovation.id, tokens.staff(innovation.agencyId))).body;
    const stale = await h.db.manager.findOneByOrFail(Entry, { id });
    // Someone else's change lands between the read and the write (the decision reads its entries unlocked).
    await h.db.query(`UPDATE "nomination"."entry" SET return_note = 'perubahan lain', version = version + 1 WHERE id = $1`, [id]);
    stale.returnNote = 'tertimpa';
    const ctx = { actor: { sub: 'bagor-kudus', role: 'region-admin' as const, region: KUDUS }, correlationId: 'stale-write' };
    await expect(h.db.transaction((m) => h.svc.app.get(EntriesService).save(m, ctx, stale))).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/changed meanwhile/) });
    const [row] = await h.db.query(`SELECT return_note, version FROM "nomination"."entry" WHERE id = $1`, [id]);
    expect(row).toEqual({ return_note: 'perubahan lain', version: 2 });
  });

  it.each([
    ['an innovation the service has never heard of', () => ({ id: randomUUID(), agencyId: randomUUID() }), /No innovation/],
    ['one implemented less than the minimum age ago', async () => h.innovation({ implementedOn: '2022-03-01' }), /requires 1 year/],
    ['a retired one', async () => h.innovation({ retiredAt: '2022-05-01T00:00:00.000Z', retireReason: 'diganti' }), /retired/],
  ])('refuses %s with a 400 naming innovationId', async (_what, make, message) => {
    const innovation = await make();
    const before = await entryCount();
    const res = await submit(innovation.id, tokens.kudusAdmin);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'innovationId', code: 'field.invalid', messages: [expect.stringMatching(message)] }]);
    expect(await entryCount()).toBe(before);
  });

  it('refuses a bad body with a 400 naming the field', async () => {
    const res = await h.request('POST', `/editions/${editionId}/entries`, { token: tokens.kudusAdmin, body: { innovationId: 'jos-pakk' } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('innovationId');
    expect((await h.request('POST', `/editions/not-a-uuid/entries`, { token: tokens.kudusAdmin, body: { innovationId: randomUUID() } })).body.errors[0].field).toBe('id');
  });

  it('admits, or rejects with a reason, once; only the owner’s admin', async () => {
    const a = await h.innovation();
    const b = await h.innovation();
    const admitted = (await submit(a.id, tokens.kudusAdmin)).body;
    const rejected = (await submit(b.id, tokens.kudusAdmin)).body;
    const check = (id: string, body: unknown, token = tokens.kudusAdmin) => h.request('POST', `/entries/${id}/admission`, { token, body });

    expect((await check(rejected.id, { decision: 'reject' })).body.errors).toEqual([{ field: 'reason', code: 'field.required', messages: expect.arrayContaining(['reason is required to reject']) }]);
    expect((await check(admitted.id, { decision: 'admit' }, tokens.demakAdmin)).status).toBe(403);
    expect((await check(admitted.id, { decision: 'admit' }, tokens.staff(a.agencyId))).status).toBe(403);
    expect((await check(admitted.id, { decision: 'admit' })).body).toMatchObject({ state: 'admitted', version: 2 });
    const rej = await check(rejected.id, { decision: 'reject', reason: 'Tidak melampirkan SK inovator' });
    expect(rej.body).toMatchObject({ state: 'rejected', rejectionReason: 'Tidak melampirkan SK inovator' });
    expect((await check(admitted.id, { decision: 'reject', reason: 'x' })).status).toBe(409);
    expect(await h.outboxTypes(rejected.id)).toEqual(['nomination.submitted', 'nomination.rejected']);
    const listed = await h.request('GET', `/editions/${editionId}/entries?state=rejected`, { token: tokens.kudusAdmin });
    expect(listed.body.map((e: { id: string }) => e.id)).toEqual([rejected.id]);
  });

  it('refuses an entry once the window has closed on its date, even before the phase moves', async () => {
    const { body: dated } = await h.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition({ autoAdvance: true, name: 'Kudus dated' }) });
    const innovation = await h.innovation();
    h.travelTo(wib('2022-11-13', 23));
    // the edition opened on its date
    await expectEventually(async () => expect((await h.request('GET', `/editions/${dated.id}`, { token: tokens.kudusAdmin })).body.phase).toBe('submission'));
    expect((await submit(innovation.id, tokens.kudusAdmin, dated.id)).status).toBe(201);
    const late = await h.innovation();
    h.travelTo(wib('2022-11-14', 0));
    const res = await submit(late.id, tokens.kudusAdmin, dated.id);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/window (closed on 2022-11-13|is not open)/);
  }, 60_000);
});
