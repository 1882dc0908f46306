import { randomUUID } from 'node:crypto';
import { KIPP_2023_CRITERIA } from '@lumbung/contracts';
import { kudusEdition, NominationHarness, tokens, wib } from './nomination-test.fixtures.js';

const sheet = (value: number | Record<string, number>) =>
  KIPP_2023_CRITERIA.map((c) => ({ criterion: c.code, value: typeof value === 'number' ? value : (value[c.code] ?? 50) }));

describe('jury scoring and ranking (real PostgreSQL and Redis)', () => {
  let h: NominationHarness;
  let editionId: string;
  let entries: { id: string; agencyId: string }[];
  const juror = (sub: string) => tokens.juror(sub, [editionId]);

  beforeAll(async () => {
    h = await NominationHarness.start();
    h.travelTo(wib('2022-10-20'));
    editionId = (await h.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition() })).body.id;
    const move = (phase: string) => h.request('POST', `/editions/${editionId}/phase`, { token: tokens.kudusAdmin, body: { phase } });
    await move('submission');
    entries = [];
    for (let i = 0; i < 4; i++) {
      const innovation = await h.innovation({ name: `Inovasi ${i + 1}` });
      const entry = (await h.request('POST', `/editions/${editionId}/entries`, { token: tokens.staff(innovation.agencyId), body: { innovationId: innovation.id } })).body;
      entries.push({ id: entry.id, agencyId: innovation.agencyId });
    }
    await move('administrative-check');
    for (const e of entries.slice(0, 3)) await h.request('POST', `/entries/${e.id}/admission`, { token: tokens.kudusAdmin, body: { decision: 'admit' } });
    await h.request('POST', `/entries/${entries[3].id}/admission`, { token: tokens.kudusAdmin, body: { decision: 'reject', reason: 'Berkas tidak lengkap' } });
    for (const [jurorId, name] of [
      ['juror-undip', 'Akademisi Undip'],
      ['juror-umk', 'Akademisi UMK'],
      ['juror-pers', 'Wartawan Suara Merdeka'],
    ]) {
      await h.request('POST', `/editions/${editionId}/jurors`, { token: tokens.kudusAdmin, body: { jurorId, name } });
    }
    // A juror working at the first entry's agency declares it.
    await h.request('POST', `/editions/${editionId}/jurors`, { token: tokens.kudusAdmin, body: { jurorId: 'juror-dinas', name: 'Pegawai Dinas', agencyId: entries[0].agencyId } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const score = (entryId: string, token: string, body: unknown) => h.request('PUT', `/entries/${entryId}/scores`, { token, body });
  const scoreRows = async () => (await h.db.query(`SELECT count(*)::int AS n FROM "nomination"."score"`))[0].n as number;

  it('refuses scores before the scoring phase (409)', async () => {
    const res = await score(entries[0].id, juror('juror-undip'), { scores: sheet(80) });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/scoring window is not open/);
    await h.request('POST', `/editions/${editionId}/phase`, { token: tokens.kudusAdmin, body: { phase: 'scoring' } });
  });

  it('recomputes the ranking as each juror’s scores arrive', async () => {
    const ranking = async () => (await h.request('GET', `/editions/${editionId}/ranking`, { token: tokens.kudusAdmin })).body.rows;
    const first = await score(entries[0].id, juror('juror-undip'), { scores: sheet(80) });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ state: 'scored', proposalScore: 80, proposalJurors: 1 });
    expect((await ranking()).map((r: any) => [r.entryId, r.rank, r.score])).toEqual([
      [entries[0].id, 1, 80],
      [entries[1].id, null, null],
      [entries[2].id, null, null],
    ]);
    await score(entries[1].id, juror('juror-undip'), { scores: sheet(85) });
    expect((await ranking())[0]).toMatchObject({ entryId: entries[1].id, rank: 1, score: 85 });
    // a second juror is harsher on entry 2: the mean decides
    await score(entries[1].id, juror('juror-umk'), { scores: sheet(65) });
    const now = await ranking();
    expect(now.map((r: any) => [r.entryId, r.rank, r.score, r.jurors])).toEqual([
      [entries[0].id, 1, 80, 1],
      [entries[1].id, 2, 75, 2],
      [entries[2].id, null, null, 0],
    ]);
    expect(await h.outboxTypes(entries[1].id)).toEqual(['nomination.submitted', 'nomination.admitted', 'nomination.scored', 'nomination.scored']);
  });

  it('keeps a partial sheet out of the mean until it is complete', async () => {
    const res = await score(entries[2].id, juror('juror-pers'), { scores: [{ criterion: 'significance', value: 100 }] });
    expect(res.body).toMatchObject({ state: 'admitted', proposalScore: null, proposalJurors: 0 });
    // Each juror's list says how far they got with each entry; nobody else's says anything of it.
    const listed = async (token: string) => (await h.request('GET', `/editions/${editionId}/entries`, { token })).body.map((e: any) => [e.id, e.yourCriteriaScored]);
    expect(await listed(juror('juror-pers'))).toEqual([
      [entries[0].id, 0],
      [entries[1].id, 0],
      [entries[2].id, 1],
      [entries[3].id, 0],
    ]);
    expect((await listed(juror('juror-undip'))).slice(0, 2)).toEqual([
      [entries[0].id, 7],
      [entries[1].id, 7],
    ]);
    expect((await listed(tokens.kudusAdmin)).map(([, n]: [string, unknown]) => n)).toEqual([undefined, undefined, undefined, undefined]);
    const done = await score(entries[2].id, juror('juror-pers'), { scores: sheet({ significance: 100 }).filter((s) => s.criterion !== 'significance') });
    expect(done.body).toMatchObject({ state: 'scored', proposalScore: 65, proposalJurors: 1 });
  });

  it.each([
    ['a score above 100', { scores: [{ criterion: 'novelty', value: 101 }] }, 'scores.0.value', /between 0 and 100/],
    ['a negative score', { scores: [{ criterion: 'novelty', value: -1 }] }, 'scores.0.value', /between 0 and 100/],
    ['three decimals', { scores: [{ criterion: 'novelty', value: 80.125 }] }, 'scores.0.value', /two decimals/],
    ['a string', { scores: [{ criterion: 'novelty', value: '80' }] }, 'scores.0.value', /number/],
    ['an unknown criterion', { scores: [{ criterion: 'beauty', value: 80 }] }, 'scores.0.criterion', /not a criterion/],
    ['a criterion twice', { scores: [{ criterion: 'novelty', value: 80 }, { criterion: 'novelty', value: 70 }] }, 'scores.1.criterion', /twice/],
    ['no scores', { scores: [] }, 'scores', /at least 1/],
  ])('refuses %s with a 400 naming the field, changing nothing', async (_what, body, field, message) => {
    const before = await scoreRows();
    const res = await score(entries[0].id, juror('juror-umk'), body);
    expect(res.status).toBe(400);
    const error = res.body.errors.find((e: { field: string }) => e.field === field);
    expect(error?.messages.join(' ')).toMatch(message);
    expect(await scoreRows()).toBe(before);
  });

  it('refuses a juror not assigned to the edition (403), a juror of their declared employer’s entry (403), and other roles', async () => {
    const before = await scoreRows();
    const otherEdition = tokens.juror('juror-undip', [randomUUID()]);
    expect((await score(entries[0].id, otherEdition, { scores: sheet(90) })).status).toBe(403);
    const unassigned = await score(entries[0].id, juror('juror-stranger'), { scores: sheet(90) });
    expect(unassigned.status).toBe(403);
    expect(unassigned.body.message).toMatch(/not assigned/);
    const conflicted = await score(entries[0].id, juror('juror-dinas'), { scores: sheet(100) });
    expect(conflicted.status).toBe(403);
    expect(conflicted.body.message).toMatch(/has employment at/);
    expect((await score(entries[1].id, juror('juror-dinas'), { scores: sheet(70) })).status).toBe(200);
    expect((await score(entries[0].id, tokens.kudusAdmin, { scores: sheet(100) })).status).toBe(403);
    expect(await scoreRows()).toBe(before + KIPP_2023_CRITERIA.length);
  });

  it('keeps the conflicts the admin recorded when a juror declares employment, and adds the declared ones', async () => {
    const before = await scoreRows();
    const declare = (body: unknown) => h.request('PUT', `/editions/${editionId}/jurors/me/employment`, { token: juror('juror-dinas'), body });
    // The juror re-declares another agency and a region elsewhere: the admin's record of entry 1's agency stays.
    const declared = await declare({ agencyId: entries[2].agencyId, regionCode: '33.21' });
    expect(declared.status).toBe(200);
    expect(declared.body).toMatchObject({ agencyId: entries[0].agencyId, regionCode: null, declaredAgencyIds: [entries[2].agencyId], declaredRegionCodes: ['33.21'] });
    const own = await score(entries[0].id, juror('juror-dinas'), { scores: sheet(100) });
    expect(own.status).toBe(403);
    expect(own.body.message).toMatch(/employment/);
    // What the juror declared is a conflict too, and a second declaration does not drop the first.
    expect((await declare({ agencyId: entries[1].agencyId })).body.declaredAgencyIds).toEqual([entries[2].agencyId, entries[1].agencyId]);
    expect((await score(entries[2].id, juror('juror-dinas'), { scores: sheet(100) })).status).toBe(403);
    expect(await scoreRows()).toBe(before);
    const [row] = await h.db.query(`SELECT agency_id FROM "nomination"."edition_juror" WHERE edition_id = $1 AND juror_id = 'juror-dinas'`, [editionId]);
    expect(row.agency_id).toBe(entries[0].agencyId);
  });

  it('keeps scores and ranks from everyone but the assigned jury and the admins until the decision', async () => {
    const scoresIn = (body: any[]) => body.map((e) => [e.proposalScore, e.proposalJurors, e.rank]);
    const list = (token: string) => h.request('GET', `/editions/${editionId}/entries`, { token });
    const admins = await list(tokens.kudusAdmin);
    expect(admins.body[0]).toMatchObject({ id: entries[0].id, state: 'scored', proposalScore: 80, proposalJurors: 1 });
    expect((await list(juror('juror-pers'))).body[0]).toMatchObject({ proposalScore: 80 });
    for (const outsider of [tokens.demakAdmin, tokens.staff(entries[0].agencyId), juror('juror-not-assigned'), tokens.juror('x', [])]) {
      const res = await list(outsider);
      expect(res.status).toBe(200);
      // Statuses, yes; scores, no.
      expect(res.body.map((e: { state: string }) => e.state)).toEqual(admins.body.map((e: { state: string }) => e.state));
      expect(scoresIn(res.body)).toEqual(res.body.map(() => [null, 0, null]));
      const detail = await h.request('GET', `/entries/${entries[0].id}`, { token: outsider });
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({ state: 'scored', proposalScore: null, proposalJurors: 0, presentationScore: null, finalScore: null, rank: null });
    }
    expect((await h.request('GET', `/entries/${entries[0].id}`, { token: tokens.kudusAdmin })).body).toMatchObject({ proposalScore: 80 });
  });

  it("keeps each juror's comment per criterion for the jury and the admins only", async () => {
    const commented = await score(entries[1].id, juror('juror-undip'), {
      scores: sheet(85).map((c) => (c.criterion === 'significance' ? { ...c, comment: '  Waktu tunggu turun nyata; minta data dua puskesmas lain. ' } : c)),
    });
    expect(commented.status).toBe(200);
    const significance = (body: { proposal: { sections: { criterion: string }[] } }) => body.proposal.sections.find((x) => x.criterion === 'significance') as any;
    expect(significance(commented.body)).toMatchObject({ yourScore: 85, yourComment: 'Waktu tunggu turun nyata; minta data dua puskesmas lain.' });
    const note = { jurorId: 'juror-undip', jurorName: 'Akademisi Undip', comment: 'Waktu tunggu turun nyata; minta data dua puskesmas lain.' };
    // Another juror and the admin read it beside the criterion; nobody else does.
    for (const reader of [juror('juror-umk'), tokens.kudusAdmin]) expect(significance((await h.request('GET', `/entries/${entries[1].id}`, { token: reader })).body).comments).toEqual([note]);
    for (const outsider of [tokens.demakAdmin, tokens.staff(entries[1].agencyId), juror('juror-not-assigned')]) {
      expect(significance((await h.request('GET', `/entries/${entries[1].id}`, { token: outsider })).body).comments).toEqual([]);
    }
    // Its limit is said by its field, and nothing changes.
    const long = await score(entries[1].id, juror('juror-undip'), { scores: [{ criterion: 'novelty', value: 80, comment: 'x'.repeat(2001) }] });
    expect(long.status).toBe(400);
    expect(long.body.errors[0]).toMatchObject({ field: 'scores.0.comment', code: 'field.max-length', max: 2000 });
  });

  it('refuses the results and the ranking to a juror removed from the edition, whatever their token says (403)', async () => {
    await h.request('POST', `/editions/${editionId}/jurors`, { token: tokens.kudusAdmin, body: { jurorId: 'juror-removed', name: 'Removed' } });
    expect((await h.request('GET', `/editions/${editionId}/results.csv`, { token: juror('juror-removed') })).status).toBe(200);
    expect((await h.request('DELETE', `/editions/${editionId}/jurors/juror-removed`, { token: tokens.kudusAdmin })).status).toBe(204);
    expect((await h.request('GET', `/editions/${editionId}/results.csv`, { token: juror('juror-removed') })).status).toBe(403);
    expect((await h.request('GET', `/editions/${editionId}/ranking`, { token: juror('juror-removed') })).status).toBe(403);
    expect((await h.request('GET', `/entries/${entries[0].id}`, { token: juror('juror-removed') })).body.proposalScore).toBeNull();
    expect((await h.request('GET', `/editions/${editionId}/results.csv`, { token: tokens.staff(entries[0].agencyId) })).status).toBe(403);
  });

  it('refuses scores of a rejected entry (409) and after the scoring phase (409), changing nothing', async () => {
    expect((await score(entries[3].id, juror('juror-undip'), { scores: sheet(90) })).status).toBe(409);
    await h.request('POST', `/editions/${editionId}/phase`, { token: tokens.kudusAdmin, body: { phase: 'presentation' } });
    const before = await scoreRows();
    const late = await score(entries[2].id, juror('juror-undip'), { scores: sheet(90) });
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/scoring window is not open: the edition is in presentation/);
    expect(await scoreRows()).toBe(before);
  });

  it('shows the ranking to the jury and the admins only', async () => {
    expect((await h.request('GET', `/editions/${editionId}/ranking`, { token: juror('juror-pers') })).status).toBe(200);
    expect((await h.request('GET', `/editions/${editionId}/ranking`, { token: tokens.jatengAdmin })).status).toBe(200);
    expect((await h.request('GET', `/editions/${editionId}/ranking`, { token: tokens.staff(entries[0].agencyId) })).status).toBe(403);
    expect((await h.request('GET', `/editions/${editionId}/ranking`, { token: tokens.juror('x', []) })).status).toBe(403);
    // A token naming the edition, but no assignment by its admin.
    expect((await h.request('GET', `/editions/${editionId}/ranking`, { token: juror('juror-not-assigned') })).status).toBe(403);
    expect((await h.request('GET', `/editions/${editionId}/ranking?round=best`, { token: tokens.kudusAdmin })).body.errors[0].field).toBe('round');
  });

  it("keeps a juror's field check of a finalist for the jury and the admins, and publishes it", async () => {
    // A finalist in the field-check phase, as the table test of the state machine arranges it.
    await h.db.query(`UPDATE "nomination"."entry" SET state = 'finalist' WHERE id = $1`, [entries[1].id]);
    await h.db.query(`UPDATE "nomination"."edition" SET phase = 'field-check' WHERE id = $1`, [editionId]);
    const check = (token: string, body: unknown) => h.request('PUT', `/entries/${entries[1].id}/field-check`, { token, body });
    expect((await check(juror('juror-undip'), { outcome: 'maybe', note: '' })).body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['note', 'outcome']);
    const recorded = await check(juror('juror-undip'), { outcome: 'confirmed', note: 'Layanan berjalan di tiga puskesmas.' });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ jurorId: 'juror-undip', jurorName: 'Akademisi Undip', outcome: 'confirmed', note: 'Layanan berjalan di tiga puskesmas.' });
    for (const reader of [juror('juror-umk'), tokens.kudusAdmin]) expect((await h.request('GET', `/entries/${entries[1].id}`, { token: reader })).body.fieldChecks).toHaveLength(1);
    for (const outsider of [tokens.demakAdmin, tokens.staff(entries[1].agencyId)]) expect((await h.request('GET', `/entries/${entries[1].id}`, { token: outsider })).body.fieldChecks).toEqual([]);
    expect((await check(tokens.kudusAdmin, { outcome: 'confirmed', note: 'x' })).status).toBe(403);
    expect((await h.outboxTypes(entries[1].id)).at(-1)).toBe('nomination.field-checked');
  });

  it('keeps every sheet of jurors scoring one entry at once, each once, and ranks it on all of them', async () => {
    // Sheets are saved without a lock (EntriesService.changeUnlocked): one that lost the race to
    // the entry stores nothing and starts again from a fresh read of every score.
    const raced = (await h.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition({ name: 'KIPP Kudus (racing sheets)' }) })).body.id as string;
    const move = (phase: string) => h.request('POST', `/editions/${raced}/phase`, { token: tokens.kudusAdmin, body: { phase } });
    await move('submission');
    const innovation = await h.innovation({ name: 'Inovasi berebut' });
    const entryId = (await h.request('POST', `/editions/${raced}/entries`, { token: tokens.staff(innovation.agencyId), body: { innovationId: innovation.id } })).body.id as string;
    await move('administrative-check');
    await h.request('POST', `/entries/${entryId}/admission`, { token: tokens.kudusAdmin, body: { decision: 'admit' } });
    const jurors = ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => `juror-race-${x}`);
    for (const jurorId of jurors) await h.request('POST', `/editions/${raced}/jurors`, { token: tokens.kudusAdmin, body: { jurorId, name: jurorId } });
    await move('scoring');

    const values = [60, 72, 80, 90, 66, 76];
    const sheets = await Promise.all(jurors.map((jurorId, i) => score(entryId, tokens.juror(jurorId, [raced]), { scores: sheet(values[i]) })));
    expect(sheets.map((r) => r.status)).toEqual(jurors.map(() => 200));
    expect(sheets.map((r) => r.body.version).sort((x: number, y: number) => x - y)).toEqual(jurors.map((_, i) => i + 3));
    const entry = (await h.request('GET', `/entries/${entryId}`, { token: tokens.kudusAdmin })).body;
    expect(entry).toMatchObject({ version: jurors.length + 2, proposalJurors: jurors.length, proposalScore: 74 });
    const stored: { juror_id: string; n: number }[] = await h.db.query(
      `SELECT juror_id, count(*)::int AS n FROM "nomination"."score" WHERE entry_id = $1 GROUP BY juror_id ORDER BY juror_id`,
      [entryId],
    );
    expect(stored).toEqual(jurors.map((juror_id) => ({ juror_id, n: KIPP_2023_CRITERIA.length })));
    expect(await h.outboxTypes(entryId)).toEqual(['nomination.submitted', 'nomination.admitted', ...jurors.map(() => 'nomination.scored')]);
    // Each event counts the sheets saved before it and its own, in version order.
    const jurorCounts: { jurors: number }[] = await h.db.query(
      `SELECT (envelope->'payload'->>'jurors')::int AS jurors FROM "nomination"."outbox" WHERE envelope->>'aggregateId' = $1 AND type = 'nomination.scored' ORDER BY seq`,
      [entryId],
    );
    expect(jurorCounts.map((r) => r.jurors)).toEqual(jurors.map((_, i) => i + 1));
  });
});
