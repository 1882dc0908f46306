/**
 * A juror's unsent scores of one entry, kept (ui/use-stored-draft.ts) until the sheet is sent: a
 * juror scoring on a phone loses nothing to a reload, a dropped connection or a closed tab. Keyed
 * by the juror too, so a shared device never shows one juror's marks to another.
 */
export type ScoreDraft = Record<string, string>;

export const scoreDraftKey = (jurorId: string, entryId: string) => `lumbung.scores.${jurorId}.${entryId}`;

/** Where a criterion's comment sits in the draft, beside its mark (kept under the criterion's code). */
export const commentKey = (criterion: string) => `comment:${criterion}`;

/** The sheet as the API takes it: every criterion the juror marked, as a number, with its comment if any. */
export function scoresToSend(criteria: readonly { code: string }[], draft: ScoreDraft): { criterion: string; value: number; comment?: string }[] {
  return criteria
    .filter((c) => (draft[c.code] ?? '').trim() !== '')
    .map((c) => {
      const comment = (draft[commentKey(c.code)] ?? '').trim();
      return { criterion: c.code, value: parseScore(draft[c.code]!), ...(comment ? { comment } : {}) };
    });
}

/** A score typed as people write it here: "82,5" or "82.5". */
export function parseScore(text: string): number {
  return Number(text.trim().replace(',', '.'));
}
