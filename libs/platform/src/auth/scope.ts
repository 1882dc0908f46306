import { provinceOf } from '@lumbung/contracts';
import type { Principal } from './principal.js';

/** Whether the principal may change data that belongs to `regionCode` (a regency/city or province code). */
export function canManageRegion(p: Principal, regionCode: string): boolean {
  switch (p.role) {
    case 'national-admin':
    case 'service':
      return true;
    case 'province-admin':
      return !!p.province && provinceOf(regionCode) === p.province;
    case 'region-admin':
      return !!p.region && p.region === regionCode;
    default:
      return false;
  }
}

/** Whether the principal may change data of `agencyId` in `regionCode`: its region's admins, or its own staff. */
export function canManageAgencyData(p: Principal, regionCode: string, agencyId: string): boolean {
  if (p.role === 'agency-staff') return p.region === regionCode && p.agency === agencyId;
  return canManageRegion(p, regionCode);
}
