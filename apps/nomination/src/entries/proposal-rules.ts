import type { Criterion, EditionCategory, EntryCategory, FieldError, PhaseWindow, Proposal, ProposalDto } from '@lumbung/contracts';

export const EMPTY_PROPOSAL: Proposal = { summary: '', sections: [] };

/**
 * A proposal with the changes applied: the summary if given, the sections listed (an empty text
 * clears one), each naming a criterion of the edition; the sections kept in the criteria's order.
 * `prefix` is where the proposal sits in the request body, for the fields a problem names.
 */
export function applyProposal(base: Proposal, changes: ProposalDto | undefined, criteria: readonly Criterion[], prefix: string): { proposal: Proposal; problems: FieldError[] } {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  const problems: FieldError[] = [];
  const codes = criteria.map((c) => c.code);
  const texts = new Map(base.sections.map((s) => [s.criterion, s.text]));
  (changes?.sections ?? []).forEach((s, i) => {
    if (!codes.includes(s.criterion)) problems.push({ field: at(`sections.${i}.criterion`), messages: [`${s.criterion} is not a criterion of this edition (${codes.join(', ')})`] });
    else if (changes!.sections!.findIndex((o) => o.criterion === s.criterion) !== i) problems.push({ field: at(`sections.${i}.criterion`), messages: [`${s.criterion} is given twice`] });
    else if (s.text) texts.set(s.criterion, s.text);
    else texts.delete(s.criterion);
  });
  const proposal: Proposal = {
    summary: changes?.summary ?? base.summary,
    sections: codes.filter((c) => texts.has(c)).map((c) => ({ criterion: c, text: texts.get(c)! })),
  };
  return { proposal, problems };
}

/** Why an entry cannot be in `category` of this edition, or null: one of its categories when it has them, none otherwise. */
export function categoryProblem(edition: { categories: readonly EditionCategory[]; name: string }, category: EntryCategory | null): string | null {
  const codes = edition.categories.map((c) => c.code);
  if (codes.length === 0) return category ? `${edition.name} has no categories` : null;
  if (!category) return `${edition.name} takes entries in a category: ${codes.join(', ')}`;
  return codes.includes(category) ? null : `${category} is not a category of ${edition.name} (${codes.join(', ')})`;
}

/**
 * Why a return's deadline is not acceptable, or null: not in the past, and not after the
 * administrative check ends (the submission window's end when the edition schedules no check),
 * so the corrected entry is back before the jury starts.
 */
export function returnDeadlineProblem(schedule: readonly PhaseWindow[], deadline: string, today: string): string | null {
  if (deadline < today) return `the deadline cannot be in the past (today is ${today})`;
  const check = schedule.find((w) => w.phase === 'administrative-check') ?? schedule.find((w) => w.phase === 'submission');
  if (check && deadline > check.endsOn) return `the deadline must fall by the end of the ${check.phase} phase (${check.endsOn})`;
  return null;
}
