import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../api/api-error.js';
import { nomination } from '../api/clients.js';
import type { Lineage, TrackingView } from './tracking.types.js';

export function useTracking(province: string, year: number) {
  return useQuery({
    queryKey: ['tracking', province, year],
    queryFn: async ({ signal }) => unwrap(await nomination.GET('/tracking', { params: { query: { province, year } }, signal })) as unknown as TrackingView,
  });
}

export function useLineage(entryId: string) {
  return useQuery({
    queryKey: ['lineage', entryId],
    queryFn: async ({ signal }) => unwrap(await nomination.GET('/entries/{id}/lineage', { params: { path: { id: entryId } }, signal })) as unknown as Lineage,
  });
}
