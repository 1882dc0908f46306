import type { components } from '../api/nomination.js';

type Schemas = components['schemas'];

/**
 * The nomination DTOs declare a few fields without their real type (a `Record<string, never>` in
 * the generated client, see api/registry.types.ts); the console names them here in one place.
 */
export type TrackingCounts = Omit<Schemas['TrackingCounts'], 'nationalResults'> & { nationalResults: Record<string, number> };
export type TrackingStep = Omit<Schemas['TrackingLevelStep'], 'rank'> & { rank?: number | null };
export type TrackedEntry = Omit<Schemas['TrackedEntry'], 'regency' | 'province' | 'national'> & { regency?: TrackingStep | null; province?: TrackingStep | null; national?: TrackingStep | null };
export type TrackedRegion = Omit<Schemas['TrackedRegion'], 'counts' | 'entries'> & { counts: TrackingCounts; entries: TrackedEntry[] };
export type TrackingView = Omit<Schemas['TrackingView'], 'totals' | 'regions'> & { totals: TrackingCounts; regions: TrackedRegion[] };
export type LineageStep = Omit<Schemas['LineageStep'], 'sourceEntryId' | 'ownerRegionCode' | 'rank'> & { sourceEntryId?: string | null; ownerRegionCode?: string | null; rank?: number | null };
export type Lineage = Omit<Schemas['LineageView'], 'steps'> & { steps: LineageStep[] };
