import {
  COMPETITION_PHASES,
  EDITION_PHASES,
  REQUIRED_PHASES,
  type CompetitionPhase,
  type EditionPhase,
  type FieldError,
  type PhaseWindow,
} from '@lumbung/contracts';

/** Competition calendars are set in Western Indonesia Time, where Central Java is. */
const WIB_OFFSET_MS = 7 * 3600 * 1000;

/** The calendar day (YYYY-MM-DD) of an instant in WIB. */
export function wibDate(at: Date): string {
  return new Date(at.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 10);
}

export function phaseIndex(phase: EditionPhase): number {
  return EDITION_PHASES.indexOf(phase);
}

/** The schedule in the canonical phase order (the one order phases can run in). */
export function ordered(schedule: readonly PhaseWindow[]): PhaseWindow[] {
  return [...schedule].sort((a, b) => COMPETITION_PHASES.indexOf(a.phase) - COMPETITION_PHASES.indexOf(b.phase));
}

/**
 * Problems with a schedule, each naming its field: the required phases, phases listed in their
 * running order, each ending on or after its start, each starting after the previous one ended.
 */
export function scheduleProblems(schedule: readonly PhaseWindow[]): FieldError[] {
  const problems: FieldError[] = [];
  const listed = schedule.map((w) => w.phase);
  for (const required of REQUIRED_PHASES) {
    if (!listed.includes(required)) problems.push({ field: 'schedule', messages: [`schedule must include the ${required} phase`] });
  }
  schedule.forEach((w, i) => {
    if (w.endsOn < w.startsOn) problems.push({ field: `schedule.${i}.endsOn`, messages: [`the ${w.phase} phase must not end before it starts`] });
    if (i === 0) return;
    const prev = schedule[i - 1];
    if (COMPETITION_PHASES.indexOf(w.phase) < COMPETITION_PHASES.indexOf(prev.phase)) {
      problems.push({ field: `schedule.${i}.phase`, messages: [`${w.phase} cannot come after ${prev.phase}; phases run in the order ${COMPETITION_PHASES.join(', ')}`] });
    } else if (w.startsOn <= prev.endsOn) {
      problems.push({ field: `schedule.${i}.startsOn`, messages: [`the ${w.phase} phase must start after the ${prev.phase} phase ends (${prev.endsOn})`] });
    }
  });
  return problems;
}

/**
 * The phase an edition should be in on `today` by its dates: planned before the first phase
 * starts, the last phase that has started, closed after the last phase ends. Between two phases
 * (a gap) the earlier one stays current; its window rules still see that its dates are over.
 */
export function duePhase(schedule: readonly PhaseWindow[], today: string): EditionPhase {
  const phases = ordered(schedule);
  if (phases.length === 0 || today < phases[0].startsOn) return 'planned';
  const last = phases[phases.length - 1];
  if (today > last.endsOn) return 'closed';
  let due: EditionPhase = phases[0].phase;
  for (const w of phases) if (w.startsOn <= today) due = w.phase;
  return due;
}

/** Why the edition cannot move from `current` to `target`, or null when it can. Never backwards. */
export function moveProblem(schedule: readonly PhaseWindow[], current: EditionPhase, target: EditionPhase): string | null {
  if (phaseIndex(target) <= phaseIndex(current)) return `the edition is in ${current}; phases never go back or repeat (asked for ${target})`;
  if (target !== 'closed' && !schedule.some((w) => w.phase === target)) return `${target} is not in this edition's schedule`;
  return null;
}

export interface PhasedEdition {
  phase: EditionPhase;
  autoAdvance: boolean;
  schedule: readonly PhaseWindow[];
}

/**
 * Whether a phase's window is open now. The phase is the truth; an edition run on its dates also
 * refuses once the phase's last day is over, so a late scheduler tick never lets a late entry in.
 */
export function windowProblem(edition: PhasedEdition, phase: CompetitionPhase, today: string): string | null {
  if (edition.phase !== phase) return `the ${phase} window is not open: the edition is in ${edition.phase}`;
  if (edition.autoAdvance) {
    const w = edition.schedule.find((s) => s.phase === phase);
    if (w && today > w.endsOn) return `the ${phase} window closed on ${w.endsOn}`;
  }
  return null;
}

