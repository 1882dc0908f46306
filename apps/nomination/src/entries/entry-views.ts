import type { EntryDetail, EntrySummary, EntryView, ForwardedRef } from '@lumbung/contracts';
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
    submittedAt: e.submittedAt.toISOString(),
  };
}

export function entryView(e: Entry, edition: Pick<Edition, 'level' | 'year' | 'ownerRegionCode'>, forwardedTo: ForwardedRef[] = [], replications = 0): EntryView {
  return {
    ...entrySummary(e, edition),
    rejectionReason: e.rejectionReason,
    disqualificationReason: e.disqualificationReason,
    proposalJurors: e.proposalJurors,
    presentationScore: e.presentationScore,
    finalScore: e.finalScore,
    forwardedTo,
    replications,
  };
}

export function entryDetail(e: Entry, edition: Pick<Edition, 'level' | 'year' | 'ownerRegionCode'>, forwardedTo: ForwardedRef[], replications: number): EntryDetail {
  return { ...entryView(e, edition, forwardedTo, replications), snapshot: e.snapshot };
}

/**
 * The entry as someone outside the jury sees it before the decision: its status and where it went,
 * none of its scores or its rank.
 */
export function withoutScores<T extends EntryView>(view: T): T {
  return { ...view, proposalScore: null, proposalJurors: 0, presentationScore: null, finalScore: null, rank: null };
}
