import { describe, expect, it } from 'vitest';
import type { Scope } from '../app/permissions.js';
import { competitionTasks, creatableLevels, entryActions, extendWindow, forwardTargets, kippSchedule, laterPhases, mayDecide, mayEnter, mayNameFinalists, maySeeScores, mayRunEdition, quotaLeft, validScore, weightedScore } from './competition-rules.js';
import type { Edition, Entry } from './competitions.types.js';
import { parseScore, scoresToSend } from './score-draft.js';

const KUDUS = '33.19';
const DEMAK = '33.21';
const kudusAdmin: Scope = { role: 'region-admin', region: KUDUS };
const demakAdmin: Scope = { role: 'region-admin', region: DEMAK };
const kudusStaff: Scope = { role: 'agency-staff', region: KUDUS, agency: 'dinkes-kudus' };
const demakStaff: Scope = { role: 'agency-staff', region: DEMAK, agency: 'dinkes-demak' };
const jateng: Scope = { role: 'province-admin', province: '33' };
const national: Scope = { role: 'national-admin' };
const juror: Scope = { role: 'juror', editions: ['kudus-2022'] };
const otherJuror: Scope = { role: 'juror', editions: ['demak-2022'] };

const kudus2022 = { id: 'kudus-2022', level: 'regency', ownerRegionCode: KUDUS, provinceCode: '33', phase: 'submission', decidedAt: null, year: 2022 } as const;
const entry = { state: 'submitted', regionCode: KUDUS, provinceCode: '33', agencyId: 'dinkes-kudus' } as const;
type Ed = Pick<Edition, 'id' | 'level' | 'ownerRegionCode' | 'phase' | 'decidedAt'>;
const inPhase = (phase: Edition['phase'], more: Partial<Ed> = {}): Ed => ({ ...kudus2022, phase, ...more });
const inState = (state: Entry['state']) => ({ ...entry, state });

describe('who runs an edition', () => {
  it.each([
    ['its region admin', kudusAdmin, true],
    ['the province above it', jateng, true],
    ['a national admin', national, true],
    ['another region', demakAdmin, false],
    ['its agency staff', kudusStaff, false],
    ['its juror', juror, false],
  ] as const)('%s: %s', (_, scope, expected) => expect(mayRunEdition(scope, kudus2022)).toBe(expected));

  it('leaves a national edition to national admins', () => {
    expect(mayRunEdition(national, { level: 'national', ownerRegionCode: null })).toBe(true);
    expect(mayRunEdition(jateng, { level: 'national', ownerRegionCode: null })).toBe(false);
  });

  it('offers each admin the level it owns', () => {
    expect(creatableLevels(kudusAdmin)).toEqual([{ level: 'regency', owner: KUDUS }]);
    expect(creatableLevels(jateng)).toEqual([{ level: 'province', owner: '33' }]);
    expect(creatableLevels(national)).toEqual([{ level: 'national', owner: null }]);
    expect(creatableLevels(kudusStaff)).toEqual([]);
    expect(creatableLevels(juror)).toEqual([]);
  });
});

