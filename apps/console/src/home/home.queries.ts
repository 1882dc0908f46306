import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../api/api-error.js';
import { registry, replication } from '../api/clients.js';
import type { InnovationPage } from '../api/registry.types.js';

/** Incoming replication requests still waiting for the origin region's answer (status requested). */
export function useRequestsToAnswer(enabled: boolean) {
  return useQuery({
    queryKey: ['replication-requests', 'incoming', 'requested'],
    enabled,
    queryFn: async ({ signal }) => unwrap(await replication.GET('/replication-requests/incoming', { params: { query: { status: 'requested', limit: 5 } }, signal })),
  });
}

/** The innovations one agency registered in a year (its own "Satu OPD Satu Inovasi"). */
export function useAgencyInnovations(region: string | undefined, agency: string | undefined, year: number) {
  return useQuery({
    queryKey: ['innovations', { region, agency, year }],
    enabled: !!region && !!agency,
    queryFn: async ({ signal }) => unwrap(await registry.GET('/innovations', { params: { query: { region: region!, agency: agency!, year, limit: 20 } }, signal })) as InnovationPage,
  });
}
