import { JATENG_2022, kudusEdition, NominationHarness, seedScoredEdition, tokens, wib, type SeededEdition } from './nomination-test.fixtures.js';

describe('provincial tracking, lineage and CSV results (real PostgreSQL and Redis)', () => {
  let h: NominationHarness;
  let kudus: SeededEdition;
  let provinceEntryId: string;

  beforeAll(async () => {
    h = await NominationHarness.start();
    h.travelTo(wib('2022-12-06'));
    kudus = await seedScoredEdition(h, { count: 4, body: kudusEdition({ presentationWeight: 0, winnerCount: 2 }), leaveIn: 'decision' });
    await h.request('POST', `/editions/${kudus.id}/decision`, { token: tokens.kudusAdmin, body: {} });
    const jateng = await h.request('POST', '/editions', {
      token: tokens.jatengAdmin,
      body: { level: 'province', ownerRegionCode: '33', year: 2022, name: 'KIPP Jawa Tengah 2022', schedule: JATENG_2022, criteriaPreset: 'kipp-2023', forwardingQuota: 3, autoAdvance: false },
    });
    await h.request('POST', `/editions/${jateng.body.id}/phase`, { token: tokens.jatengAdmin, body: { phase: 'submission' } });
    provinceEntryId = (await h.request('POST', `/entries/${kudus.entries[0].id}/forward`, { token: tokens.kudusAdmin, body: { targetEditionId: jateng.body.id } })).body.id;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('shows every regency/city of Central Java with the funnel counts, Kudus’s entries followed to the province', async () => {
    const res = await h.request('GET', '/tracking?province=33&year=2022', { token: tokens.jatengAdmin });
    expect(res.status).toBe(200);
    expect(res.body.regions).toHaveLength(36); // 29 regencies, 6 cities, the province's own OPDs
    const kudusRow = res.body.regions.find((r: { regionCode: string }) => r.regionCode === '33.19');
    expect(kudusRow.regionName).toBe('Kabupaten Kudus');
    expect(kudusRow.counts).toMatchObject({ submitted: 4, admitted: 4, won: 2, forwarded: 1, atProvince: 1, atNational: 0 });
    expect(kudusRow.entries[0]).toMatchObject({ innovationId: kudus.entries[0].innovationId, regency: { rank: 1, state: 'winner' }, province: { entryId: provinceEntryId, state: 'submitted' }, reached: 'province:submitted' });
    expect(res.body.totals).toMatchObject({ submitted: 4, won: 2 });
    expect((await h.request('GET', '/tracking?province=33&year=2021', { token: tokens.jatengAdmin })).body.totals.submitted).toBe(0);
  });

  it('is for the province’s staff and national admins; a region admin sees its own region; bad input names the field', async () => {
    expect((await h.request('GET', '/tracking?province=33&year=2022', { token: tokens.nationalAdmin })).status).toBe(200);
    expect((await h.request('GET', '/tracking?province=33&year=2022', { token: tokens.jatimAdmin })).status).toBe(403);
    expect((await h.request('GET', '/tracking?province=33&year=2022', { token: tokens.staff(kudus.entries[0].agencyId) })).status).toBe(403);
    const own = await h.request('GET', '/tracking?province=33&year=2022', { token: tokens.demakAdmin });
    expect(own.body.regions.map((r: { regionCode: string }) => r.regionCode)).toEqual(['33.21']);
    expect((await h.request('GET', '/tracking?province=33&year=2022&region=33.19', { token: tokens.demakAdmin })).status).toBe(403);
    expect((await h.request('GET', '/tracking?province=Jateng&year=2022', { token: tokens.jatengAdmin })).body.errors[0].field).toBe('province');
    expect((await h.request('GET', '/tracking?province=33&year=next', { token: tokens.jatengAdmin })).body.errors[0].field).toBe('year');
  });

  it('gives the lineage of an entry from either end', async () => {
    for (const id of [kudus.entries[0].id, provinceEntryId]) {
      const res = await h.request('GET', `/entries/${id}/lineage`, { token: tokens.staff(kudus.entries[1].agencyId) });
      expect(res.body.steps.map((s: { level: string; entryId: string }) => [s.level, s.entryId])).toEqual([
        ['regency', kudus.entries[0].id],
        ['province', provinceEntryId],
      ]);
    }
  });

  it('shows every signed-in user the scores and ranks once the edition is decided', async () => {
    const res = await h.request('GET', `/editions/${kudus.id}/entries`, { token: tokens.demakAdmin });
    expect(res.body[0]).toMatchObject({ id: kudus.entries[0].id, state: 'winner', rank: 1, proposalScore: 90, proposalJurors: 3, finalScore: 90 });
    expect((await h.request('GET', `/entries/${kudus.entries[0].id}`, { token: tokens.demakAdmin })).body).toMatchObject({ rank: 1, proposalScore: 90 });
  });

  it('exports the edition’s results as CSV, winners first', async () => {
    const res = await h.request('GET', `/editions/${kudus.id}/results.csv`, { token: tokens.staff(kudus.entries[1].agencyId) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (res.body as string).trim().split('\n');
    expect(lines[0]).toBe('rank,state,entry_id,innovation_id,innovation_name,agency_name,region_code,category,proposal_score,proposal_jurors,presentation_score,final_score,rejection_reason,disqualification_reason,withdrawal_reason,forwarded_to,national_result,submitted_at');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(new RegExp(`^1,winner,${kudus.entries[0].id},.*,90,3,,90,,,,KIPP Jawa Tengah 2022,,`));
    expect(lines[3]).toMatch(/^,not-selected,/);
  });

  it('neutralises names a spreadsheet would run as formulas in the results CSV', async () => {
    const { body: edition } = await h.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition({ name: 'KIPP Kudus CSV' }) });
    await h.request('POST', `/editions/${edition.id}/phase`, { token: tokens.kudusAdmin, body: { phase: 'submission' } });
    const innovation = await h.innovation({ name: '=HYPERLINK("http://evil.example","Jos Pakk")', agencyName: '@SUM(1+1)' });
    const entered = await h.request('POST', `/editions/${edition.id}/entries`, { token: tokens.kudusAdmin, body: { innovationId: innovation.id } });
    await h.request('POST', `/entries/${entered.body.id}/admission`, { token: tokens.kudusAdmin, body: { decision: 'reject', reason: '-1+1 berkas kurang' } });
    const res = await h.request('GET', `/editions/${edition.id}/results.csv`, { token: tokens.kudusAdmin });
    expect(res.status).toBe(200);
    const cells = (res.body as string).trim().split('\n')[1];
    expect(cells).toContain(`"'=HYPERLINK(""http://evil.example"",""Jos Pakk"")"`);
    expect(cells).toContain(`,'@SUM(1+1),`);
    expect(cells).toContain(`,'-1+1 berkas kurang,`);
    expect(cells).not.toMatch(/,[=+\-@]/);
  });
});
