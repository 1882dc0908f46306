import { provinceOf, type Role } from '@lumbung/contracts';
import type { Principal } from '@lumbung/platform';

/** The scope of an account, as stored: what an admin must cover to manage it. */
export interface AccountScope {
  role: Role;
  regionCode: string | null;
  provinceCode: string | null;
  agencyId: string | null;
}

/**
 * Whether `actor` may create, deactivate, reactivate or reset the account of `target`. Each admin
 * hands out accounts below their own level and inside their own scope, as SINOVIK's Admin Lokal
 * does for its service units:
 * - a national admin: everyone, other national admins and service accounts included;
 * - a province admin: region admins and agency staff of its regencies, and the jurors it owns;
 * - a region admin: agency staff of its own agencies (the service checks the agency is the
 *   region's), and the jurors it owns;
 * - nobody else manages accounts.
 * A juror belongs to the region or province of the admin who created it (regionCode/provinceCode),
 * so it stays manageable when its editions change.
 */
export function mayManageAccount(actor: Principal, target: AccountScope): boolean {
  switch (actor.role) {
    case 'national-admin':
      return true;
    case 'province-admin': {
      const own = actor.province;
      if (!own) return false;
      if (target.role === 'region-admin' || target.role === 'agency-staff') return !!target.regionCode && provinceOf(target.regionCode) === own;
      if (target.role === 'juror') return target.provinceCode === own || (!!target.regionCode && provinceOf(target.regionCode) === own);
      return false;
    }
    case 'region-admin': {
      const own = actor.region;
      if (!own) return false;
      if (target.role === 'agency-staff' || target.role === 'juror') return target.regionCode === own;
      return false;
    }
    default:
      return false;
  }
}

/** The scope a new account gets from what the admin asked for; a juror is owned by its creator's scope. */
export function scopeOfNewAccount(
  actor: Principal,
  dto: { role: Role; region?: string; province?: string; agency?: string },
  agencyRegion?: string,
): AccountScope | { field: string; message: string } {
  const none = { regionCode: null, provinceCode: null, agencyId: null };
  switch (dto.role) {
    case 'national-admin':
    case 'service':
      return { role: dto.role, ...none };
    case 'province-admin':
      if (!dto.province) return { field: 'province', message: 'a province-admin needs a province' };
      return { role: dto.role, ...none, provinceCode: dto.province };
    case 'region-admin':
      if (!dto.region || dto.region.length !== 5) return { field: 'region', message: 'a region-admin needs a regency/city code such as 33.19' };
      return { role: dto.role, ...none, regionCode: dto.region };
    case 'agency-staff':
      if (!dto.agency) return { field: 'agency', message: 'an agency-staff account needs an agency' };
      if (!agencyRegion) return { field: 'agency', message: `no active agency ${dto.agency}` };
      return { role: dto.role, ...none, regionCode: agencyRegion, agencyId: dto.agency };
    case 'juror':
      return { role: dto.role, ...none, regionCode: actor.role === 'region-admin' ? actor.region ?? null : null, provinceCode: actor.role === 'province-admin' ? actor.province ?? null : null };
  }
}
