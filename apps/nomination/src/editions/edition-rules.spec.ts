import type { PhaseWindow } from '@lumbung/contracts';
import { duePhase, dueReminderDays, moveProblem, reschedule, scheduleProblems, wibDate, windowProblem } from './edition-rules.js';

const kudus2022: PhaseWindow[] = [
  { phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-13' },
  { phase: 'administrative-check', startsOn: '2022-11-14', endsOn: '2022-11-16' },
  { phase: 'scoring', startsOn: '2022-11-17', endsOn: '2022-11-22' },
  { phase: 'presentation', startsOn: '2022-11-28', endsOn: '2022-12-02' },
  { phase: 'decision', startsOn: '2022-12-05', endsOn: '2022-12-09' },
  { phase: 'award', startsOn: '2022-12-29', endsOn: '2022-12-29' },
];

describe('edition schedule rules', () => {
  it('accepts the Kudus 2022 calendar', () => {
    expect(scheduleProblems(kudus2022)).toEqual([]);
  });

  it('names each bad field of a schedule', () => {
    const bad: PhaseWindow[] = [
      { phase: 'scoring', startsOn: '2022-11-17', endsOn: '2022-11-10' },
      { phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-13' },
      { phase: 'award', startsOn: '2022-11-13', endsOn: '2022-11-20' },
    ];
    const fields = scheduleProblems(bad).map((p) => p.field);
    expect(fields).toEqual(['schedule', 'schedule.0.endsOn', 'schedule.1.phase', 'schedule.2.startsOn']);
    expect(scheduleProblems([kudus2022[0], kudus2022[2], { phase: 'decision', startsOn: '2022-11-22', endsOn: '2022-11-30' }]).map((p) => p.field)).toEqual([
      'schedule.2.startsOn',
    ]);
  });

  it('knows the phase due on a day, gaps and the ends included', () => {
    expect(duePhase(kudus2022, '2022-10-12')).toBe('planned');
    expect(duePhase(kudus2022, '2022-10-13')).toBe('submission');
    expect(duePhase(kudus2022, '2022-11-13')).toBe('submission');
    expect(duePhase(kudus2022, '2022-11-14')).toBe('administrative-check');
    expect(duePhase(kudus2022, '2022-11-25')).toBe('scoring');
    expect(duePhase(kudus2022, '2022-12-29')).toBe('award');
    expect(duePhase(kudus2022, '2022-12-30')).toBe('closed');
  });

  it('moves only forward, to scheduled phases or closed', () => {
    expect(moveProblem(kudus2022, 'submission', 'scoring')).toBeNull();
    expect(moveProblem(kudus2022, 'scoring', 'closed')).toBeNull();
    expect(moveProblem(kudus2022, 'scoring', 'submission')).toMatch(/never go back/);
    expect(moveProblem(kudus2022, 'scoring', 'scoring')).toMatch(/never go back/);
    expect(moveProblem(kudus2022, 'scoring', 'objection')).toMatch(/not in this edition's schedule/);
  });

  it('closes a window on its last day when the edition runs on its dates, not before', () => {
    const edition = { phase: 'submission' as const, autoAdvance: true, schedule: kudus2022 };
    expect(windowProblem(edition, 'submission', '2022-11-13')).toBeNull();
    expect(windowProblem(edition, 'submission', '2022-11-14')).toMatch(/closed on 2022-11-13/);
    expect(windowProblem({ ...edition, autoAdvance: false }, 'submission', '2023-01-01')).toBeNull();
    expect(windowProblem(edition, 'scoring', '2022-11-01')).toMatch(/edition is in submission/);
  });

  it('reads days in WIB', () => {
    expect(wibDate(new Date('2022-11-13T16:59:59Z'))).toBe('2022-11-13');
    expect(wibDate(new Date('2022-11-13T17:00:00Z'))).toBe('2022-11-14');
  });
});

describe('rescheduling a running edition', () => {
  const running = { phase: 'submission' as const, autoAdvance: true, schedule: kudus2022 };
  it('extends the open window and moves the phases after it, reporting only what changed', () => {
    const r = reschedule(running, [
      { phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-20' },
      { phase: 'administrative-check', startsOn: '2022-11-21', endsOn: '2022-11-23' },
      { phase: 'scoring', startsOn: '2022-11-24', endsOn: '2022-11-26' },
    ], '2022-11-10');
    expect(r.problems).toEqual([]);
    expect(r.conflict).toBeNull();
    expect(r.changes.map((c) => [c.phase, c.before.endsOn, c.after.endsOn])).toEqual([
      ['submission', '2022-11-13', '2022-11-20'],
      ['administrative-check', '2022-11-16', '2022-11-23'],
      ['scoring', '2022-11-22', '2022-11-26'],
    ]);
    expect(scheduleProblems(r.schedule)).toEqual([]);
  });

  it('refuses a window extended over the next phase, naming the field', () => {
    const r = reschedule(running, [{ phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-20' }], '2022-11-10');
    expect(r.problems.map((p) => p.field)).toEqual(['schedule.0.endsOn']);
    expect(r.problems[0].messages[0]).toMatch(/administrative-check phase must start after the submission phase ends/);
  });

  it('never moves into the past, never moves a started phase’s first day, never touches a phase that is over', () => {
    expect(reschedule(running, [{ phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-09' }], '2022-11-10').problems.map((p) => p.field)).toEqual(['schedule.0.endsOn']);
    expect(reschedule(running, [{ phase: 'submission', startsOn: '2022-10-20', endsOn: '2022-11-13' }], '2022-11-10').problems.map((p) => p.field)).toEqual(['schedule.0.startsOn']);
    expect(reschedule(running, [{ phase: 'scoring', startsOn: '2022-11-09', endsOn: '2022-11-22' }], '2022-11-10').problems[0].messages[0]).toMatch(/into the past/);
    const scoring = { ...running, phase: 'scoring' as const };
    expect(reschedule(scoring, [{ phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-30' }], '2022-11-18').conflict).toMatch(/ended on 2022-11-13/);
    expect(reschedule(running, [{ phase: 'objection', startsOn: '2022-11-23', endsOn: '2022-11-25' }], '2022-11-10').problems.map((p) => p.field)).toEqual(['schedule.0.phase']);
    expect(reschedule(running, [{ phase: 'award', startsOn: '2022-12-29', endsOn: '2022-12-29' }], '2022-11-10').problems[0].messages[0]).toMatch(/nothing changes/);
  });

  it('never moves a phase before the one before it', () => {
    const r = reschedule(running, [{ phase: 'decision', startsOn: '2022-12-01', endsOn: '2022-12-09' }], '2022-11-10');
    expect(r.problems.map((p) => p.field)).toEqual(['schedule.0.startsOn']);
    expect(r.problems[0].messages[0]).toMatch(/after the presentation phase ends/);
  });
});

describe('deadline reminders', () => {
  it('is due on each configured day before the last day, and on every one reached since', () => {
    expect(dueReminderDays('2022-11-13', '2022-11-01', [7, 1])).toEqual({ daysLeft: 12, reached: [] });
    expect(dueReminderDays('2022-11-13', '2022-11-06', [7, 1])).toEqual({ daysLeft: 7, reached: [7] });
    expect(dueReminderDays('2022-11-13', '2022-11-12', [7, 1])).toEqual({ daysLeft: 1, reached: [7, 1] });
    expect(dueReminderDays('2022-11-13', '2022-11-13', [1, 7])).toEqual({ daysLeft: 0, reached: [7, 1] });
    expect(dueReminderDays('2022-11-13', '2022-11-14', [7, 1])).toEqual({ daysLeft: -1, reached: [] });
  });
});
