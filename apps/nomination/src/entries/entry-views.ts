import type { EntryDetail, EntrySummary, EntryView, FieldCheckView, ForwardedRef, JurorComment, ProposalView } from '@lumbung/contracts';
import type { Edition } from '../editions/edition.entity.js';
import type { Entry } from './entry.entity.js';

export function entrySummary(e: Entry, edition: Pick<Edition, 'level' | 'year' | 'ownerRegionCode'>): EntrySummary {
  return {
    id: e.id,
    version: e.version,
    editionId: e.editionId,
    level: edition.level,
    year: edition.year,
    ownerRegionCode: edition.ownerRegionCode,
    innovationId: e.innovationId,
    innovationVersion: e.innovationVersion,
    innovationName: e.innovationName,
    agencyId: e.agencyId,
    agencyName: e.agencyName,
    regionCode: e.regionCode,
    provinceCode: e.provinceCode,
    state: e.state,
    sourceEntryId: e.sourceEntryId,
    proposalScore: e.proposalScore,
    rank: e.rank,
    nationalResult: e.nationalResult,
    category: e.category,
    submittedAt: e.submittedAt.toISOString(),
  };
}

export function entryView(e: Entry, edition: Pick<Edition, 'level' | 'year' | 'ownerRegionCode'>, forwardedTo: ForwardedRef[] = [], replications = 0): EntryView {
  return {
    ...entrySummary(e, edition),
    panelId: e.panelId ?? null,
    rejectionReason: e.rejectionReason,
    returnNote: e.returnNote,
    returnDeadline: e.returnDeadline,
    withdrawalReason: e.withdrawalReason,
    withdrawnFrom: e.withdrawnFrom,
    disqualificationReason: e.disqualificationReason,
    proposalJurors: e.proposalJurors,
    presentationScore: e.presentationScore,
    finalScore: e.finalScore,
    forwardedTo,
    replications,
  };
}

/** A juror's own mark and comment of one criterion. */
export interface OwnMark {
  value: number;
  comment: string | null;
}

/**
 * The proposal as a juror scores it: every criterion of the edition with its section text beside
 * it, the caller's own mark and comment (a juror's), and the jury's comments for those who may read
 * them (the jury and the admins; the caller decides and passes none for anyone else).
 */
export function proposalView(
  e: Pick<Entry, 'proposal'>,
  edition: Pick<Edition, 'criteria'>,
  yours: ReadonlyMap<string, OwnMark> = new Map(),
  comments: ReadonlyMap<string, JurorComment[]> = new Map(),
): ProposalView {
  const texts = new Map(e.proposal.sections.map((s) => [s.criterion, s.text]));
  return {
    summary: e.proposal.summary,
    sections: edition.criteria.map((c) => ({
      criterion: c.code,
      name: c.name,
      weight: c.weight,
      text: texts.get(c.code) ?? '',
      yourScore: yours.get(c.code)?.value ?? null,
      yourComment: yours.get(c.code)?.comment ?? null,
      comments: comments.get(c.code) ?? [],
    })),
  };
}

export function entryDetail(
  e: Entry,
  edition: Pick<Edition, 'level' | 'year' | 'ownerRegionCode' | 'criteria'>,
  forwardedTo: ForwardedRef[],
  replications: number,
  yours?: ReadonlyMap<string, OwnMark>,
  comments?: ReadonlyMap<string, JurorComment[]>,
  fieldChecks: FieldCheckView[] = [],
): EntryDetail {
  return { ...entryView(e, edition, forwardedTo, replications), snapshot: e.snapshot, proposal: proposalView(e, edition, yours, comments), fieldChecks };
}

/**
 * The entry as someone outside the jury sees it before the decision: its status and where it went,
 * none of its scores or its rank.
 */
export function withoutScores<T extends EntryView>(view: T): T {
  return { ...view, proposalScore: null, proposalJurors: 0, presentationScore: null, finalScore: null, rank: null };
}
