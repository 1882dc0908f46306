import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { unwrap } from '../api/api-error.js';
import { registry } from '../api/clients.js';
import type { Agency, InnovationDetail, InnovationHistoryEntry, InnovationPage, InnovationType } from '../api/registry.types.js';

/** The catalogue's filters, as they stand in the address bar (shareable, kept on reload). */
export interface CatalogueFilters {
  q?: string;
  region?: string;
  agency?: string;
  type?: string;
  stage?: 'inisiatif' | 'uji-coba' | 'penerapan';
  year?: number;
  digital?: boolean;
}

export const PAGE_SIZE = 20;

export function useInnovationSearch(filters: CatalogueFilters) {
  return useInfiniteQuery({
    queryKey: ['innovations', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(await registry.GET('/innovations', { params: { query: { ...filters, limit: PAGE_SIZE, cursor: pageParam } }, signal })) as InnovationPage,
    getNextPageParam: (page: InnovationPage) => page.nextCursor ?? undefined,
  });
}

export function useRegencies(province: string) {
  return useQuery({
    queryKey: ['regions', province],
    queryFn: async () => unwrap(await registry.GET('/regions', { params: { query: { parent: province } } })),
    staleTime: Infinity,
  });
}

export function useAgencies(region: string | undefined) {
  return useQuery({
    queryKey: ['agencies', region],
    enabled: !!region,
    queryFn: async () => unwrap(await registry.GET('/agencies', { params: { query: { region: region! } } })) as Agency[],
  });
}

export function useInnovationTypes(region: string | undefined) {
  return useQuery({
    queryKey: ['innovation-types', region],
    enabled: !!region,
    queryFn: async () => unwrap(await registry.GET('/regions/{code}/innovation-types', { params: { path: { code: region! } } })) as InnovationType[],
  });
}

export function useInnovation(id: string) {
  return useQuery({
    queryKey: ['innovation', id],
    queryFn: async () => unwrap(await registry.GET('/innovations/{id}', { params: { path: { id } } })) as InnovationDetail,
  });
}

export function useInnovationHistory(id: string) {
  return useQuery({
    queryKey: ['innovation-history', id],
    queryFn: async () => unwrap(await registry.GET('/innovations/{id}/history', { params: { path: { id } } })) as InnovationHistoryEntry[],
  });
}
