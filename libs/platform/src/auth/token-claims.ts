import { ROLES, type Role } from '@lumbung/contracts';
import { REGION_CODE_PATTERN } from '@lumbung/contracts';
import type { Principal } from './principal.js';

/**
 * Turns verified JWT claims into a Principal, or says why it can't: a token whose role lacks the
 * scope claim that role needs is refused, never read as "no scope means everywhere".
 */
export function principalFromClaims(claims: Record<string, unknown>): Principal | string {
  const { sub, role, region, province, agency, editions } = claims;
  if (typeof sub !== 'string' || !sub) return 'token has no subject';
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return 'token has no known role';
  const p: Principal = { sub, role: role as Role };
  const needsRegion = role === 'region-admin' || role === 'agency-staff';
  if (needsRegion) {
    if (typeof region !== 'string' || !REGION_CODE_PATTERN.test(region) || region.length !== 5) return `a ${role} token needs a regency/city "region" claim`;
    p.region = region;
  }
  if (role === 'agency-staff') {
    if (typeof agency !== 'string' || !agency) return 'an agency-staff token needs an "agency" claim';
    p.agency = agency;
  }
  if (role === 'province-admin') {
    if (typeof province !== 'string' || !/^\d{2}$/.test(province)) return 'a province-admin token needs a "province" claim';
    p.province = province;
  }
  if (role === 'juror') {
    if (!Array.isArray(editions) || !editions.every((e) => typeof e === 'string')) return 'a juror token needs an "editions" claim';
    p.editions = editions as string[];
  }
  return p;
}
