import type { Entry, Juror } from './competitions.types.js';

export interface PanelDraft {
  id?: string;
  name: string;
  jurorIds: string[];
  entryIds: string[];
}

type JurorFacts = Pick<Juror, 'jurorId' | 'agencyId' | 'regionCode' | 'declaredAgencyIds' | 'declaredRegionCodes'>;
type EntryFacts = Pick<Entry, 'id' | 'agencyId' | 'regionCode'>;

/** Whether the juror may score the entry as far as employment goes (the service's conflictOfInterest). */
export function free(juror: JurorFacts, entry: EntryFacts): boolean {
  const agencies = [juror.agencyId, ...juror.declaredAgencyIds];
  const regions = [juror.regionCode, ...juror.declaredRegionCodes];
  return !agencies.includes(entry.agencyId) && !regions.includes(entry.regionCode);
}

/** "Panel A", "Panel B", … */
export const panelName = (index: number, word = 'Panel') => `${word} ${String.fromCharCode(65 + (index % 26))}${index >= 26 ? Math.floor(index / 26) : ''}`;

/**
 * An even split of the jury and the entries into `count` panels, for the admin to adjust before
 * saving. Jurors are dealt in turn; each entry, in submission order, goes to the panel with the
 * fewest entries so far among those with a juror free to score it. That spread without regard to
 * quality is what the ranking's centring on each panel assumes. An entry no panel can take stays
 * with the whole jury.
 */
export function evenSplit(jurors: readonly JurorFacts[], entries: readonly EntryFacts[], count: number, word = 'Panel'): PanelDraft[] {
  const n = Math.max(1, Math.min(count, jurors.length));
  const panels: PanelDraft[] = Array.from({ length: n }, (_, i) => ({ name: panelName(i, word), jurorIds: [], entryIds: [] }));
  jurors.forEach((j, i) => panels[i % n].jurorIds.push(j.jurorId));
  const byId = new Map(jurors.map((j) => [j.jurorId, j]));
  for (const entry of entries) {
    const open = panels.filter((p) => p.jurorIds.some((id) => free(byId.get(id)!, entry)));
    if (!open.length) continue;
    open.reduce((least, p) => (p.entryIds.length < least.entryIds.length ? p : least), open[0]).entryIds.push(entry.id);
  }
  return panels;
}

/** The draft with one juror or entry moved to panel `to` (an index; -1: no panel). */
export function moveInDraft(draft: readonly PanelDraft[], kind: 'jurorIds' | 'entryIds', id: string, to: number): PanelDraft[] {
  return draft.map((p, i) => {
    const without = p[kind].filter((x) => x !== id);
    return { ...p, [kind]: i === to ? [...without, id] : without };
  });
}
