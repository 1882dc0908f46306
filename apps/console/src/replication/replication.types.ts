import type { components } from '../api/replication.js';

type Schemas = components['schemas'];

/**
 * The replication DTOs declare their `string | null` fields without `type: String`, so the
 * generated client types them `Record<string, never>` (see api/registry.types.ts); the console
 * names their real type here, in one place, until the contracts declare them.
 */
type NullableText<T, K extends keyof T> = Omit<T, K> & { [P in K]?: string | null };

export type ReplicationRequest = NullableText<
  Schemas['ReplicationRequestView'],
  'implementedOn' | 'adopterInnovationName' | 'originRetiredAt' | 'closedAt' | 'adaptationNotes' | 'benefitEvaluation' | 'originRetireReason' | 'answeredAt'
> & { contact: NullableText<Schemas['ReplicationContactView'], 'position' | 'phone' | 'email'> };
export type ReplicationRequestPage = { items: ReplicationRequest[]; nextCursor: string | null };
export type TimelineEntry = Omit<Schemas['ReplicationTimelineEntry'], 'note' | 'details'> & { note?: string | null; details?: Record<string, unknown> | null };
export type CreateReplicationRequest = Schemas['CreateReplicationRequestDto'];
