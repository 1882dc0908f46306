import { JURORS, kudusEdition, NominationHarness, seedScoredEdition, tokens, wib, type SeededEdition } from './nomination-test.fixtures.js';

describe('finalists, objections, presentation and the decision (real PostgreSQL and Redis)', () => {
  let h: NominationHarness;
  let ed: SeededEdition;
  const e = (i: number) => ed.entries[i].id;
  const move = (phase: string) => h.request('POST', `/editions/${ed.id}/phase`, { token: tokens.kudusAdmin, body: { phase } });
  const state = async (i: number) => (await h.request('GET', `/entries/${e(i)}`, { token: tokens.kudusAdmin })).body.state;

  beforeAll(async () => {
    h = await NominationHarness.start();
    h.travelTo(wib('2022-10-20'));
    ed = await seedScoredEdition(h, { count: 8 });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('names the top finalistCount of the ranking as finalists, once', async () => {
    const res = await h.request('POST', `/editions/${ed.id}/finalists`, { token: tokens.kudusAdmin, body: {} });
    expect(res.status).toBe(200);
    expect(res.body.map((x: { id: string }) => x.id)).toEqual(ed.entries.slice(0, 6).map((x) => x.id));
    expect(res.body.every((x: { state: string }) => x.state === 'finalist')).toBe(true);
    expect(await state(6)).toBe('scored');
    expect((await h.request('POST', `/editions/${ed.id}/finalists`, { token: tokens.kudusAdmin, body: {} })).status).toBe(409);
    expect(await h.outboxTypes(e(0))).toContain('nomination.finalist');
  });

  it('takes objections against finalists in the objection window only', async () => {
    const object = (i: number, token = tokens.staff(ed.entries[7].agencyId)) => h.request('POST', `/entries/${e(i)}/objections`, { token, body: { reason: 'Layanan sudah tidak berjalan' } });
    expect((await object(0)).status).toBe(409); // still scoring
    await move('objection');
    expect((await object(7)).status).toBe(409); // not a finalist
    const upheld = await object(1);
    const dismissed = await object(2, tokens.demakAdmin);
    expect(upheld.status).toBe(201);
    expect(dismissed.body).toMatchObject({ entryId: e(2), outcome: null });

    // the decision waits for open objections
    await move('presentation');
    await move('decision');
    const early = await h.request('POST', `/editions/${ed.id}/decision`, { token: tokens.kudusAdmin, body: {} });
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/objection\(s\) are still open/);

    const resolve = (id: string, outcome: string, token = tokens.kudusAdmin) =>
      h.request('POST', `/objections/${id}/resolution`, { token, body: { outcome, note: outcome === 'upheld' ? 'Terbukti: layanan berhenti 2021' : 'Tidak terbukti' } });
    expect((await resolve(upheld.body.id, 'upheld', tokens.demakAdmin)).status).toBe(403);
    expect((await resolve(upheld.body.id, 'upheld')).body).toMatchObject({ outcome: 'upheld' });
    expect((await resolve(dismissed.body.id, 'dismissed')).body).toMatchObject({ outcome: 'dismissed' });
    expect((await resolve(dismissed.body.id, 'upheld')).status).toBe(409);
    expect(await state(1)).toBe('disqualified');
    expect(await state(2)).toBe('finalist');
    const list = await h.request('GET', `/editions/${ed.id}/objections`, { token: tokens.kudusAdmin });
    expect(list.body.map((o: { outcome: string }) => o.outcome)).toEqual(['upheld', 'dismissed']);
  });

  it('decides on the final ranking: presentation weighed in, winners ranked, the rest not-selected; once', async () => {
    expect((await h.request('POST', `/editions/${ed.id}/decision`, { token: tokens.demakAdmin, body: {} })).status).toBe(403);
    const bad = await h.request('POST', `/editions/${ed.id}/decision`, { token: tokens.kudusAdmin, body: { winners: [e(7)] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('winners.0');

    const res = await h.request('POST', `/editions/${ed.id}/decision`, { token: tokens.kudusAdmin, body: {} });
    expect(res.status).toBe(200);
    expect(res.body.winners.map((w: { id: string; rank: number; state: string }) => [w.id, w.rank, w.state])).toEqual([
      [e(0), 1, 'winner'],
      [e(2), 2, 'winner'],
      [e(3), 3, 'winner'],
    ]);
    expect(res.body.notSelectedEntryIds.sort()).toEqual([e(4), e(5), e(6), e(7)].sort());
    expect(await state(1)).toBe('disqualified');
    expect((await h.request('POST', `/editions/${ed.id}/decision`, { token: tokens.kudusAdmin, body: {} })).status).toBe(409);
    expect(await h.outboxTypes(ed.id)).toContain('competition.decided');
    expect(await h.outboxTypes(e(0))).toEqual(expect.arrayContaining(['nomination.won']));
    expect(await h.outboxTypes(e(6))).toEqual(expect.arrayContaining(['nomination.not-selected']));
  });

  it('lets the presentation change the order, and refuses presentation scores outside its phase or of non-finalists', async () => {
    h.travelTo(wib('2022-11-20'));
    const other = await seedScoredEdition(h, { count: 4, body: kudusEdition({ name: 'KIPP presentasi', finalistCount: 3, winnerCount: 2, presentationWeight: 50 }) });
    await h.request('POST', `/editions/${other.id}/finalists`, { token: tokens.kudusAdmin, body: {} });
    const present = (i: number, value: number, jurorId = JURORS[0]) =>
      h.request('PUT', `/entries/${other.entries[i].id}/presentation-score`, { token: tokens.juror(jurorId, [other.id]), body: { value } });
    expect((await present(0, 50)).status).toBe(409); // not the presentation phase yet
    await h.request('POST', `/editions/${other.id}/phase`, { token: tokens.kudusAdmin, body: { phase: 'presentation' } });
    expect((await present(3, 100)).status).toBe(409); // not a finalist
    expect((await present(0, 101)).body.errors[0].field).toBe('value');
    for (const jurorId of JURORS) {
      await present(0, 60, jurorId); // proposal 90 → final 75
      await present(1, 70, jurorId); // proposal 88 → final 79
      await present(2, 100, jurorId); // proposal 86 → final 93
    }
    const ranking = await h.request('GET', `/editions/${other.id}/ranking?round=final`, { token: tokens.kudusAdmin });
    expect(ranking.body.rows.map((r: { entryId: string; score: number }) => [r.entryId, r.score])).toEqual([
      [other.entries[2].id, 93],
      [other.entries[1].id, 79],
      [other.entries[0].id, 75],
    ]);
    await h.request('POST', `/editions/${other.id}/phase`, { token: tokens.kudusAdmin, body: { phase: 'decision' } });
    const decided = await h.request('POST', `/editions/${other.id}/decision`, { token: tokens.kudusAdmin, body: {} });
    expect(decided.body.winners.map((w: { id: string; finalScore: number; presentationScore: number }) => [w.id, w.finalScore, w.presentationScore])).toEqual([
      [other.entries[2].id, 93, 100],
      [other.entries[1].id, 79, 70],
    ]);
  }, 60_000);
});
