import { randomUUID } from 'node:crypto';
import { JATENG_2022, kudusEdition, NATIONAL_2023, NominationHarness, registryEvent, seedScoredEdition, tokens, wib, type SeededEdition } from './nomination-test.fixtures.js';

describe('forwarding winners and national results (real PostgreSQL and Redis)', () => {
  let h: NominationHarness;
  let kudus: SeededEdition;
  let jatengId: string;
  let jatimId: string;
  let demakId: string;
  let nationalId: string;
  const w = (i: number) => kudus.entries[i].id;
  const forward = (entryId: string, targetEditionId: string, token = tokens.kudusAdmin) => h.request('POST', `/entries/${entryId}/forward`, { token, body: { targetEditionId } });
  const entryCount = async () => (await h.db.query(`SELECT count(*)::int AS n FROM "nomination"."entry"`))[0].n as number;

  beforeAll(async () => {
    h = await NominationHarness.start();
    h.travelTo(wib('2022-12-06'));
    kudus = await seedScoredEdition(h, { count: 6, body: kudusEdition({ winnerCount: 4, presentationWeight: 0 }), leaveIn: 'decision' });
    await h.request('POST', `/editions/${kudus.id}/decision`, { token: tokens.kudusAdmin, body: {} });
    const province = (owner: string, name: string, token: string) =>
      h.request('POST', '/editions', { token, body: { level: 'province', ownerRegionCode: owner, year: 2022, name, schedule: JATENG_2022, criteriaPreset: 'kipp-2023', forwardingQuota: 3, autoAdvance: false } });
    jatengId = (await province('33', 'KIPP Jawa Tengah 2022', tokens.jatengAdmin)).body.id;
    jatimId = (await province('35', 'KIPP Jawa Timur 2022', tokens.jatimAdmin)).body.id;
    demakId = (await h.request('POST', '/editions', { token: tokens.demakAdmin, body: kudusEdition({ ownerRegionCode: '33.21', name: 'KIPP Demak 2022' }) })).body.id;
    nationalId = (await h.request('POST', '/editions', { token: tokens.nationalAdmin, body: { level: 'national', year: 2023, name: 'KIPP 2023', schedule: NATIONAL_2023, criteriaPreset: 'kipp-2023', eligibility: { minAgeYears: 2 }, autoAdvance: false } })).body.id;
    await h.request('POST', `/editions/${jatimId}/phase`, { token: tokens.jatimAdmin, body: { phase: 'submission' } });
    await h.request('POST', `/editions/${demakId}/phase`, { token: tokens.demakAdmin, body: { phase: 'submission' } });
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  it('refuses a non-winner, a closed window, a level that is not next, another province and an unknown edition, changing nothing', async () => {
    const before = await entryCount();
    const notWinner = await forward(kudus.entries[5].id, jatengId);
    expect(notWinner.status).toBe(409);
    expect(notWinner.body.message).toMatch(/only winners are forwarded/);
    const closed = await forward(w(0), jatengId);
    expect(closed.status).toBe(409);
    expect(closed.body.message).toMatch(/submission window is not open: the edition is in planned/);
    expect((await forward(w(0), demakId)).body.message).toMatch(/not the next level/);
    expect((await forward(w(0), jatimId)).body.message).toMatch(/its own province/);
    const unknown = await forward(w(0), randomUUID());
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('targetEditionId');
    expect((await forward(w(0), jatengId, tokens.demakAdmin)).status).toBe(403);
    expect(await entryCount()).toBe(before);
  });

  it('forwards winners as linked entries with their own snapshot, up to the quota of three per regency', async () => {
    await h.request('POST', `/editions/${jatengId}/phase`, { token: tokens.jatengAdmin, body: { phase: 'submission' } });
    // The registry revised the first winner's innovation since the regency contest.
    const source = (await h.request('GET', `/entries/${w(0)}`, { token: tokens.kudusAdmin })).body;
    await h.send(registryEvent('innovation.revised', { ...source.snapshot, version: 2, results: 'Waktu layanan turun dari 14 ke 3 hari' }, { changedFields: ['results'] }));

    const first = await forward(w(0), jatengId);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ state: 'submitted', level: 'province', sourceEntryId: w(0), innovationVersion: 2, editionId: jatengId });
    expect((await forward(w(1), jatengId)).status).toBe(201);
    expect((await forward(w(2), jatengId)).status).toBe(201);
    const before = await entryCount();
    const fourth = await forward(w(3), jatengId);
    expect(fourth.status).toBe(409);
    expect(fourth.body.message).toMatch(/quota of 3/);
    expect((await forward(w(0), jatengId)).status).toBe(409);
    expect(await entryCount()).toBe(before);

    const after = (await h.request('GET', `/entries/${w(0)}`, { token: tokens.kudusAdmin })).body;
    expect(after).toMatchObject({ state: 'winner', rank: 1, snapshot: { version: 1 } });
    expect(after.forwardedTo).toEqual([expect.objectContaining({ entryId: first.body.id, editionId: jatengId, level: 'province', state: 'submitted' })]);
    const linked = (await h.request('GET', `/entries/${first.body.id}`, { token: tokens.jatengAdmin })).body;
    expect(linked.snapshot).toMatchObject({ version: 2, results: 'Waktu layanan turun dari 14 ke 3 hari' });
    expect(await h.outboxTypes(w(0))).toEqual(expect.arrayContaining(['nomination.won', 'nomination.forwarded']));
  });

  it('lets a regency winner go straight to the national contest, and records its national result', async () => {
    await h.request('POST', `/editions/${nationalId}/phase`, { token: tokens.nationalAdmin, body: { phase: 'submission' } });
    h.travelTo(wib('2023-03-13'));
    const national = await forward(w(3), nationalId);
    expect(national.status).toBe(201);
    const result = (body: unknown, token: string, id = national.body.id) => h.request('PUT', `/entries/${id}/national-result`, { token, body });
    expect((await result({ result: 'top-99' }, tokens.jatimAdmin)).status).toBe(403);
    expect((await result({ result: 'top-99' }, tokens.kudusAdmin)).status).toBe(403);
    expect((await result({ result: 'top-100' }, tokens.nationalAdmin)).body.errors[0].field).toBe('result');
    expect((await result({ result: 'top-99' }, tokens.nationalAdmin)).body).toMatchObject({ state: 'top-99', nationalResult: 'top-99' });
    expect((await result({ result: 'not-selected' }, tokens.jatengAdmin)).status).toBe(409);
    expect((await result({ result: 'top-45' }, tokens.jatengAdmin)).body).toMatchObject({ state: 'top-45', nationalResult: 'top-45' });
    expect((await result({ result: 'top-99' }, tokens.nationalAdmin, w(3))).status).toBe(409);
    expect(await h.outboxTypes(national.body.id)).toEqual(['nomination.submitted', 'nomination.national-result', 'nomination.national-result']);
    const source = (await h.request('GET', `/entries/${w(3)}`, { token: tokens.kudusAdmin })).body;
    expect(source.forwardedTo).toEqual([expect.objectContaining({ level: 'national', year: 2023, state: 'top-45', nationalResult: 'top-45' })]);
    // The lineage ends in the result, not in "submitted".
    const lineage = (await h.request('GET', `/entries/${w(3)}/lineage`, { token: tokens.kudusAdmin })).body;
    expect(lineage.steps.map((st: { level: string; state: string; nationalResult: string | null }) => [st.level, st.state, st.nationalResult])).toEqual([
      ['regency', 'winner', null],
      ['national', 'top-45', 'top-45'],
    ]);
    const tracked = (await h.request('GET', '/tracking?province=33&year=2022', { token: tokens.jatengAdmin })).body.regions.find((r: { regionCode: string }) => r.regionCode === '33.19');
    expect(tracked.entries.find((e: { regency: { entryId: string } }) => e.regency.entryId === w(3))).toMatchObject({ national: { state: 'top-45', nationalResult: 'top-45' }, reached: 'national:top-45' });
  });

  it('ends a national entry that was not selected in not-selected, and records no result on a rejected one', async () => {
    const national = await forward(w(2), nationalId);
    expect(national.status).toBe(201);
    const notSelected = await h.request('PUT', `/entries/${national.body.id}/national-result`, { token: tokens.nationalAdmin, body: { result: 'not-selected' } });
    expect(notSelected.body).toMatchObject({ state: 'not-selected', nationalResult: 'not-selected' });
    // A correction still raises it, and the state follows.
    const raised = await h.request('PUT', `/entries/${national.body.id}/national-result`, { token: tokens.nationalAdmin, body: { result: 'top-99' } });
    expect(raised.body).toMatchObject({ state: 'top-99', nationalResult: 'top-99' });

    const rejected = await forward(w(1), nationalId);
    await h.request('POST', `/entries/${rejected.body.id}/admission`, { token: tokens.nationalAdmin, body: { decision: 'reject', reason: 'Berkas tidak lengkap' } });
    const refused = await h.request('PUT', `/entries/${rejected.body.id}/national-result`, { token: tokens.nationalAdmin, body: { result: 'top-99' } });
    expect(refused.status).toBe(409);
    expect((await h.request('GET', `/entries/${rejected.body.id}`, { token: tokens.nationalAdmin })).body).toMatchObject({ state: 'rejected', nationalResult: null });
  });

  it('holds the quota when a regency forwards four winners at the same moment', async () => {
    const { body: parallel } = await h.request('POST', '/editions', {
      token: tokens.jatengAdmin,
      body: { level: 'province', ownerRegionCode: '33', year: 2022, name: 'KIPP Jateng 2022 (paralel)', schedule: JATENG_2022, criteriaPreset: 'kipp-2023', forwardingQuota: 3, autoAdvance: false },
    });
    await h.request('POST', `/editions/${parallel.id}/phase`, { token: tokens.jatengAdmin, body: { phase: 'submission' } });
    const results = await Promise.all([0, 1, 2, 3].map((i) => forward(w(i), parallel.id)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 409]);
    const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM "nomination"."entry" WHERE edition_id = $1`, [parallel.id]);
    expect(n).toBe(3);
  });

  // Issue 17: edition changes, admissions, decisions and forwarding are audited, each field before and after.
  it("keeps the audit of the edition and of a forwarded winner, for the admins who run the edition", async () => {
    const edition = await h.request('GET', `/editions/${kudus.id}/history`, { token: tokens.kudusAdmin });
    expect(edition.status).toBe(200);
    expect(edition.body.map((c: { action: string }) => c.action)).toEqual(['created', 'phase-changed', 'phase-changed', 'phase-changed', 'decided']);
    expect(edition.body[1].changes).toEqual([{ field: 'phase', before: 'planned', after: 'submission' }]);
    const decided = edition.body[4];
    expect([decided.actor, decided.actorRole]).toEqual(['bagor-kudus', 'region-admin']);
    expect(decided.changes).toEqual([
      { field: 'decidedAt', before: null, after: expect.stringMatching(/^2022-12-06T/) },
      { field: 'winners', before: null, after: [1, 2, 3, 4].map((rank) => ({ entryId: w(rank - 1), innovationName: `Inovasi ${rank}`, rank })) },
    ]);

    const winner = await h.request('GET', `/entries/${w(0)}/history`, { token: tokens.kudusAdmin });
    expect(winner.status).toBe(200);
    // Forwarded to the province, then (the quota test) to another edition.
    expect(winner.body.map((c: { action: string }) => c.action)).toEqual(['admitted', 'forwarded', 'forwarded']);
    expect(winner.body[0].changes).toEqual([{ field: 'state', before: 'submitted', after: 'admitted' }]);
    expect(winner.body[1].changes).toEqual([{ field: 'forwardedTo', before: null, after: { editionId: jatengId, entryId: expect.any(String) } }]);

    // A refusal and a national result, on the entries the other tests made.
    const nationalEntries: { id: string; state: string }[] = (await h.request('GET', `/editions/${nationalId}/entries`, { token: tokens.nationalAdmin })).body;
    const histories = await Promise.all(nationalEntries.map(async (e) => (await h.request('GET', `/entries/${e.id}/history`, { token: tokens.nationalAdmin })).body));
    expect(histories.flat().map((c: { action: string; reason: string | null }) => [c.action, c.reason]).sort()).toEqual(
      expect.arrayContaining([['national-result', null], ['rejected', 'Berkas tidak lengkap']]),
    );
    const raised = histories.flat().find((c: { changes: { field: string; after: unknown }[] }) => c.changes.some((f) => f.field === 'nationalResult' && f.after === 'top-45'));
    expect(raised.changes).toEqual(expect.arrayContaining([{ field: 'nationalResult', before: 'top-99', after: 'top-45' }]));

    expect((await h.request('GET', `/editions/${kudus.id}/history`, { token: tokens.demakAdmin })).status).toBe(403);
    expect((await h.request('GET', `/entries/${w(0)}/history`, { token: tokens.juror('juror-undip', [kudus.id]) })).status).toBe(403);
  });
});