export interface Reschedule {
  /** The schedule with the changes applied, in running order. */
  schedule: PhaseWindow[];
  /** Only the phases whose dates actually change. */
  changes: { phase: CompetitionPhase; before: PhaseWindow; after: PhaseWindow }[];
  /** Bad dates, each naming its field in the request (400). */
  problems: FieldError[];
  /** A phase that has already ended (409): what is over stays over. */
  conflict: string | null;
}

/**
 * Applies an admin's change of dates to an edition's schedule. Only a phase that has not ended may
 * change: its dates never go into the past, a started phase keeps its first day, and the schedule
 * afterwards still runs each phase after the one before it (scheduleProblems).
 */
export function reschedule(edition: PhasedEdition, requested: readonly PhaseWindow[], today: string): Reschedule {
  const problems: FieldError[] = [];
  const changes: Reschedule['changes'] = [];
  let conflict: string | null = null;
  const next = edition.schedule.map((w) => ({ ...w }));
  requested.forEach((r, i) => {
    const current = next.find((w) => w.phase === r.phase);
    if (!current) {
      problems.push({ field: `schedule.${i}.phase`, messages: [`${r.phase} is not in this edition's schedule`] });
      return;
    }
    const before = { ...current };
    const over = current.endsOn < today || phaseIndex(edition.phase) > phaseIndex(r.phase);
    if (over) {
      conflict ??= `the ${r.phase} phase ended on ${current.endsOn}${edition.phase !== r.phase ? ` and the edition is in ${edition.phase}` : ''}; what is over cannot move`;
      return;
    }
    const started = current.startsOn <= today || edition.phase === r.phase;
    if (started && r.startsOn !== current.startsOn) {
      problems.push({ field: `schedule.${i}.startsOn`, messages: [`the ${r.phase} phase started on ${current.startsOn}; its first day cannot move`] });
    } else if (!started && r.startsOn < today) {
      problems.push({ field: `schedule.${i}.startsOn`, messages: [`the ${r.phase} phase cannot move into the past (today is ${today})`] });
    }
    if (r.endsOn < today) problems.push({ field: `schedule.${i}.endsOn`, messages: [`the ${r.phase} phase cannot end in the past (today is ${today})`] });
    if (r.endsOn < r.startsOn) problems.push({ field: `schedule.${i}.endsOn`, messages: [`the ${r.phase} phase must not end before it starts`] });
    current.startsOn = r.startsOn;
    current.endsOn = r.endsOn;
    if (before.startsOn !== r.startsOn || before.endsOn !== r.endsOn) changes.push({ phase: r.phase, before, after: { phase: r.phase, startsOn: r.startsOn, endsOn: r.endsOn } });
  });
  const schedule = ordered(next);
  if (problems.length === 0 && !conflict) {
    // Order problems of the new schedule, blamed on the requested phase they involve.
    for (const p of scheduleProblems(schedule)) {
      const phase = schedule[Number(p.field.split('.')[1])]?.phase;
      const i = requested.findIndex((r) => r.phase === phase);
      const prev = schedule[schedule.findIndex((w) => w.phase === phase) - 1]?.phase;
      const j = i >= 0 ? i : requested.findIndex((r) => r.phase === prev);
      problems.push({ field: i >= 0 ? `schedule.${i}.startsOn` : j >= 0 ? `schedule.${j}.endsOn` : 'schedule', messages: p.messages });
    }
    if (problems.length === 0 && changes.length === 0) problems.push({ field: 'schedule', messages: ['these are the dates already in force: nothing changes'] });
  }
  return { schedule, changes, problems, conflict };
}

/** Days from one calendar date to another ("2022-11-10" → "2022-11-13" is 3). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The reminders due today for a window ending on `endsOn`: each configured day-before that has
 * been reached and the window not yet over. All reached days are due (a tick missed while the
 * service was down still counts them as sent), and the event says the days actually left.
 */
export function dueReminderDays(endsOn: string, today: string, daysBefore: readonly number[]): { daysLeft: number; reached: number[] } {
  const daysLeft = daysBetween(today, endsOn);
  return { daysLeft, reached: daysLeft < 0 ? [] : daysBefore.filter((d) => daysLeft <= d).sort((a, b) => b - a) };
}
