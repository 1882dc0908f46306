import { provinceOf, type Role, type Scope } from '../app/permissions.js';

/**
 * Which accounts an admin may create and manage: the registry's account-rules.ts
 * (mayManageAccount) as pure functions of the signed-in account, so the Akun page offers only
 * what the API would accept. The API stays the authority.
 */
const CREATABLE: Partial<Record<Role, readonly Role[]>> = {
  'national-admin': ['national-admin', 'province-admin', 'region-admin', 'agency-staff', 'juror', 'service'],
  'province-admin': ['region-admin', 'agency-staff', 'juror'],
  'region-admin': ['agency-staff', 'juror'],
};

/** The roles the admin may give a new account; empty for a user who manages no accounts. */
export function creatableRoles(actor: Scope): Role[] {
  if (actor.role === 'province-admin' && !actor.province) return [];
  if (actor.role === 'region-admin' && !actor.region) return [];
  return [...(CREATABLE[actor.role] ?? [])];
}

/** Whether the user manages accounts at all (sees the list and the create form). */
export const managesAccounts = (actor: Scope) => creatableRoles(actor).length > 0;

/** The stored scope of an account, as GET /accounts answers it. */
export interface TargetScope {
  role: Role;
  region?: string | null;
  province?: string | null;
}

/** Whether the user may deactivate, reactivate or reset the password of `target` (mayManageAccount). */
export function mayManageAccount(actor: Scope, target: TargetScope): boolean {
  switch (actor.role) {
    case 'national-admin':
      return true;
    case 'province-admin': {
      const own = actor.province;
      if (!own) return false;
      if (target.role === 'region-admin' || target.role === 'agency-staff') return !!target.region && provinceOf(target.region) === own;
      if (target.role === 'juror') return target.province === own || (!!target.region && provinceOf(target.region) === own);
      return false;
    }
    case 'region-admin': {
      const own = actor.region;
      if (!own) return false;
      return (target.role === 'agency-staff' || target.role === 'juror') && target.region === own;
    }
    default:
      return false;
  }
}

/** What the create form must ask for besides name and email, by the role chosen. */
export function scopeFieldsFor(role: Role, actor: Scope): Array<'province' | 'region' | 'agency'> {
  switch (role) {
    case 'province-admin':
      return ['province'];
    case 'region-admin':
      // A province admin picks one of its regencies; a national admin types the code.
      return ['region'];
    case 'agency-staff':
      // A region admin's agencies are its own region's; others first choose the regency.
      return actor.role === 'region-admin' ? ['agency'] : ['region', 'agency'];
    default:
      return [];
  }
}
