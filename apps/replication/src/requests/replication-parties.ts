import { isProvinceCode, provinceOf } from '@lumbung/contracts';
import type { Principal } from '@lumbung/platform';
import type { Party } from './replication-state-machine.js';

export interface RequestSides {
  originRegionCode: string;
  originAgencyId: string;
  adopterRegionCode: string;
  adopterAgencyId: string;
}

/**
 * Whether the principal speaks for `regionCode` (and, for agency staff, for `agencyId`): the
 * regency's own admins, the agency's own staff, or the province admin when the side is a
 * provincial OPD (a region-admin token always names a regency/city). A province admin does not
 * speak for its regencies: a replication is the regencies' own decision.
 */
export function speaksFor(actor: Principal, regionCode: string, agencyId: string): boolean {
  switch (actor.role) {
    case 'region-admin':
      return actor.region === regionCode;
    case 'agency-staff':
      return actor.region === regionCode && actor.agency === agencyId;
    case 'province-admin':
      return isProvinceCode(regionCode) && actor.province === regionCode;
    default:
      return false;
  }
}

/** The roles the principal holds on a request; empty means it may not even read it. */
export function partiesOf(actor: Principal, request: RequestSides): Set<Party> {
  const parties = new Set<Party>();
  if (speaksFor(actor, request.originRegionCode, request.originAgencyId)) parties.add('origin');
  if (speaksFor(actor, request.adopterRegionCode, request.adopterAgencyId)) parties.add('adopter');
  if (actor.role === 'national-admin') parties.add('overseer');
  if (actor.role === 'province-admin' && [request.originRegionCode, request.adopterRegionCode].some((r) => provinceOf(r) === actor.province)) parties.add('overseer');
  return parties;
}

/**
 * Which requests of `regionCode` the principal may list: all of them (its admins, its province,
 * national), only its agency's (agency staff of the region), or none.
 */
export function listScope(actor: Principal, regionCode: string): 'all' | 'own-agency' | 'none' {
  switch (actor.role) {
    case 'national-admin':
      return 'all';
    case 'province-admin':
      return provinceOf(regionCode) === actor.province ? 'all' : 'none';
    case 'region-admin':
      return actor.region === regionCode ? 'all' : 'none';
    case 'agency-staff':
      return actor.region === regionCode ? 'own-agency' : 'none';
    default:
      return 'none';
  }
}
