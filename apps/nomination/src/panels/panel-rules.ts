import type { EntryState, FieldError, PanelLayoutDto } from '@lumbung/contracts';
import { conflictOfInterest } from '../editions/edition-access.js';
import type { EditionJuror } from '../editions/edition-juror.entity.js';

type Juror = Pick<EditionJuror, 'jurorId' | 'name' | 'agencyId' | 'regionCode' | 'declaredAgencyIds' | 'declaredRegionCodes'>;
interface PanelEntry {
  id: string;
  state: EntryState;
  agencyId: string;
  agencyName: string;
  regionCode: string;
}

/** Entries a panel may take: every state the jury may still have to look at, or has looked at. */
export const PANEL_STATES: readonly EntryState[] = ['submitted', 'returned', 'admitted', 'scored', 'finalist', 'winner', 'not-selected'];

export interface PanelPlan {
  problems: FieldError[];
  /** Why the layout would separate a scored entry from a juror who scored it, or null. */
  conflict: string | null;
  /** Each listed entry's and juror's panel (by the layout's index); those not listed go back to no panel. */
  entryPanel: Map<string, number>;
  jurorPanel: Map<string, number>;
}

/**
 * Checks a whole panel layout against the jury and the entries. Every entry listed must be one
 * the jury may work on, in one panel only, with at least one juror of that panel free of a
 * conflict of interest with it (else nobody could ever score it). And a layout never takes a
 * scored entry away from a juror who scored it: an entry's score is the mean of its panel's
 * jurors, so every sheet it has must be by one of them.
 */
export function planPanels(
  layout: PanelLayoutDto,
  jurors: readonly Juror[],
  entries: ReadonlyMap<string, PanelEntry>,
  scoredBy: ReadonlyMap<string, readonly string[]>,
): PanelPlan {
  const problems: FieldError[] = [];
  const byId = new Map(jurors.map((j) => [j.jurorId, j]));
  const entryPanel = new Map<string, number>();
  const jurorPanel = new Map<string, number>();

  layout.panels.forEach((panel, p) => {
    panel.jurorIds.forEach((jurorId, i) => {
      const field = `panels.${p}.jurorIds.${i}`;
      if (!byId.has(jurorId)) problems.push({ field, code: 'panel.not-a-juror', messages: [`${jurorId} is not an assigned juror of the edition`] });
      else if (jurorPanel.has(jurorId)) problems.push({ field, code: 'field.duplicate', messages: [`${byId.get(jurorId)!.name} is already on ${layout.panels[jurorPanel.get(jurorId)!].name}`] });
      else jurorPanel.set(jurorId, p);
    });
  });
  layout.panels.forEach((panel, p) => {
    const panelJurors = panel.jurorIds.filter((id) => jurorPanel.get(id) === p).map((id) => byId.get(id)!);
    panel.entryIds.forEach((entryId, i) => {
      const field = `panels.${p}.entryIds.${i}`;
      const entry = entries.get(entryId);
      if (!entry || !PANEL_STATES.includes(entry.state)) {
        problems.push({ field, code: 'panel.not-an-entry', messages: [`${entryId} is not a submitted entry of the edition`] });
      } else if (entryPanel.has(entryId)) {
        problems.push({ field, code: 'field.duplicate', messages: [`the entry is already in ${layout.panels[entryPanel.get(entryId)!].name}`] });
      } else if (!panelJurors.some((j) => !conflictOfInterest(j, entry))) {
        problems.push({ field, code: 'panel.no-free-juror', messages: [panelJurors.length ? `every juror of ${panel.name} has a conflict of interest with ${entry.agencyName}` : `${panel.name} has no jurors to score it`] });
      } else entryPanel.set(entryId, p);
    });
  });

  let conflict: string | null = null;
  for (const [entryId, scorers] of scoredBy) {
    const p = entryPanel.get(entryId);
    if (p === undefined) continue; // in no panel: the whole jury, whoever scored it
    const outside = scorers.filter((jurorId) => jurorPanel.get(jurorId) !== p && byId.has(jurorId));
    if (outside.length) {
      conflict = `${entries.get(entryId)?.agencyName ?? entryId}'s entry was already scored by ${outside.map((j) => byId.get(j)!.name).join(', ')}, who would not be on ${layout.panels[p].name}`;
      break;
    }
  }
  return { problems, conflict, entryPanel, jurorPanel };
}
