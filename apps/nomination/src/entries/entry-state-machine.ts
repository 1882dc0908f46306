import { ConflictException } from '@nestjs/common';
import type { EntryState, NationalResult } from '@lumbung/contracts';

/**
 * The entry state machine: for each action on an entry, the states it may start from and the state
 * it leaves. Every service asks transitionProblem before it changes an entry, so this table is the
 * one statement of which change is legal; an illegal one is a 409. Who may act, and in which phase,
 * is checked before (403) by the edition's access rules and window; the table test in
 * apps/nomination/test/entry-state-machine.int-spec.ts walks every state x action x caller over HTTP.
 */
export const ENTRY_ACTIONS = [
  'edit-proposal',
  'submit',
  'return',
  'resubmit',
  'withdraw',
  'admit',
  'reject',
  'score',
  'name-finalist',
  'object',
  'uphold-objection',
  'dismiss-objection',
  'present',
  'field-check',
  'win',
  'not-select',
  'forward',
  'record-national-result',
] as const;
export type EntryAction = (typeof ENTRY_ACTIONS)[number];

/** The states an entry has once its national (KemenPANRB) result is recorded. */
const NATIONAL_RESULT_STATES: readonly EntryState[] = ['top-99', 'top-45', 'terpuji'];

interface Transition {
  from: readonly EntryState[];
  /** The state the action leaves, given the state it started in. */
  to: (from: EntryState) => EntryState;
  /** Why the action cannot start from `state`, in the words users see. */
  refusal: (state: EntryState) => string;
}

const stays = (s: EntryState) => s;

export const ENTRY_TRANSITIONS: Record<EntryAction, Transition> = {
  // The agency writes its proposal while it is a draft, and corrects it while it is returned.
  'edit-proposal': { from: ['draft', 'returned'], to: stays, refusal: (s) => `its proposal is changed only as a draft or when returned for correction; it is ${s}` },
  submit: { from: ['draft'], to: () => 'submitted', refusal: (s) => `only a draft is submitted; it is ${s}` },
  return: { from: ['submitted'], to: () => 'returned', refusal: (s) => `only a submitted entry awaiting its check is returned for correction; it is ${s}` },
  resubmit: { from: ['returned'], to: () => 'submitted', refusal: (s) => `only an entry returned for correction is resubmitted; it is ${s}` },
  // Before the decision, whatever the check or the jury made of it so far.
  withdraw: { from: ['draft', 'submitted', 'returned', 'admitted', 'scored', 'finalist'], to: () => 'withdrawn', refusal: (s) => `it is ${s}; only an entry still in the running is withdrawn` },
  admit: { from: ['submitted'], to: () => 'admitted', refusal: (s) => `only a submitted entry is admitted; it is ${s}` },
  // A returned entry not resubmitted by its deadline can be rejected (the service refuses before the deadline).
  reject: { from: ['submitted', 'returned'], to: () => 'rejected', refusal: (s) => `only a submitted entry, or one returned and not corrected in time, is rejected; it is ${s}` },
  // A partial sheet leaves an admitted entry admitted; the ranking counts complete sheets only.
  score: { from: ['admitted', 'scored'], to: () => 'scored', refusal: (s) => `only admitted entries are scored; it is ${s}` },
  'name-finalist': { from: ['scored'], to: () => 'finalist', refusal: (s) => `only scored entries become finalists; it is ${s}` },
  object: { from: ['finalist'], to: stays, refusal: (s) => `objections are against finalists; it is ${s}` },
  // A second upheld objection against an already disqualified finalist changes nothing more.
  'uphold-objection': { from: ['finalist', 'disqualified'], to: () => 'disqualified', refusal: (s) => `objections are resolved on finalists; it is ${s}` },
  'dismiss-objection': { from: ['finalist', 'disqualified'], to: stays, refusal: (s) => `objections are resolved on finalists; it is ${s}` },
  present: { from: ['finalist'], to: stays, refusal: (s) => `only finalists present; it is ${s}` },
  'field-check': { from: ['finalist'], to: stays, refusal: (s) => `only finalists are checked in the field; it is ${s}` },
  win: { from: ['scored', 'finalist'], to: () => 'winner', refusal: (s) => `only scored entries and finalists can win; it is ${s}` },
  'not-select': { from: ['admitted', 'scored', 'finalist'], to: () => 'not-selected', refusal: (s) => `it is ${s}, not a candidate` },
  // Forwarding creates a linked entry in the next edition; the winner stays a winner.
  forward: { from: ['winner'], to: stays, refusal: (s) => `only winners are forwarded; it is ${s}` },
  // The national result ends the road; a recorded result can still be raised (NATIONAL_RESULTS order).
  'record-national-result': {
    from: ['submitted', 'admitted', 'scored', 'finalist', 'winner', 'not-selected', ...NATIONAL_RESULT_STATES],
    to: stays,
    refusal: (s) => `it is ${s}; it has no national result`,
  },
};

/** Why `action` cannot start from `state`, or null when it can. */
export function transitionProblem(action: EntryAction, state: EntryState): string | null {
  const t = ENTRY_TRANSITIONS[action];
  return t.from.includes(state) ? null : t.refusal(state);
}

/** Refuses an illegal change with a 409 naming the entry, or returns the state the action leaves. */
export function transition(action: EntryAction, entry: { id: string; innovationName: string; state: EntryState }): EntryState {
  const problem = transitionProblem(action, entry.state);
  if (problem) throw new ConflictException(`Cannot ${action.replace(/-/g, ' ')} ${entry.innovationName} (entry ${entry.id}): ${problem}`);
  return ENTRY_TRANSITIONS[action].to(entry.state);
}

/**
 * The state a national entry ends in once its national (KemenPANRB) result is recorded: the result
 * itself, so the entry, its lineage and the tracking view say how far it got; "not selected" is
 * the same not-selected as an edition's own decision.
 */
export function nationalResultState(result: NationalResult): EntryState {
  return result === 'not-selected' ? 'not-selected' : result;
}
