import { useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../api/api-error.js';
import { nomination } from '../api/clients.js';
import type { CreateEdition, Edition, EditionWithCounts, Entry, EntryCategory, EntryDetail, FieldCheckOutcome, Juror, Level, NationalResult, Objection, PanelLayout, Panels, Phase, Ranking } from './competitions.types.js';

export interface EditionFilters {
  level?: Level;
  year?: number;
  region?: string;
}

export function useEditions(filters: EditionFilters, enabled = true) {
  return useQuery({
    queryKey: ['editions', filters],
    enabled,
    queryFn: async ({ signal }) => unwrap(await nomination.GET('/editions', { params: { query: filters }, signal })) as unknown as Edition[],
  });
}

/** The editions a juror judges, named by their token: each read by id (they may be of any region). */
export function useEditionsById(ids: readonly string[]) {
  return useQuery({
    queryKey: ['editions-by-id', ids],
    enabled: ids.length > 0,
    queryFn: async ({ signal }) =>
      Promise.all(ids.map(async (id) => unwrap(await nomination.GET('/editions/{id}', { params: { path: { id } }, signal })) as unknown as EditionWithCounts)),
  });
}

export function useEdition(id: string) {
  return useQuery({
    queryKey: ['edition', id],
    queryFn: async ({ signal }) => unwrap(await nomination.GET('/editions/{id}', { params: { path: { id } }, signal })) as unknown as EditionWithCounts,
  });
}

export function useEntries(editionId: string | undefined) {
  return useQuery({
    queryKey: ['edition-entries', editionId],
    enabled: !!editionId,
    queryFn: async ({ signal }) => unwrap(await nomination.GET('/editions/{id}/entries', { params: { path: { id: editionId! } }, signal })) as unknown as Entry[],
  });
}

export function useEntry(id: string) {
  return useQuery({
    queryKey: ['entry', id],
    queryFn: async ({ signal }) => unwrap(await nomination.GET('/entries/{id}', { params: { path: { id } }, signal })) as unknown as EntryDetail,
  });
}

export function useJurors(editionId: string, enabled = true) {
  return useQuery({
    queryKey: ['edition-jurors', editionId],
    enabled,
    queryFn: async ({ signal }) => unwrap(await nomination.GET('/editions/{id}/jurors', { params: { path: { id: editionId } }, signal })) as unknown as Juror[],
  });
}

/** The jury's panels, for the edition's admins and jurors. */
export function usePanels(editionId: string, enabled = true) {
  return useQuery({
    queryKey: ['edition-panels', editionId],
    enabled,
    queryFn: async ({ signal }) => unwrap(await nomination.GET('/editions/{id}/panels', { params: { path: { id: editionId } }, signal })) as unknown as Panels,
  });
}

/** The ranking as the scores committed now give it; refreshed every few seconds while the jury scores. */
export function useRanking(editionId: string, enabled: boolean, live: boolean, category?: EntryCategory) {
  return useQuery({
    queryKey: ['edition-ranking', editionId, category ?? null],
    enabled,
    refetchInterval: live ? 5_000 : false,
    queryFn: async ({ signal }) =>
      unwrap(await nomination.GET('/editions/{id}/ranking', { params: { path: { id: editionId }, query: category ? { category } : {} }, signal })) as unknown as Ranking,
  });
}

/** After a write to an edition or one of its entries: what the pages show of it is read again. */
export function useRefreshEdition() {
  const client = useQueryClient();
  return (editionId: string, entryId?: string) =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['edition', editionId] }),
      client.invalidateQueries({ queryKey: ['edition-entries', editionId] }),
      client.invalidateQueries({ queryKey: ['edition-ranking', editionId] }),
      client.invalidateQueries({ queryKey: ['editions'] }),
      ...(entryId ? [client.invalidateQueries({ queryKey: ['entry', entryId] })] : []),
    ]);
}

export const createEdition = async (body: CreateEdition) => unwrap(await nomination.POST('/editions', { body })) as unknown as Edition;
export const advancePhase = async (id: string, phase: Exclude<Phase, 'planned'>) => unwrap(await nomination.POST('/editions/{id}/phase', { params: { path: { id } }, body: { phase } })) as unknown as Edition;
export const assignJuror = async (id: string, body: { jurorId: string; name: string; affiliation?: string }) =>
  unwrap(await nomination.POST('/editions/{id}/jurors', { params: { path: { id } }, body })) as unknown as Juror;
