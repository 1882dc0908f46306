import { expectEventually } from '@lumbung/testing';
import { EditionsService } from '../src/editions/editions.service.js';
import { kudusEdition, NominationHarness, tokens, wib } from './nomination-test.fixtures.js';

describe('changing an edition while it runs (real PostgreSQL and Redis)', () => {
  let h: NominationHarness;
  let editionId: string;
  const patch = (path: string, body: unknown, token = tokens.kudusAdmin) => h.request('PATCH', `/editions/${editionId}${path}`, { token, body });
  const phaseOf = async (id = editionId) => (await h.request('GET', `/editions/${id}`, { token: tokens.kudusAdmin })).body.phase as string;
  // KIPP 2023 style: the window is extended by seven days at an OPD's request, and the phases after it move along.
  const extension = {
    reason: 'Perpanjangan tujuh hari atas permintaan OPD',
    schedule: [
      { phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-20' },
      { phase: 'administrative-check', startsOn: '2022-11-21', endsOn: '2022-11-22' },
      { phase: 'scoring', startsOn: '2022-11-23', endsOn: '2022-11-26' },
      { phase: 'objection', startsOn: '2022-11-27', endsOn: '2022-11-27' },
    ],
  };

  beforeAll(async () => {
    h = await NominationHarness.start();
    h.travelTo(wib('2022-10-20'));
    editionId = (await h.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition({ autoAdvance: true }) })).body.id;
    await expectEventually(async () => expect(await phaseOf()).toBe('submission'));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses bad changes, each naming its field (400), and other regions (403), changing nothing', async () => {
    h.travelTo(wib('2022-11-10'));
    const before = (await h.request('GET', `/editions/${editionId}`, { token: tokens.kudusAdmin })).body.schedule;
    const cases: [unknown, string, RegExp][] = [
      [{ schedule: extension.schedule }, 'reason', /reason/],
      [{ ...extension, schedule: [{ phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-20' }] }, 'schedule.0.endsOn', /must start after the submission phase ends/],
      [{ ...extension, schedule: [{ phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-09' }] }, 'schedule.0.endsOn', /cannot end in the past/],
      [{ ...extension, schedule: [{ phase: 'submission', startsOn: '2022-10-15', endsOn: '2022-11-13' }] }, 'schedule.0.startsOn', /first day cannot move/],
      [{ ...extension, schedule: [{ phase: 'scoring', startsOn: '2022-11-01', endsOn: '2022-11-22' }] }, 'schedule.0.startsOn', /into the past/],
      [{ ...extension, schedule: [{ phase: 'decision', startsOn: '2022-11-30', endsOn: '2022-12-09' }] }, 'schedule.0.startsOn', /after the presentation phase ends/],
      [{ ...extension, schedule: [{ phase: 'field-check', startsOn: '2022-12-03', endsOn: '2022-12-04' }] }, 'schedule.0.phase', /not in this edition's schedule/],
      [{ ...extension, schedule: [{ phase: 'award', startsOn: '2022-12-29', endsOn: '2022-12-29' }] }, 'schedule', /nothing changes/],
    ];
    for (const [body, field, message] of cases) {
      const res = await patch('/schedule', body);
      expect(res.status).toBe(400);
      expect(res.body.errors.find((e: { field: string }) => e.field === field)?.messages.join(' ')).toMatch(message);
    }
    expect((await patch('/schedule', extension, tokens.demakAdmin)).status).toBe(403);
    expect((await h.request('GET', `/editions/${editionId}`, { token: tokens.kudusAdmin })).body.schedule).toEqual(before);
    expect(await h.outboxTypes(editionId)).not.toContain('competition.schedule-changed');
  });

  it('extends the open window with a reason; competition.schedule-changed carries the old and new dates', async () => {
    const res = await patch('/schedule', extension);
    expect(res.status).toBe(200);
    expect(res.body.schedule.slice(0, 4)).toEqual(extension.schedule);
    expect(res.body.schedule[4]).toEqual({ phase: 'presentation', startsOn: '2022-11-28', endsOn: '2022-12-02' });
    const [{ envelope }] = await h.db.query(`SELECT envelope FROM "nomination"."outbox" WHERE type = 'competition.schedule-changed' AND envelope->>'aggregateId' = $1`, [editionId]);
    expect(envelope.aggregateVersion).toBe(res.body.version);
    expect(envelope.payload.reason).toBe(extension.reason);
    expect(envelope.payload.changes.map((c: { phase: string; before: { endsOn: string }; after: { endsOn: string } }) => [c.phase, c.before.endsOn, c.after.endsOn])).toEqual([
      ['submission', '2022-11-13', '2022-11-20'],
      ['administrative-check', '2022-11-16', '2022-11-22'],
      ['scoring', '2022-11-22', '2022-11-26'],
      ['objection', '2022-11-27', '2022-11-27'],
    ]);
  });

  it('keeps the window open past its old last day: entries are taken and the scheduler follows the new dates', async () => {
    h.travelTo(wib('2022-11-16'));
    expect(await h.svc.app.get(EditionsService).advanceDue()).toBe(0);
    expect(await phaseOf()).toBe('submission');
    const innovation = await h.innovation({ name: 'Entri setelah perpanjangan' });
    expect((await h.request('POST', `/editions/${editionId}/entries`, { token: tokens.staff(innovation.agencyId), body: { innovationId: innovation.id } })).status).toBe(201);
    h.travelTo(wib('2022-11-21'));
    await expectEventually(async () => expect(await phaseOf()).toBe('administrative-check'));
  });

  it('never moves a phase that is over (409)', async () => {
    const res = await patch('/schedule', { reason: 'Terlambat', schedule: [{ phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-25' }] });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/ended on 2022-11-20/);
  });

  it('lets the admin change criteria, weights and eligibility until the window opens, and not after', async () => {
    const planned = (await h.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition({ name: 'KIPP Kudus 2023', year: 2023, schedule: [
      { phase: 'submission', startsOn: '2023-10-02', endsOn: '2023-10-31' },
      { phase: 'scoring', startsOn: '2023-11-06', endsOn: '2023-11-10' },
      { phase: 'decision', startsOn: '2023-11-20', endsOn: '2023-11-24' },
    ] }) })).body;
    const rules = (body: unknown, token = tokens.kudusAdmin) => h.request('PATCH', `/editions/${planned.id}/rules`, { token, body });
    const criteria = [
      { code: 'kebaruan', name: 'Kebaruan', weight: 40 },
      { code: 'manfaat', name: 'Manfaat', weight: 60 },
    ];
    expect((await rules({ criteria: [{ ...criteria[0] }, { ...criteria[1], weight: 50 }] })).body.errors[0].field).toBe('criteria');
    expect((await rules({ reason: 'nothing' })).body.errors[0].field).toBe('criteria');
    expect((await rules({ criteria }, tokens.demakAdmin)).status).toBe(403);
    const changed = await rules({ criteria, eligibility: { minAgeYears: 2 }, reason: 'Juknis 2023' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ criteria, eligibility: { minAgeYears: 2, entriesPerAgency: 1 } });
    expect(await h.outboxTypes(planned.id)).toEqual(['competition.created', 'competition.rules-changed']);
    await h.request('POST', `/editions/${planned.id}/phase`, { token: tokens.kudusAdmin, body: { phase: 'submission' } });
    const late = await rules({ eligibility: { minAgeYears: 0 } });
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/until the submission window opens/);
  });
});
