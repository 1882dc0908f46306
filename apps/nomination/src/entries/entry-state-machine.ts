import type { EntryState, NationalResult } from '@lumbung/contracts';

/**
 * The state a national entry ends in once its national (KemenPANRB) result is recorded: the result
 * itself, so the entry, its lineage and the tracking view say how far it got; "not selected" is
 * the same not-selected as an edition's own decision.
 */
export function nationalResultState(result: NationalResult): EntryState {
  return result === 'not-selected' ? 'not-selected' : result;
}
