import { KIPP_2023_CRITERIA } from '@lumbung/contracts';
import { kudusEdition, NominationHarness, tokens, wib } from './nomination-test.fixtures.js';

const sheet = (value: number) => KIPP_2023_CRITERIA.map((c) => ({ criterion: c.code, value }));

describe('jury panels (real PostgreSQL and Redis)', () => {
  let h: NominationHarness;
  let editionId: string;
  let entries: { id: string; agencyId: string }[];
  let rejected: string;
  const juror = (sub: string) => tokens.juror(sub, [editionId]);
  const layout = (body: unknown, token = tokens.kudusAdmin) => h.request('PUT', `/editions/${editionId}/panels`, { token, body });
  const score = (entryId: string, sub: string, value: number) => h.request('PUT', `/entries/${entryId}/scores`, { token: juror(sub), body: { scores: sheet(value) } });

  beforeAll(async () => {
    h = await NominationHarness.start();
    h.travelTo(wib('2022-10-20'));
    editionId = (await h.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition() })).body.id;
    const move = (phase: string) => h.request('POST', `/editions/${editionId}/phase`, { token: tokens.kudusAdmin, body: { phase } });
    await move('submission');
    entries = [];
    for (let i = 0; i < 5; i++) {
      const innovation = await h.innovation({ name: `Inovasi ${i + 1}` });
      const entry = (await h.request('POST', `/editions/${editionId}/entries`, { token: tokens.staff(innovation.agencyId), body: { innovationId: innovation.id } })).body;
      entries.push({ id: entry.id, agencyId: innovation.agencyId });
    }
    await move('administrative-check');
    for (const e of entries.slice(0, 4)) await h.request('POST', `/entries/${e.id}/admission`, { token: tokens.kudusAdmin, body: { decision: 'admit' } });
    rejected = entries.pop()!.id;
    await h.request('POST', `/entries/${rejected}/admission`, { token: tokens.kudusAdmin, body: { decision: 'reject', reason: 'Berkas tidak lengkap' } });
    for (const [jurorId, name] of [
      ['juror-undip', 'Akademisi Undip'],
      ['juror-umk', 'Akademisi UMK'],
      ['juror-pers', 'Wartawan Suara Merdeka'],
    ]) {
      await h.request('POST', `/editions/${editionId}/jurors`, { token: tokens.kudusAdmin, body: { jurorId, name } });
    }
    // works at the first entry's agency: may never be that entry's only juror
    await h.request('POST', `/editions/${editionId}/jurors`, { token: tokens.kudusAdmin, body: { jurorId: 'juror-dinas', name: 'Pegawai Dinas', agencyId: entries[0].agencyId } });
    await move('scoring');
  });
  afterAll(async () => {
    await h?.close();
  });

  it.each([
    ['someone who is not a juror', () => [{ name: 'A', jurorIds: ['juror-stranger'], entryIds: [] }], 'panels.0.jurorIds.0', 'panel.not-a-juror'],
    ['a juror on two panels', () => [{ name: 'A', jurorIds: ['juror-undip'], entryIds: [] }, { name: 'B', jurorIds: ['juror-undip'], entryIds: [] }], 'panels.1.jurorIds.0', 'field.duplicate'],
    ['an entry in two panels', (e: string[]) => [{ name: 'A', jurorIds: ['juror-undip'], entryIds: [e[1]] }, { name: 'B', jurorIds: ['juror-umk'], entryIds: [e[1]] }], 'panels.1.entryIds.0', 'field.duplicate'],
    ['a rejected entry', (e: string[]) => [{ name: 'A', jurorIds: ['juror-undip'], entryIds: [e[4]] }], 'panels.0.entryIds.0', 'panel.not-an-entry'],
    ['an entry nobody on the panel may score', (e: string[]) => [{ name: 'A', jurorIds: ['juror-dinas'], entryIds: [e[0]] }], 'panels.0.entryIds.0', 'panel.no-free-juror'],
    ['entries for a panel without jurors', (e: string[]) => [{ name: 'A', jurorIds: [], entryIds: [e[1]] }], 'panels.0.entryIds.0', 'panel.no-free-juror'],
    ['two panels of one name', () => [{ name: 'A', jurorIds: [], entryIds: [] }, { name: 'A', jurorIds: [], entryIds: [] }], 'panels', 'field.duplicate'],
  ])('refuses %s with a 400 naming the field, changing nothing', async (_what, panels, field, code) => {
    const res = await layout({ panels: panels([...entries.map((e) => e.id), rejected]) });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, code })]));
    expect((await h.db.query(`SELECT count(*)::int AS n FROM "nomination"."edition_panel"`))[0].n).toBe(0);
  });

  it('lets only the edition’s admins lay out panels, and only the jury and admins read them', async () => {
    expect((await layout({ panels: [] }, tokens.demakAdmin)).status).toBe(403);
    expect((await layout({ panels: [] }, juror('juror-undip'))).status).toBe(403);
    expect((await h.request('GET', `/editions/${editionId}/panels`, { token: tokens.staff(entries[1].agencyId) })).status).toBe(403);
    expect((await h.request('GET', `/editions/${editionId}/panels`, { token: juror('juror-pers') })).status).toBe(200);
  });

  it('splits the three jurors into two panels, each scoring its own entries (the Kudus 2022 story)', async () => {
    const res = await layout({
      panels: [
        { name: 'Panel A', jurorIds: ['juror-undip', 'juror-umk'], entryIds: [entries[0].id, entries[1].id] },
        { name: 'Panel B', jurorIds: ['juror-pers'], entryIds: [entries[2].id, entries[3].id] },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.panels.map((p: any) => [p.name, p.jurorIds, p.entryIds])).toEqual([
      ['Panel A', ['juror-undip', 'juror-umk'], [entries[0].id, entries[1].id]],
      ['Panel B', ['juror-pers'], [entries[2].id, entries[3].id]],
    ]);
    expect(res.body.unassignedEntries).toBe(0);
    const [event] = await h.db.query(`SELECT envelope FROM "nomination"."outbox" WHERE type = 'competition.panels-changed'`);
    expect(event.envelope.payload.panels.map((p: any) => [p.name, p.jurorIds, p.entries])).toEqual([
      ['Panel A', ['juror-undip', 'juror-umk'], 2],
      ['Panel B', ['juror-pers'], 2],
    ]);
    const jurors = (await h.request('GET', `/editions/${editionId}/jurors`, { token: tokens.kudusAdmin })).body;
    expect(jurors.find((j: any) => j.jurorId === 'juror-pers').panelId).toBe(res.body.panels[1].id);
    expect((await h.request('GET', `/entries/${entries[2].id}`, { token: tokens.kudusAdmin })).body.panelId).toBe(res.body.panels[1].id);
  });

  it("refuses a juror's scores on another panel's entry (403) and counts only the panel's jurors", async () => {
    const wrong = await score(entries[2].id, 'juror-undip', 90);
    expect(wrong.status).toBe(403);
    expect(wrong.body.message).toMatch(/not on the panel/);
    // Panel A is strict, panel B generous.
    expect((await score(entries[0].id, 'juror-undip', 70)).status).toBe(200);
    await score(entries[0].id, 'juror-umk', 74); // 72
    await score(entries[1].id, 'juror-undip', 60);
    await score(entries[1].id, 'juror-umk', 62); // 61
    await score(entries[2].id, 'juror-pers', 85);
    const last = await score(entries[3].id, 'juror-pers', 80);
    expect(last.body).toMatchObject({ proposalScore: 80, proposalJurors: 1 });
    // each juror's list says which entries are theirs to judge
    const theirs = async (sub: string) => (await h.request('GET', `/editions/${editionId}/entries?state=scored`, { token: juror(sub) })).body.map((e: any) => e.yoursToJudge);
    expect(await theirs('juror-undip')).toEqual([true, true, false, false]);
    expect(await theirs('juror-pers')).toEqual([false, false, true, true]);
    expect((await h.request('GET', `/entries/${entries[0].id}`, { token: juror('juror-pers') })).body.yoursToJudge).toBe(false);
  });

  it('ranks across panels by the score centred on each panel, the panel score beside it', async () => {
    const rows = (await h.request('GET', `/editions/${editionId}/ranking`, { token: tokens.kudusAdmin })).body.rows;
    // all: 74.5; panel A: 66.5 (+8); panel B: 82.5 (−8)
    expect(rows.map((r: any) => [r.entryId, r.rank, r.score, r.panelScore])).toEqual([
      [entries[0].id, 1, 80, 72],
      [entries[2].id, 2, 77, 85],
      [entries[3].id, 3, 72, 80],
      [entries[1].id, 4, 69, 61],
    ]);
  });

  it('refuses (409) a layout that takes a scored entry away from its jurors, and keeps a panel’s id through a rename', async () => {
    const current = (await h.request('GET', `/editions/${editionId}/panels`, { token: tokens.kudusAdmin })).body.panels;
    const moved = await layout({
      panels: [
        { id: current[0].id, name: 'Panel A', jurorIds: ['juror-undip', 'juror-umk'], entryIds: [entries[0].id, entries[1].id, entries[2].id] },
        { id: current[1].id, name: 'Panel B', jurorIds: ['juror-pers'], entryIds: [entries[3].id] },
      ],
    });
    expect(moved.status).toBe(409);
    expect(moved.body.message).toMatch(/Wartawan Suara Merdeka/);
    // swapping the names of two kept panels is a rename, not a clash
    const renamed = await layout({
      panels: [
        { id: current[0].id, name: 'Panel B', jurorIds: ['juror-undip', 'juror-umk'], entryIds: [entries[0].id, entries[1].id] },
        { id: current[1].id, name: 'Panel A', jurorIds: ['juror-pers', 'juror-dinas'], entryIds: [entries[2].id, entries[3].id] },
      ],
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.panels.map((p: any) => [p.id, p.name])).toEqual([
      [current[1].id, 'Panel A'],
      [current[0].id, 'Panel B'],
    ]);
    expect((await layout({ panels: [{ id: '6f1c1d7e-0000-4000-8000-000000000000', name: 'X', jurorIds: [], entryIds: [] }] })).status).toBe(400);
  });

  it('dissolves the panels: everyone back to the whole jury, the ranking the plain mean again', async () => {
    const res = await layout({ panels: [] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ panels: [], unassignedEntries: 4 });
    const rows = (await h.request('GET', `/editions/${editionId}/ranking`, { token: tokens.kudusAdmin })).body.rows;
    expect(rows.map((r: any) => [r.entryId, r.score, r.panelScore, r.panelId])).toEqual([
      [entries[2].id, 85, 85, null],
      [entries[3].id, 80, 80, null],
      [entries[0].id, 72, 72, null],
      [entries[1].id, 61, 61, null],
    ]);
    expect(await h.outboxTypes(editionId)).toEqual(expect.arrayContaining(['competition.panels-changed']));
    expect((await h.outboxTypes(editionId)).filter((t) => t === 'competition.panels-changed')).toHaveLength(3);
  });
});
