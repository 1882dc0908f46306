import { canManageRegion, mayManageAgencyData, provinceOf, type Scope } from '../app/permissions.js';
import type { Edition, Entry, EntryState, Level, Phase } from './competitions.types.js';

/**
 * What a user may do in a competition, as pure functions of their account, the edition and the
 * entry. They mirror the nomination service (edition-access.ts canRunEdition and maySeeScores,
 * entry-state-machine.ts, the controllers' roles and the check and scoring windows) so that a
 * button the API would refuse is not offered; the API stays the authority.
 */

/** The phases an edition may schedule, in their only order (COMPETITION_PHASES). */
export const PHASES = ['submission', 'administrative-check', 'scoring', 'objection', 'presentation', 'field-check', 'decision', 'award'] as const;
export type SchedulePhase = (typeof PHASES)[number];
export const REQUIRED_PHASES: readonly Phase[] = ['submission', 'scoring', 'decision'];
export const LEVELS: readonly Level[] = ['regency', 'province', 'national'];

type RunFacts = Pick<Edition, 'level' | 'ownerRegionCode'>;

/** The owner's admins run an edition, and those above them (canRunEdition). */
export function mayRunEdition(scope: Scope, edition: RunFacts): boolean {
  if (edition.level === 'national') return scope.role === 'national-admin';
  return !!edition.ownerRegionCode && canManageRegion(scope, edition.ownerRegionCode);
}

/** The levels an admin may set up an edition at, with the owner region each would have. */
export function creatableLevels(scope: Scope): { level: Level; owner: string | null }[] {
  switch (scope.role) {
    case 'region-admin':
      return scope.region ? [{ level: 'regency', owner: scope.region }] : [];
    case 'province-admin':
      return scope.province ? [{ level: 'province', owner: scope.province }] : [];
    case 'national-admin':
      return [{ level: 'national', owner: null }];
    default:
      return [];
  }
}

/** Whether the user is on the edition's jury: the token names it (the admin's assignment is checked by the API). */
export function isJurorOf(scope: Scope, editionId: string): boolean {
  return scope.role === 'juror' && (scope.editions ?? []).includes(editionId);
}

/** The phases the edition may still move to: the later scheduled ones, then closed; never backwards. */
export function laterPhases(edition: Pick<Edition, 'phase' | 'schedule'>): Phase[] {
  if (edition.phase === 'closed') return [];
  const scheduled = PHASES.filter((p) => edition.schedule.some((w) => w.phase === p));
  const from = edition.phase === 'planned' ? -1 : scheduled.indexOf(edition.phase as SchedulePhase);
  return [...scheduled.slice(from + 1), 'closed'];
}

/** Whether the user may enter an innovation now: the window is open and the edition takes entries from their area. */
export function mayEnter(scope: Scope, edition: Pick<Edition, 'phase' | 'level' | 'ownerRegionCode'>): boolean {
  if (edition.phase !== 'submission') return false;
  if (scope.role !== 'agency-staff' && scope.role !== 'region-admin') return false;
  if (!scope.region) return false;
  if (edition.level === 'regency') return edition.ownerRegionCode === scope.region;
  if (edition.level === 'province') return edition.ownerRegionCode === provinceOf(scope.region);
  return true;
}

/** The entry states still in the running (a withdrawal is allowed from them, before the decision). */
const IN_THE_RUNNING: readonly EntryState[] = ['draft', 'submitted', 'returned', 'admitted', 'scored', 'finalist'];
const CHECK_PHASES: readonly Phase[] = ['submission', 'administrative-check'];

export type EntryAction = 'edit-proposal' | 'admit' | 'reject' | 'return' | 'score' | 'present' | 'field-check' | 'object' | 'forward' | 'national-result' | 'withdraw';

type EntryFacts = Pick<Entry, 'state' | 'regionCode' | 'provinceCode' | 'agencyId'> & { yoursToJudge?: boolean | null };
type EditionFacts = Pick<Edition, 'id' | 'phase' | 'level' | 'ownerRegionCode' | 'decidedAt'>;

