import type { components } from '../api/nomination.js';

type Schemas = components['schemas'];

/**
 * The nomination DTOs declare several `number | null` and `string | null` fields without their
 * type, so the generated client types them `Record<string, never>` (see api/registry.types.ts);
 * the console names their real type here, in one place, until the contracts declare them.
 */
type Nullable<T, K extends keyof T, V> = Omit<T, K> & { [P in K]?: V | null };

export type Edition = Nullable<Nullable<Schemas['EditionSnapshot'], 'forwardingQuota' | 'finalistCount', number>, 'decidedAt', string>;
export type EditionWithCounts = Edition & { entryCounts: Record<string, number> };
export type Phase = Edition['phase'];
export type Level = Edition['level'];
export type Criterion = Schemas['Criterion'];
export type Juror = Nullable<Schemas['JurorView'], 'affiliation' | 'agencyId' | 'regionCode', string>;

type EntryNumbers = 'proposalScore' | 'rank' | 'presentationScore' | 'finalScore';
type EntryTexts = 'sourceEntryId' | 'rejectionReason' | 'returnNote' | 'returnDeadline' | 'withdrawalReason' | 'disqualificationReason';
export type Entry = Nullable<Nullable<Schemas['EntryView'], EntryNumbers, number>, EntryTexts, string>;
export type EntryState = Entry['state'];
export type ProposalSection = Nullable<Schemas['ProposalSectionView'], 'yourScore', number>;
export type EntryDetail = Entry & { proposal: { summary: string; sections: ProposalSection[] }; snapshot: Schemas['EntryDetail']['snapshot']; fieldChecks: Schemas['FieldCheckView'][] };
export type FieldCheckOutcome = Schemas['FieldCheckView']['outcome'];
export type RankingRow = Nullable<Schemas['RankingRow'], 'rank' | 'score' | 'heaviestCriterionScore', number>;
export type Ranking = Omit<Schemas['RankingView'], 'rows'> & { rows: RankingRow[] };
export type NationalResult = NonNullable<Entry['nationalResult']>;
export type CreateEdition = Schemas['CreateEditionDto'];
export type Objection = Nullable<Schemas['ObjectionView'], 'note' | 'resolvedAt', string>;
export type Panels = Schemas['PanelsView'];
export type PanelLayout = Schemas['PanelLayoutDto'];
export type EntryCategory = NonNullable<Schemas['EditionCategory']['code']>;
