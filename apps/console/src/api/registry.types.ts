import type { components } from './registry.js';

type Schemas = components['schemas'];

/**
 * The registry's DTOs declare their `string | null` fields without `type: String`, so Nest's
 * OpenAPI document says `type: object` and the generated client types them `Record<string, never>`.
 * Until the contracts declare them (issue 15, "documents good enough to generate a client from"),
 * the console names the real type of those fields here, in one place; everything else is as generated.
 */
type NullableText<T, K extends keyof T> = Omit<T, K> & { [P in K]: string | null };

type SnapshotTextFields =
  | 'trialStartedOn'
  | 'implementedOn'
  | 'problem'
  | 'design'
  | 'goals'
  | 'benefits'
  | 'results'
  | 'adaptationNotes'
  | 'originInnovationId'
  | 'replicationRequestId'
  | 'retiredAt'
  | 'retireReason';

export type Innovation = NullableText<Schemas['InnovationSnapshot'], SnapshotTextFields>;
export type InnovationReplicationRef = NullableText<Schemas['InnovationReplicationRef'], 'replicationRequestId' | 'retiredAt'>;
export type InnovationDetail = Innovation & { replications: InnovationReplicationRef[] };
export type InnovationPage = { items: Innovation[]; nextCursor: string | null };
export type InnovationHistoryEntry = NullableText<Schemas['InnovationHistoryEntry'], 'note'>;
export type Region = Schemas['RegionView'];
export type Agency = NullableText<Schemas['AgencyView'], 'retiredAt'>;
export type InnovationType = NullableText<Schemas['InnovationTypeView'], 'retiredAt'>;