/** Which of an entry's actions the user may take now. */
export function entryActions(scope: Scope, edition: EditionFacts, entry: EntryFacts): EntryAction[] {
  const actions: EntryAction[] = [];
  const runs = mayRunEdition(scope, edition);
  const ownAgency = scope.role !== 'juror' && mayManageAgencyData(scope, entry.regionCode, entry.agencyId);
  // The agency writes its draft's proposal, and corrects a returned entry while the check lasts.
  if (ownAgency && !edition.decidedAt && (entry.state === 'draft' || (entry.state === 'returned' && CHECK_PHASES.includes(edition.phase)))) actions.push('edit-proposal');
  if (runs && CHECK_PHASES.includes(edition.phase)) {
    if (entry.state === 'submitted') actions.push('admit', 'return');
    if (entry.state === 'submitted' || entry.state === 'returned') actions.push('reject');
  }
  // The service says whether the entry is this juror's to judge (their panel's, not their employer's).
  const judges = isJurorOf(scope, edition.id) && entry.yoursToJudge !== false;
  if (judges && edition.phase === 'scoring' && (entry.state === 'admitted' || entry.state === 'scored')) actions.push('score');
  if (judges && edition.phase === 'presentation' && entry.state === 'finalist') actions.push('present');
  if (judges && edition.phase === 'field-check' && entry.state === 'finalist') actions.push('field-check');
  // Anyone signed in may object to a finalist while the objection window (sanggah) is open.
  if (edition.phase === 'objection' && entry.state === 'finalist' && scope.role !== 'service') actions.push('object');
  if (runs && entry.state === 'winner' && edition.level !== 'national') actions.push('forward');
  if (
    edition.level === 'national' &&
    (scope.role === 'national-admin' || (scope.role === 'province-admin' && scope.province === entry.provinceCode)) &&
    ['submitted', 'admitted', 'scored', 'finalist', 'winner', 'not-selected', 'top-99', 'top-45', 'terpuji'].includes(entry.state)
  ) {
    actions.push('national-result');
  }
  if (!edition.decidedAt && IN_THE_RUNNING.includes(entry.state) && ownAgency) {
    actions.push('withdraw');
  }
  return actions;
}

/** Whether the user may see scores and ranks now: after the decision everyone, before it the jury and the admins (maySeeScores). */
export function maySeeScores(scope: Scope, edition: EditionFacts): boolean {
  return !!edition.decidedAt || mayRunEdition(scope, edition) || isJurorOf(scope, edition.id);
}

/** The phases in which the admin names the finalists (judging.service FINALIST_PHASES). */
const FINALIST_PHASES: readonly Phase[] = ['scoring', 'objection', 'presentation'];

/** Whether the admin may name the finalists now: once, from scored entries, in a finalist phase. */
export function mayNameFinalists(scope: Scope, edition: EditionFacts, entries: readonly Pick<Entry, 'state'>[]): boolean {
  const named = entries.some((e) => ['finalist', 'disqualified', 'winner', 'not-selected'].includes(e.state));
  return mayRunEdition(scope, edition) && FINALIST_PHASES.includes(edition.phase) && !edition.decidedAt && !named && entries.some((e) => e.state === 'scored');
}

/** Whether the admin may decide now: the decision phase, not yet decided. */
export function mayDecide(scope: Scope, edition: EditionFacts): boolean {
  return mayRunEdition(scope, edition) && edition.phase === 'decision' && !edition.decidedAt;
}

/**
 * Which editions a winner of `source` may be forwarded into (forwarding-rules.ts): a regency's
 * winner to its own province's edition or straight to the national one, a province's winner to the
 * national one; each with its submission window open.
 */
export function forwardTargets<E extends Pick<Edition, 'level' | 'ownerRegionCode' | 'phase' | 'year'>>(source: Pick<Edition, 'level' | 'provinceCode'>, editions: readonly E[]): E[] {
  return editions.filter((e) => {
    if (e.phase !== 'submission') return false;
    if (source.level === 'regency' && e.level === 'province') return e.ownerRegionCode === source.provinceCode;
    return (source.level === 'regency' || source.level === 'province') && e.level === 'national';
  });
}