export const removeJuror = async (id: string, jurorId: string) => {
  const answer = await nomination.DELETE('/editions/{id}/jurors/{jurorId}', { params: { path: { id, jurorId } } });
  if (answer.error !== undefined) unwrap(answer as never);
};
export const savePanels = async (id: string, body: PanelLayout) => unwrap(await nomination.PUT('/editions/{id}/panels', { params: { path: { id } }, body })) as unknown as Panels;
export const submitEntry = async (editionId: string, body: { innovationId: string; draft?: boolean; category?: EntryCategory; proposal?: { summary?: string; sections?: { criterion: string; text: string }[] } }) =>
  unwrap(await nomination.POST('/editions/{id}/entries', { params: { path: { id: editionId } }, body })) as unknown as Entry;
export const admitEntry = async (id: string, decision: 'admit' | 'reject', reason?: string) =>
  unwrap(await nomination.POST('/entries/{id}/admission', { params: { path: { id } }, body: { decision, reason } })) as unknown as Entry;
export const returnEntry = async (id: string, note: string, deadline: string) =>
  unwrap(await nomination.POST('/entries/{id}/return', { params: { path: { id } }, body: { note, deadline } })) as unknown as Entry;
export const withdrawEntry = async (id: string, reason?: string) => unwrap(await nomination.POST('/entries/{id}/withdrawal', { params: { path: { id } }, body: { reason } })) as unknown as Entry;
export const sendScores = async (id: string, scores: { criterion: string; value: number }[]) =>
  unwrap(await nomination.PUT('/entries/{id}/scores', { params: { path: { id } }, body: { scores } })) as unknown as EntryDetail;
export const decide = async (editionId: string) => unwrap(await nomination.POST('/editions/{id}/decision', { params: { path: { id: editionId } }, body: {} }));
export const forwardEntry = async (id: string, targetEditionId: string, category?: EntryCategory) =>
  unwrap(await nomination.POST('/entries/{id}/forward', { params: { path: { id } }, body: { targetEditionId, ...(category ? { category } : {}) } })) as unknown as Entry;
export const recordNationalResult = async (id: string, result: NationalResult) =>
  unwrap(await nomination.PUT('/entries/{id}/national-result', { params: { path: { id } }, body: { result } })) as unknown as Entry;

type Proposal = { summary?: string; sections?: { criterion: string; text: string }[] };
export const saveProposal = async (id: string, body: Proposal) => unwrap(await nomination.PUT('/entries/{id}/proposal', { params: { path: { id } }, body })) as unknown as Entry;
export const submitDraft = async (id: string, body: Proposal) => unwrap(await nomination.POST('/entries/{id}/submission', { params: { path: { id } }, body })) as unknown as Entry;
export const resubmitEntry = async (id: string, body: Proposal) => unwrap(await nomination.POST('/entries/{id}/resubmission', { params: { path: { id } }, body })) as unknown as Entry;

export function useObjections(editionId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['edition-objections', editionId],
    enabled,
    queryFn: async ({ signal }) => unwrap(await nomination.GET('/editions/{id}/objections', { params: { path: { id: editionId } }, signal })) as unknown as Objection[],
  });
}
export const nameFinalists = async (editionId: string, entryIds?: string[]) =>
  unwrap(await nomination.POST('/editions/{id}/finalists', { params: { path: { id: editionId } }, body: entryIds ? { entryIds } : {} }));
export const fileObjection = async (entryId: string, reason: string) => unwrap(await nomination.POST('/entries/{id}/objections', { params: { path: { id: entryId } }, body: { reason } })) as unknown as Objection;
export const resolveObjection = async (id: string, outcome: 'upheld' | 'dismissed', note: string) =>
  unwrap(await nomination.POST('/objections/{id}/resolution', { params: { path: { id } }, body: { outcome, note } })) as unknown as Objection;
export const sendPresentationScore = async (entryId: string, value: number) =>
  unwrap(await nomination.PUT('/entries/{id}/presentation-score', { params: { path: { id: entryId } }, body: { value } })) as unknown as Entry;
export const changeSchedule = async (id: string, schedule: { phase: Exclude<Phase, 'planned' | 'closed'>; startsOn: string; endsOn: string }[], reason: string) =>
  unwrap(await nomination.PATCH('/editions/{id}/schedule', { params: { path: { id } }, body: { schedule, reason } })) as unknown as Edition;
export const recordFieldCheck = async (entryId: string, outcome: FieldCheckOutcome, note: string) =>
  unwrap(await nomination.PUT('/entries/{id}/field-check', { params: { path: { id: entryId } }, body: { outcome, note } }));
