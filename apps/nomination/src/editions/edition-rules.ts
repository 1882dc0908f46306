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
