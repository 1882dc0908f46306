import type { CatalogueFilters } from './catalogue.queries.js';

export const STAGES = ['inisiatif', 'uji-coba', 'penerapan'] as const;
/** The default innovation types (Demak's eight), offered when no regency narrows the list. */
export const DEFAULT_TYPES = ['produk', 'konsep', 'metode', 'proses', 'hubungan', 'teknologi', 'sdm', 'struktur-organisasi'] as const;

/** Reads the filters from the address bar, dropping anything the API would refuse. */
export function filtersFrom(params: URLSearchParams): CatalogueFilters {
  const f: CatalogueFilters = {};
  const q = params.get('q')?.trim();
  if (q) f.q = q;
  const region = params.get('region');
  if (region && /^\d{2}(\.\d{2})?$/.test(region)) f.region = region;
  const agency = params.get('agency');
  if (agency && f.region?.length === 5) f.agency = agency;
  const type = params.get('type');
  if (type) f.type = type;
  const stage = params.get('stage');
  if (stage && (STAGES as readonly string[]).includes(stage)) f.stage = stage as CatalogueFilters['stage'];
  const year = Number(params.get('year'));
  if (Number.isInteger(year) && year >= 2000 && year <= 2100) f.year = year;
  const digital = params.get('digital');
  if (digital === 'true' || digital === 'false') f.digital = digital === 'true';
  return f;
}

/** The filters that narrow the result, besides the words: what an empty result names. */
export function activeFilterCount(f: CatalogueFilters): number {
  return [f.region, f.agency, f.type, f.stage, f.year, f.digital].filter((v) => v !== undefined).length;
}
