import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { unwrap } from '../api/api-error.js';
import { publicRegistry } from '../api/clients.js';
import type { components } from '../api/registry.js';

type Schemas = components['schemas'];
export type PublicInnovation = Schemas['PublicInnovation'];
export type PublicInnovationDetail = Schemas['PublicInnovationDetail'];
export type PublicRegion = Schemas['PublicRegion'];
/** As generated but for the cursor, which PageInfo declares without its type (see registry.types.ts). */
export type PublicInnovationPage = { items: PublicInnovation[]; nextCursor: string | null };

/** The public catalogue's filters, as they stand in the address bar (a link to a search can be shared). */
export interface PublicFilters {
  q?: string;
  region?: string;
  stage?: 'inisiatif' | 'uji-coba' | 'penerapan';
  digital?: boolean;
}

export function publicFiltersFrom(params: URLSearchParams): PublicFilters {
  const stage = params.get('stage');
  const digital = params.get('digital');
  return {
    q: params.get('q') || undefined,
    region: params.get('region') || undefined,
    stage: stage === 'inisiatif' || stage === 'uji-coba' || stage === 'penerapan' ? stage : undefined,
    digital: digital === 'true' ? true : digital === 'false' ? false : undefined,
  };
}

const PAGE_SIZE = 20;

export function usePublicSearch(filters: PublicFilters) {
  return useInfiniteQuery({
    queryKey: ['public-innovations', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(await publicRegistry.GET('/public/innovations', { params: { query: { ...filters, limit: PAGE_SIZE, cursor: pageParam } }, signal })) as PublicInnovationPage,
    getNextPageParam: (page: PublicInnovationPage) => page.nextCursor ?? undefined,
  });
}

export function usePublicInnovation(id: string) {
  return useQuery({
    queryKey: ['public-innovation', id],
    queryFn: async () => unwrap(await publicRegistry.GET('/public/innovations/{id}', { params: { path: { id } } })),
  });
}

/** A region's name and, for a province, its regencies and cities; for a regency, its agencies. */
export function usePublicRegion(code: string | undefined) {
  return useQuery({
    queryKey: ['public-region', code],
    enabled: !!code,
    queryFn: async () => unwrap(await publicRegistry.GET('/public/regions/{code}', { params: { path: { code: code! } } })),
    staleTime: Infinity,
  });
}