/** The region a forwarded entry counts against in the target's quota: the source edition's owner. */
export function sourceRegionOf(source: Pick<Edition, 'ownerRegionCode'>, entry: Pick<Entry, 'regionCode'>): string {
  return source.ownerRegionCode ?? entry.regionCode;
}

/**
 * How many more entries a region may forward into the target (null: no quota). The service counts
 * the target's entries forwarded from that region; the console counts the same from the target's
 * entries it can see (forwarded ones are never drafts, so it sees them all).
 */
export function quotaLeft(target: Pick<Edition, 'forwardingQuota'>, targetEntries: readonly Pick<Entry, 'sourceEntryId' | 'regionCode' | 'provinceCode'>[], sourceRegion: string): number | null {
  if (target.forwardingQuota == null) return null;
  const fromRegion = (e: Pick<Entry, 'regionCode' | 'provinceCode'>) => (sourceRegion.length === 2 ? e.provinceCode === sourceRegion : e.regionCode === sourceRegion);
  const used = targetEntries.filter((e) => !!e.sourceEntryId && fromRegion(e)).length;
  return Math.max(0, target.forwardingQuota - used);
}

/** The weighted score of one juror's sheet as the ranking computes it, when every criterion has a value. */
export function weightedScore(criteria: readonly { code: string; weight: number }[], values: Readonly<Record<string, number | undefined>>): number | null {
  let sum = 0;
  for (const c of criteria) {
    const v = values[c.code];
    if (v === undefined || Number.isNaN(v)) return null;
    sum += (v * c.weight) / 100;
  }
  return Math.round(sum * 100) / 100;
}

/** A score as the API takes it: 0-100, at most two decimals. */
export function validScore(value: number): boolean {
  return Number.isFinite(value) && value >= 0 && value <= 100 && Math.round(value * 100) === value * 100;
}

/**
 * The KIPP schedule of a year as the 2023 guideline spaces it (juknis: submission from mid-October,
 * decision in early December), so an admin starts from dates that make sense and edits them.
 */
export function kippSchedule(year: number): { phase: SchedulePhase; startsOn: string; endsOn: string }[] {
  const d = (md: string) => `${year}-${md}`;
  return [
    { phase: 'submission', startsOn: d('10-13'), endsOn: d('11-13') },
    { phase: 'administrative-check', startsOn: d('11-14'), endsOn: d('11-16') },
    { phase: 'scoring', startsOn: d('11-17'), endsOn: d('11-22') },
    { phase: 'presentation', startsOn: d('11-28'), endsOn: d('12-02') },
    { phase: 'decision', startsOn: d('12-05'), endsOn: d('12-09') },
    { phase: 'award', startsOn: d('12-29'), endsOn: d('12-29') },
  ];
}

/** Days from one calendar date to another ("2022-11-10" → "2022-11-13" is 3). */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** How soon a closing window is worth a line on the home page. */
export const CLOSING_SOON_DAYS = 14;

export type CompetitionTask =
  | { kind: 'to-check'; edition: Pick<Edition, 'id' | 'name'>; count: number }
  | { kind: 'to-score'; edition: Pick<Edition, 'id' | 'name'>; count: number; until: string | null }
  | { kind: 'to-correct'; edition: Pick<Edition, 'id' | 'name'>; entry: Pick<Entry, 'id' | 'innovationName'>; until: string | null }
  | { kind: 'draft'; edition: Pick<Edition, 'id' | 'name'>; entry: Pick<Entry, 'id' | 'innovationName'> }
  | { kind: 'closing'; edition: Pick<Edition, 'id' | 'name'>; phase: Phase; endsOn: string; daysLeft: number };

