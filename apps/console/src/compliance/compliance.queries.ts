import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../api/api-error.js';
import { registry } from '../api/clients.js';
import type { components } from '../api/registry.js';

export type RegionCompliance = components['schemas']['RegionCompliance'];
export type ProvinceCompliance = components['schemas']['ProvinceCompliance'];
export type RegencyComplianceRow = components['schemas']['RegencyComplianceRow'];

/** GET /compliance: a regency's agencies, or a province's regencies, for a year. */
export function useCompliance(region: string | undefined, year: number) {
  return useQuery({
    queryKey: ['compliance', region, year],
    enabled: !!region,
    queryFn: async ({ signal }) => unwrap(await registry.GET('/compliance', { params: { query: { region: region!, year } }, signal })) as RegionCompliance | ProvinceCompliance,
  });
}

export function useProvinces(enabled: boolean) {
  return useQuery({
    queryKey: ['regions', 'provinces'],
    enabled,
    queryFn: async () => unwrap(await registry.GET('/regions', {})),
    staleTime: Infinity,
  });
}

/** The year in Jakarta now: "this year" for Satu OPD Satu Inovasi, as the registry counts it. */
export function currentYearWib(now = new Date()): number {
  return Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Jakarta' }).format(now));
}
