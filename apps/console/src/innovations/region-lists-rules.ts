import { mayManageRegionLists, type Scope } from '../app/permissions.js';

export type AgencyAction = 'rename' | 'retire';
export type TypeAction = 'rename' | 'retire' | 'restore';

/**
 * What the user may do with one agency of a region (agencies.service): admins over the region
 * rename and retire an active agency; a retired one changes no more.
 */
export function agencyActions(scope: Scope, regionCode: string, agency: { retiredAt: string | null }): AgencyAction[] {
  if (!mayManageRegionLists(scope, regionCode) || agency.retiredAt) return [];
  return ['rename', 'retire'];
}

/**
 * What the user may do with one innovation type of a region (innovation-types.service): an active
 * type is renamed or retired, except the last active one (the region must keep one); a retired type
 * can only be added back.
 */
export function typeActions(scope: Scope, regionCode: string, type: { retiredAt: string | null }, activeTypes: number): TypeAction[] {
  if (!mayManageRegionLists(scope, regionCode)) return [];
  if (type.retiredAt) return ['restore'];
  return activeTypes > 1 ? ['rename', 'retire'] : ['rename'];
}