type TaskEdition = Pick<Edition, 'id' | 'name' | 'phase' | 'level' | 'ownerRegionCode' | 'decidedAt' | 'schedule' | 'criteria'>;
type TaskEntry = Pick<Entry, 'id' | 'innovationName' | 'state' | 'agencyId' | 'regionCode' | 'returnDeadline'> & { yourCriteriaScored?: number | null; yoursToJudge?: boolean | null };

/**
 * What waits for the user in the competitions, for the home page: entries to check (the edition's
 * admins), entries still to score (its jurors), their own agency's returned entries and unsent
 * drafts (agency staff), and the windows of their editions that close within CLOSING_SOON_DAYS.
 */
export function competitionTasks(scope: Scope, editions: readonly TaskEdition[], entriesOf: (editionId: string) => readonly TaskEntry[] | undefined, today: string): CompetitionTask[] {
  const tasks: CompetitionTask[] = [];
  for (const edition of editions) {
    const entries = entriesOf(edition.id) ?? [];
    const window = edition.schedule.find((w) => w.phase === edition.phase);
    const ref = { id: edition.id, name: edition.name };
    const runs = mayRunEdition(scope, edition);
    const judges = isJurorOf(scope, edition.id);
    const enters = mayEnter(scope, edition) || (CHECK_PHASES.includes(edition.phase) && entries.some((e) => scope.role === 'agency-staff' && e.agencyId === scope.agency));
    if (runs && CHECK_PHASES.includes(edition.phase)) {
      const count = entries.filter((e) => e.state === 'submitted').length;
      if (count > 0) tasks.push({ kind: 'to-check', edition: ref, count });
    }
    if (judges && edition.phase === 'scoring') {
      const count = entries.filter((e) => (e.state === 'admitted' || e.state === 'scored') && e.yoursToJudge !== false && (e.yourCriteriaScored ?? 0) < edition.criteria.length).length;
      if (count > 0) tasks.push({ kind: 'to-score', edition: ref, count, until: window?.endsOn ?? null });
    }
    if (scope.role === 'agency-staff' || scope.role === 'region-admin') {
      for (const e of entries.filter((e) => mayManageAgencyData(scope, e.regionCode, e.agencyId))) {
        if (e.state === 'returned') tasks.push({ kind: 'to-correct', edition: ref, entry: { id: e.id, innovationName: e.innovationName }, until: e.returnDeadline ?? null });
        if (e.state === 'draft' && edition.phase === 'submission') tasks.push({ kind: 'draft', edition: ref, entry: { id: e.id, innovationName: e.innovationName } });
      }
    }
    if ((runs || judges || enters) && window && edition.phase !== 'closed') {
      const daysLeft = daysBetween(today, window.endsOn);
      if (daysLeft >= 0 && daysLeft <= CLOSING_SOON_DAYS) tasks.push({ kind: 'closing', edition: ref, phase: edition.phase, endsOn: window.endsOn, daysLeft });
    }
  }
  return tasks;
}

type Window = { phase: SchedulePhase; startsOn: string; endsOn: string };
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A phase's window extended (or shortened) to end on `endsOn`, and the phases after it moved
 * forward, each keeping its length, as far as they would otherwise start before the one before
 * them ends (the service refuses a schedule out of order). Returns the windows that change.
 */
export function extendWindow(schedule: readonly Window[], phase: SchedulePhase, endsOn: string): Window[] {
  const ordered = PHASES.flatMap((p) => schedule.filter((w) => w.phase === p));
  const at = ordered.findIndex((w) => w.phase === phase);
  if (at < 0) return [];
  const next = ordered.map((w) => ({ ...w }));
  next[at]!.endsOn = endsOn;
  for (let i = at + 1; i < next.length; i++) {
    const overlap = daysBetween(next[i]!.startsOn, next[i - 1]!.endsOn) + 1;
    if (overlap <= 0) break;
    next[i] = { ...next[i]!, startsOn: addDays(next[i]!.startsOn, overlap), endsOn: addDays(next[i]!.endsOn, overlap) };
  }
  return next.filter((w, i) => w.startsOn !== ordered[i]!.startsOn || w.endsOn !== ordered[i]!.endsOn);
}
