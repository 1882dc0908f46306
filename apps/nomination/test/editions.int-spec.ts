import { KIPP_2023_CRITERIA } from '@lumbung/contracts';
import { expectEventually } from '@lumbung/testing';
import { JATENG, KUDUS, KUDUS_2022, kudusEdition, NominationHarness, tokens, wib } from './nomination-test.fixtures.js';

describe('competition editions (real PostgreSQL and Redis)', () => {
  let h: NominationHarness;
  beforeAll(async () => {
    h = await NominationHarness.start();
  });
  afterAll(async () => {
    await h?.close();
  });

  const editionCount = async () => (await h.db.query(`SELECT count(*)::int AS n FROM "nomination"."edition"`))[0].n as number;

  it('sets up the Kudus 2022 edition with the 2023 national weights as a preset, planned, and emits competition.created', async () => {
    const res = await h.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      level: 'regency',
      ownerRegionCode: KUDUS,
      provinceCode: JATENG,
      year: 2022,
      phase: 'planned',
      criteria: KIPP_2023_CRITERIA,
      eligibility: { minAgeYears: 1, requiredStage: null, entriesPerAgency: 1, previousWinnersAllowed: true },
      winnerCount: 3,
      version: 1,
    });
    expect(res.body.criteria.reduce((s: number, c: { weight: number }) => s + c.weight, 0)).toBe(100);
    expect(await h.outboxTypes(res.body.id)).toEqual(['competition.created']);
    const got = await h.request('GET', `/editions/${res.body.id}`, { token: tokens.staff('00000000-0000-4000-8000-000000000001') });
    expect(got.body).toMatchObject({ id: res.body.id, entryCounts: {} });
  });

  it.each([
    ['weights that do not sum to 100', { criteriaPreset: undefined, criteria: [{ code: 'a', name: 'A', weight: 60 }, { code: 'b', name: 'B', weight: 30 }] }, 'criteria', /sum to 100/],
    ['a repeated criterion', { criteriaPreset: undefined, criteria: [{ code: 'a', name: 'A', weight: 50 }, { code: 'a', name: 'B', weight: 50 }] }, 'criteria', /repeat/],
    ['both criteria and a preset', { criteria: [{ code: 'a', name: 'A', weight: 100 }] }, 'criteria', /either/],
    ['a weight of 0', { criteriaPreset: undefined, criteria: [{ code: 'a', name: 'A', weight: 0 }, { code: 'b', name: 'B', weight: 100 }] }, 'criteria.0.weight', /weight/],
    ['an unknown preset', { criteriaPreset: 'kipp-1999' }, 'criteriaPreset', /criteriaPreset/],
    ['a schedule without scoring', { schedule: KUDUS_2022.filter((w) => w.phase !== 'scoring') }, 'schedule', /scoring/],
    ['a phase ending before it starts', { schedule: [{ ...KUDUS_2022[0], endsOn: '2022-10-01' }, ...KUDUS_2022.slice(1)] }, 'schedule.0.endsOn', /end before/],
    ['overlapping phases', { schedule: [KUDUS_2022[0], { ...KUDUS_2022[1], startsOn: '2022-11-13' }, ...KUDUS_2022.slice(2)] }, 'schedule.1.startsOn', /after/],
    ['a bad date', { schedule: [{ ...KUDUS_2022[0], startsOn: '2022-02-30' }, ...KUDUS_2022.slice(1)] }, 'schedule.0.startsOn', /YYYY-MM-DD/],
    ['a province code for a regency edition', { ownerRegionCode: '33' }, 'ownerRegionCode', /regency\/city code/],
    ['an unknown region', { ownerRegionCode: '33.99' }, 'ownerRegionCode', /No region/],
    ['an unknown property', { prize: 'mobil' }, 'prize', /should not exist/],
  ])('refuses %s with a 400 naming the field, and creates nothing', async (_what, changes, field, message) => {
    const before = await editionCount();
    const res = await h.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition(changes) });
    expect(res.status).toBe(400);
    const error = res.body.errors.find((e: { field: string }) => e.field === field);
    expect(error?.messages.join(' ')).toMatch(message);
    expect(await editionCount()).toBe(before);
  });

  it("refuses an edition for another region's admin (403) and a national edition to anyone but a national admin", async () => {
    expect((await h.request('POST', '/editions', { token: tokens.demakAdmin, body: kudusEdition() })).status).toBe(403);
    const national = kudusEdition({ level: 'national', ownerRegionCode: undefined, name: 'KIPP 2023', year: 2023 });
    expect((await h.request('POST', '/editions', { token: tokens.jatengAdmin, body: national })).status).toBe(403);
    expect((await h.request('POST', '/editions', { token: tokens.nationalAdmin, body: national })).status).toBe(201);
    expect((await h.request('POST', '/editions', { body: national })).status).toBe(401);
  });

  it('moves forward by the admin, skipping optional phases, and never backwards', async () => {
    const { body: edition } = await h.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition() });
    const move = (phase: string, token = tokens.kudusAdmin) => h.request('POST', `/editions/${edition.id}/phase`, { token, body: { phase } });
    expect((await move('submission')).body).toMatchObject({ phase: 'submission', version: 3 });
    expect((await move('scoring')).body.phase).toBe('scoring');
    const back = await move('submission');
    expect(back.status).toBe(409);
    expect(back.body.message).toMatch(/never go back/);
    expect((await move('scoring')).status).toBe(409);
    expect((await move('field-check')).status).toBe(409);
    expect((await move('decision', tokens.demakAdmin)).status).toBe(403);
    expect((await move('someday')).status).toBe(400);
    expect(await h.outboxTypes(edition.id)).toEqual(['competition.created', 'competition.phase-changed', 'competition.opened', 'competition.phase-changed']);
  });

  it('advances an edition on its dates through the scheduled job, and an admin who moved ahead stays ahead', async () => {
    h.travelTo(wib('2022-10-01'));
    const { body: dated } = await h.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition({ autoAdvance: true, name: 'KIPP Kudus 2022 (dated)' }) });
    const { body: ahead } = await h.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition({ autoAdvance: true, name: 'KIPP Kudus 2022 (ahead)' }) });
    const phaseOf = async (id: string) => (await h.request('GET', `/editions/${id}`, { token: tokens.kudusAdmin })).body.phase;

    await h.request('POST', `/editions/${ahead.id}/phase`, { token: tokens.kudusAdmin, body: { phase: 'submission' } });
    await h.request('POST', `/editions/${ahead.id}/phase`, { token: tokens.kudusAdmin, body: { phase: 'scoring' } });

    h.travelTo(wib('2022-10-13'));
    await expectEventually(async () => expect(await phaseOf(dated.id)).toBe('submission'));
    h.travelTo(wib('2022-11-18'));
    await expectEventually(async () => expect(await phaseOf(dated.id)).toBe('scoring'));
    expect(await phaseOf(ahead.id)).toBe('scoring');
    h.travelTo(wib('2022-12-01'));
    await expectEventually(async () => expect(await phaseOf(ahead.id)).toBe('presentation'));
    h.travelTo(wib('2023-01-02'));
    await expectEventually(async () => expect(await phaseOf(dated.id)).toBe('closed'));

    const moves = await h.db.query(
      `SELECT envelope->'payload'->>'fromPhase' AS "from", envelope->'payload'->>'toPhase' AS "to", envelope->'payload'->>'by' AS by
         FROM "nomination"."outbox" WHERE type = 'competition.phase-changed' AND envelope->>'aggregateId' = $1 ORDER BY seq`,
      [dated.id],
    );
    expect(moves).toEqual([
      { from: 'planned', to: 'submission', by: 'schedule' },
      { from: 'submission', to: 'scoring', by: 'schedule' },
      { from: 'scoring', to: 'presentation', by: 'schedule' },
      { from: 'presentation', to: 'closed', by: 'schedule' },
    ]);
  }, 60_000);

  it('lets the admin assign jurors and a juror declare their employment; others may not', async () => {
    const { body: edition } = await h.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition({ name: 'KIPP Kudus jurors' }) });
    const assign = await h.request('POST', `/editions/${edition.id}/jurors`, {
      token: tokens.kudusAdmin,
      body: { jurorId: 'juror-undip', name: 'Dr. Retno', affiliation: 'Universitas Diponegoro' },
    });
    expect(assign.status).toBe(201);
    expect((await h.request('POST', `/editions/${edition.id}/jurors`, { token: tokens.demakAdmin, body: { jurorId: 'x', name: 'X' } })).status).toBe(403);

    const declare = await h.request('PUT', `/editions/${edition.id}/jurors/me/employment`, { token: tokens.juror('juror-undip', [edition.id]), body: { regionCode: KUDUS } });
    expect(declare.body).toMatchObject({ jurorId: 'juror-undip', regionCode: null, declaredRegionCodes: [KUDUS] });
    expect((await h.request('PUT', `/editions/${edition.id}/jurors/me/employment`, { token: tokens.juror('juror-other', [edition.id]), body: { regionCode: KUDUS } })).status).toBe(403);
    expect((await h.request('PUT', `/editions/${edition.id}/jurors/me/employment`, { token: tokens.juror('juror-undip', []), body: { regionCode: KUDUS } })).status).toBe(403);
    const list = await h.request('GET', `/editions/${edition.id}/jurors`, { token: tokens.kudusAdmin });
    expect(list.body).toEqual([expect.objectContaining({ jurorId: 'juror-undip', affiliation: 'Universitas Diponegoro', declaredRegionCodes: [KUDUS] })]);
    expect(await h.outboxTypes(edition.id)).toEqual(['competition.created', 'competition.juror-assigned', 'competition.juror-assigned']);
  });
});