describe('phases', () => {
  const schedule = kippSchedule(2022);
  it('moves only forward, to scheduled phases, then closed', () => {
    expect(laterPhases({ phase: 'planned', schedule })).toEqual(['submission', 'administrative-check', 'scoring', 'presentation', 'decision', 'award', 'closed']);
    expect(laterPhases({ phase: 'scoring', schedule })).toEqual(['presentation', 'decision', 'award', 'closed']);
    expect(laterPhases({ phase: 'award', schedule })).toEqual(['closed']);
    expect(laterPhases({ phase: 'closed', schedule })).toEqual([]);
  });

  it('fills the KIPP dates of a year, each phase after the one before', () => {
    expect(schedule[0]).toEqual({ phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-13' });
    for (let i = 1; i < schedule.length; i++) expect(schedule[i]!.startsOn > schedule[i - 1]!.endsOn).toBe(true);
  });
});

describe('extending a window', () => {
  const schedule = kippSchedule(2022);
  it('moves the phases after it as far as they would overlap, each keeping its length', () => {
    expect(extendWindow(schedule, 'submission', '2022-11-20')).toEqual([
      { phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-20' },
      { phase: 'administrative-check', startsOn: '2022-11-21', endsOn: '2022-11-23' },
      { phase: 'scoring', startsOn: '2022-11-24', endsOn: '2022-11-29' },
      { phase: 'presentation', startsOn: '2022-11-30', endsOn: '2022-12-04' },
    ]);
  });

  it('moves nothing else when there is room before the next phase', () => {
    expect(extendWindow(schedule, 'scoring', '2022-11-25')).toEqual([{ phase: 'scoring', startsOn: '2022-11-17', endsOn: '2022-11-25' }]);
    expect(extendWindow(schedule, 'scoring', '2022-11-22')).toEqual([]);
    expect(extendWindow(schedule, 'objection', '2022-11-25')).toEqual([]);
  });
});

describe('entering an innovation', () => {
  it.each([
    ['Kudus staff into Kudus, window open', kudusStaff, inPhase('submission'), true],
    ['the Kudus admin', kudusAdmin, inPhase('submission'), true],
    ['Demak staff into Kudus', demakStaff, inPhase('submission'), false],
    ['Kudus staff, window closed', kudusStaff, inPhase('scoring'), false],
    ['the province (it forwards, it does not enter)', jateng, inPhase('submission'), false],
    ['Kudus staff into Central Java', kudusStaff, inPhase('submission', { level: 'province', ownerRegionCode: '33' }), true],
    ['Kudus staff into the national edition', kudusStaff, inPhase('submission', { level: 'national', ownerRegionCode: null }), true],
  ] as const)('%s', (_, scope, edition, expected) => expect(mayEnter(scope, edition)).toBe(expected));
});

describe("an entry's actions: every state x who, in its phase", () => {
  it.each([
    // The administrative check: the admin admits, returns or rejects a submitted entry.
    ['admin, check, submitted', kudusAdmin, inPhase('administrative-check'), 'submitted', ['admit', 'return', 'reject', 'withdraw']],
    ['admin, check, returned', kudusAdmin, inPhase('administrative-check'), 'returned', ['edit-proposal', 'reject', 'withdraw']],
    // The agency writes its draft, and corrects a returned entry while the check lasts.
    ['its staff, submission, draft', kudusStaff, inPhase('submission'), 'draft', ['edit-proposal', 'withdraw']],
    ['its staff, check, returned', kudusStaff, inPhase('administrative-check'), 'returned', ['edit-proposal', 'withdraw']],
    ['its staff, scoring, returned (too late)', kudusStaff, inPhase('scoring'), 'returned', ['withdraw']],
    ['another agency, draft', { ...kudusStaff, agency: 'bappeda-kudus' }, inPhase('submission'), 'draft', []],
    ['admin, scoring, submitted (the check is over)', kudusAdmin, inPhase('scoring'), 'submitted', ['withdraw']],
    ['another region, check', demakAdmin, inPhase('administrative-check'), 'submitted', []],
    ['its staff, check', kudusStaff, inPhase('administrative-check'), 'submitted', ['withdraw']],
    ['other staff of the region', { ...kudusStaff, agency: 'bappeda-kudus' }, inPhase('administrative-check'), 'submitted', []],
    // Scoring: only the edition's jurors, on admitted entries, in the scoring phase.
    ['juror, scoring, admitted', juror, inPhase('scoring'), 'admitted', ['score']],
    ['juror, scoring, scored (changes a mark)', juror, inPhase('scoring'), 'scored', ['score']],
    ['juror, scoring, rejected', juror, inPhase('scoring'), 'rejected', []],
    ['juror, check, admitted', juror, inPhase('administrative-check'), 'admitted', []],
    ['juror of another edition', otherJuror, inPhase('scoring'), 'admitted', []],
    // Finalists: objected to by anyone in the objection window, presented to the jurors in theirs.
    ['another region, objection, finalist', demakAdmin, inPhase('objection'), 'finalist', ['object']],
    ['its staff, objection, finalist', kudusStaff, inPhase('objection'), 'finalist', ['object', 'withdraw']],
    ['anyone, objection, scored (not a finalist)', demakAdmin, inPhase('objection'), 'scored', []],
    ['juror, presentation, finalist', juror, inPhase('presentation'), 'finalist', ['present']],
    ['juror, presentation, scored (not a finalist)', juror, inPhase('presentation'), 'scored', []],
    ['juror, field check, finalist', juror, inPhase('field-check'), 'finalist', ['field-check']],
    ['admin, field check, finalist (the jurors check)', kudusAdmin, inPhase('field-check'), 'finalist', ['withdraw']],
    // After the decision: winners are forwarded by the admins; nothing is withdrawn.
    ['admin, decided, winner', kudusAdmin, inPhase('award', { decidedAt: '2022-12-06T02:00:00Z' }), 'winner', ['forward']],
    ['province, decided, winner', jateng, inPhase('award', { decidedAt: '2022-12-06T02:00:00Z' }), 'winner', ['forward']],
    ['staff, decided, winner', kudusStaff, inPhase('award', { decidedAt: '2022-12-06T02:00:00Z' }), 'winner', []],
    ['admin, decided, not selected', kudusAdmin, inPhase('award', { decidedAt: '2022-12-06T02:00:00Z' }), 'not-selected', []],
  ] as const)('%s', (_, scope, edition, state, expected) => expect(entryActions(scope, edition, inState(state))).toEqual(expected));

  it("offers a juror nothing to judge on an entry the service says is not theirs (another panel's, their employer's)", () => {
    expect(entryActions(juror, inPhase('scoring'), { ...inState('admitted'), yoursToJudge: false })).toEqual([]);
    expect(entryActions(juror, inPhase('presentation'), { ...inState('finalist'), yoursToJudge: false })).toEqual([]);
    expect(entryActions(juror, inPhase('scoring'), { ...inState('admitted'), yoursToJudge: true })).toEqual(['score']);
  });

  it('records a national result by a national admin or the entry’s province, never forwards a national winner', () => {
    const nationalEdition = inPhase('award', { level: 'national', ownerRegionCode: null, decidedAt: '2023-09-01T00:00:00Z' });
    expect(entryActions(national, nationalEdition, inState('submitted'))).toEqual(['national-result']);
    expect(entryActions(jateng, nationalEdition, inState('winner'))).toEqual(['national-result']);
    expect(entryActions({ role: 'province-admin', province: '35' }, nationalEdition, inState('winner'))).toEqual([]);
  });
});

describe('scores and the decision', () => {
  it('shows scores to the jury and the admins before the decision, to everyone after', () => {
    expect(maySeeScores(kudusAdmin, inPhase('scoring'))).toBe(true);
    expect(maySeeScores(juror, inPhase('scoring'))).toBe(true);
    expect(maySeeScores(demakStaff, inPhase('scoring'))).toBe(false);
    expect(maySeeScores(kudusStaff, inPhase('scoring'))).toBe(false);
    expect(maySeeScores(demakStaff, inPhase('award', { decidedAt: '2022-12-06T02:00:00Z' }))).toBe(true);
  });

  it('offers naming the finalists once, from scored entries, in the scoring, objection or presentation phase', () => {
    const scored = [{ state: 'scored' }, { state: 'scored' }] as const;
    expect(mayNameFinalists(kudusAdmin, inPhase('scoring'), scored)).toBe(true);
    expect(mayNameFinalists(kudusAdmin, inPhase('presentation'), scored)).toBe(true);
    expect(mayNameFinalists(kudusAdmin, inPhase('decision'), scored)).toBe(false);
    expect(mayNameFinalists(kudusAdmin, inPhase('scoring'), [{ state: 'finalist' }, { state: 'scored' }])).toBe(false);
    expect(mayNameFinalists(kudusAdmin, inPhase('scoring'), [{ state: 'admitted' }])).toBe(false);
    expect(mayNameFinalists(juror, inPhase('scoring'), scored)).toBe(false);
  });

  it('offers the decision in its phase, once', () => {
    expect(mayDecide(kudusAdmin, inPhase('decision'))).toBe(true);
    expect(mayDecide(kudusAdmin, inPhase('scoring'))).toBe(false);
    expect(mayDecide(kudusAdmin, inPhase('decision', { decidedAt: '2022-12-06T02:00:00Z' }))).toBe(false);
    expect(mayDecide(juror, inPhase('decision'))).toBe(false);
  });

  it('weighs a complete sheet as the ranking does, and nothing for a partial one', () => {
    const criteria = [
      { code: 'significance', weight: 30 },
      { code: 'novelty', weight: 70 },
    ];
    expect(weightedScore(criteria, { significance: 80, novelty: 90 })).toBe(87);
    expect(weightedScore(criteria, { significance: 80 })).toBeNull();
  });

  it('takes scores 0-100 with at most two decimals, typed with a comma or a point', () => {
    expect([0, 100, 82.5, 82.25].every(validScore)).toBe(true);
    expect([-1, 100.5, 82.125, Number.NaN].some(validScore)).toBe(false);
    expect(parseScore('82,5')).toBe(82.5);
    expect(scoresToSend([{ code: 'a' }, { code: 'b' }, { code: 'c' }], { a: '80', b: ' ', c: '70,25', 'comment:c': ' Bukti kuat. ', 'comment:b': 'tanpa nilai' })).toEqual([
      { criterion: 'a', value: 80 },
      { criterion: 'c', value: 70.25, comment: 'Bukti kuat.' },
    ]);
  });
});

describe('forwarding winners', () => {
  const editions = [
    { id: 'jateng', level: 'province', ownerRegionCode: '33', phase: 'submission', year: 2022 },
    { id: 'jatim', level: 'province', ownerRegionCode: '35', phase: 'submission', year: 2022 },
    { id: 'jateng-closed', level: 'province', ownerRegionCode: '33', phase: 'scoring', year: 2022 },
    { id: 'nasional', level: 'national', ownerRegionCode: null, phase: 'submission', year: 2023 },
    { id: 'pati', level: 'regency', ownerRegionCode: '33.18', phase: 'submission', year: 2022 },
  ] as const;
  it("offers a regency's winner its own province's open edition and the national one", () => {
    expect(forwardTargets({ level: 'regency', provinceCode: '33' }, editions).map((e) => e.id)).toEqual(['jateng', 'nasional']);
    expect(forwardTargets({ level: 'province', provinceCode: '33' }, editions).map((e) => e.id)).toEqual(['nasional']);
    expect(forwardTargets({ level: 'national', provinceCode: null }, editions)).toEqual([]);
  });

  it('counts the places a region has left in the target', () => {
    const forwarded = (regionCode: string) => ({ sourceEntryId: 'src', regionCode, provinceCode: regionCode.slice(0, 2) });
    const target = [forwarded(KUDUS), forwarded(KUDUS), forwarded(DEMAK), { sourceEntryId: null, regionCode: KUDUS, provinceCode: '33' }];
    expect(quotaLeft({ forwardingQuota: 3 }, target, KUDUS)).toBe(1);
    expect(quotaLeft({ forwardingQuota: 2 }, target, KUDUS)).toBe(0);
    expect(quotaLeft({ forwardingQuota: 3 }, target, '33')).toBe(0);
    expect(quotaLeft({ forwardingQuota: null }, target, KUDUS)).toBeNull();
  });
});

describe('what waits on the home page', () => {
  const criteria = [
    { code: 'a', name: 'A', weight: 40 },
    { code: 'b', name: 'B', weight: 60 },
  ];
  const schedule = [
    { phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-13' },
    { phase: 'administrative-check', startsOn: '2022-11-14', endsOn: '2022-11-16' },
    { phase: 'scoring', startsOn: '2022-11-17', endsOn: '2022-11-22' },
    { phase: 'decision', startsOn: '2022-12-05', endsOn: '2022-12-09' },
  ] as Edition['schedule'];
  const edition = (phase: Edition['phase']) => ({ ...kudus2022, name: 'KIPP Kudus 2022', phase, schedule, criteria });
  const entryOf = (id: string, state: Entry['state'], more: Record<string, unknown> = {}) => ({ id, innovationName: `Inovasi ${id}`, state, agencyId: 'dinkes-kudus', regionCode: KUDUS, returnDeadline: null, ...more });
  const ref = { id: 'kudus-2022', name: 'KIPP Kudus 2022' };

  it("tells the admin the entries awaiting the check, and the check's window closing", () => {
    const entries = [entryOf('1', 'submitted'), entryOf('2', 'submitted'), entryOf('3', 'admitted')];
    expect(competitionTasks(kudusAdmin, [edition('administrative-check')], () => entries, '2022-11-14')).toEqual([
      { kind: 'to-check', edition: ref, count: 2 },
      { kind: 'closing', edition: ref, phase: 'administrative-check', endsOn: '2022-11-16', daysLeft: 2 },
    ]);
    // Another region's admin has nothing to do there.
    expect(competitionTasks(demakAdmin, [edition('administrative-check')], () => entries, '2022-11-14')).toEqual([]);
  });

  it('tells a juror how many entries they still have to score, and by when', () => {
    const entries = [entryOf('1', 'admitted', { yourCriteriaScored: 0 }), entryOf('2', 'scored', { yourCriteriaScored: 2 }), entryOf('3', 'scored', { yourCriteriaScored: 1 }), entryOf('4', 'rejected', { yourCriteriaScored: 0 })];
    expect(competitionTasks(juror, [edition('scoring')], () => entries, '2022-11-01')).toEqual([{ kind: 'to-score', edition: ref, count: 2, until: '2022-11-22' }]);
    expect(competitionTasks(otherJuror, [edition('scoring')], () => entries, '2022-11-20')).toEqual([]);
    // another panel's entries are not theirs to score
    const panelled = [entryOf('1', 'admitted', { yourCriteriaScored: 0, yoursToJudge: true }), entryOf('2', 'admitted', { yourCriteriaScored: 0, yoursToJudge: false })];
    expect(competitionTasks(juror, [edition('scoring')], () => panelled, '2022-11-01')).toEqual([{ kind: 'to-score', edition: ref, count: 1, until: '2022-11-22' }]);
  });

  it("tells an agency its returned entries and unsent drafts, never another agency's, and its window closing", () => {
    const entries = [entryOf('1', 'returned', { returnDeadline: '2022-11-16' }), entryOf('2', 'draft'), entryOf('3', 'returned', { agencyId: 'bappeda-kudus' })];
    expect(competitionTasks(kudusStaff, [edition('submission')], () => entries, '2022-11-10')).toEqual([
      { kind: 'to-correct', edition: ref, entry: { id: '1', innovationName: 'Inovasi 1' }, until: '2022-11-16' },
      { kind: 'draft', edition: ref, entry: { id: '2', innovationName: 'Inovasi 2' } },
      { kind: 'closing', edition: ref, phase: 'submission', endsOn: '2022-11-13', daysLeft: 3 },
    ]);
  });

  it('says nothing of a window long before it closes or after', () => {
    expect(competitionTasks(kudusStaff, [edition('submission')], () => [], '2022-10-20')).toEqual([]);
    expect(competitionTasks(kudusStaff, [edition('submission')], () => [], '2022-11-14')).toEqual([]);
  });
});
