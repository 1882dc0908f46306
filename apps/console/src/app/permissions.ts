/**
 * What a signed-in user may see and do, as pure functions of their account and a record. They
 * mirror the services' own checks (libs/platform's scope rules and each controller's roles) so that
 * a button the API would refuse is never offered; the API stays the authority.
 */
export const ROLES = ['agency-staff', 'region-admin', 'province-admin', 'national-admin', 'juror', 'service'] as const;
export type Role = (typeof ROLES)[number];

/** The parts of an account (GET /api/accounts/me) that decide permissions. */
export interface Scope {
  role: Role;
  region?: string | null;
  province?: string | null;
  agency?: string | null;
  editions?: string[] | null;
}

/** The console's sections, in the order of the navigation. */
export const SECTIONS = ['home', 'catalogue', 'replication', 'competitions', 'tracking', 'compliance', 'accounts', 'operations'] as const;
export type Section = (typeof SECTIONS)[number];

const ADMINS: readonly Role[] = ['region-admin', 'province-admin', 'national-admin'];

const SECTION_ROLES: Record<Section, readonly Role[]> = {
  home: ['agency-staff', 'region-admin', 'province-admin', 'national-admin', 'juror'],
  catalogue: ['agency-staff', 'region-admin', 'province-admin', 'national-admin', 'juror'],
  replication: ['agency-staff', 'region-admin', 'province-admin', 'national-admin'],
  competitions: ['agency-staff', 'region-admin', 'province-admin', 'national-admin', 'juror'],
  tracking: ['province-admin', 'national-admin'],
  compliance: ADMINS,
  // Everyone changes their own password there; admins also manage the accounts below them.
  accounts: ['agency-staff', 'region-admin', 'province-admin', 'national-admin', 'juror'],
  // The event stream's subscribers, queues and dead letters: the services' operator routes, changes for national admins.
  operations: ['national-admin'],
};

/** The sections a role may open: only these are in its navigation and routes. */
export function sectionsFor(scope: Scope): Section[] {
  return SECTIONS.filter((s) => SECTION_ROLES[s].includes(scope.role));
}

/** The province of a regency/city code ("33.19" → "33"). */
export const provinceOf = (regionCode: string) => regionCode.slice(0, 2);

/** Whether the user may change data belonging to a regency/city or province (scope.ts canManageRegion). */
export function canManageRegion(scope: Scope, regionCode: string): boolean {
  switch (scope.role) {
    case 'national-admin':
    case 'service':
      return true;
    case 'province-admin':
      return !!scope.province && provinceOf(regionCode) === scope.province;
    case 'region-admin':
      return !!scope.region && scope.region === regionCode;
    default:
      return false;
  }
}

/**
 * Whether the user may register or change an innovation of an agency of a regency/city: the
 * agency's own staff, or an admin over its region (scope.ts canManageAgencyData).
 */
export function mayManageAgencyData(scope: Scope, regionCode: string, agencyId: string): boolean {
  if (scope.role === 'agency-staff') return !!scope.region && scope.region === regionCode && scope.agency === agencyId;
  return scope.role !== 'service' && canManageRegion(scope, regionCode);
}

/** Whether "Daftarkan inovasi" is offered: to a user who may register for at least one agency. */
export function mayRegisterInnovations(scope: Scope): boolean {
  if (scope.role === 'agency-staff') return !!scope.region && !!scope.agency;
  if (scope.role === 'region-admin') return !!scope.region;
  if (scope.role === 'province-admin') return !!scope.province;
  return scope.role === 'national-admin';
}

/** The parts of an innovation the rules look at. */
export interface InnovationFacts {
  regionCode: string;
  agencyId: string;
  stage: string;
  retiredAt: string | null;
}

export type InnovationAction = 'revise' | 'change-stage' | 'retire' | 'request-replication';

/** Which of an innovation's actions the user may take now. */
export function mayOnInnovation(scope: Scope, action: InnovationAction, innovation: InnovationFacts): boolean {
  if (innovation.retiredAt) return false;
  switch (action) {
    case 'revise':
    case 'change-stage':
    case 'retire':
      return mayManageAgencyData(scope, innovation.regionCode, innovation.agencyId);
    case 'request-replication':
      // Filed by an adopter region's admin or one of its agencies, never into the origin's own
      // region, and only for an innovation already in use (penerapan).
      return (
        (scope.role === 'region-admin' || scope.role === 'agency-staff') &&
        !!scope.region &&
        scope.region !== innovation.regionCode &&
        innovation.stage === 'penerapan'
      );
  }
}

/** Whether the user may add, rename or retire the agencies and innovation types of a region. */
export function mayManageRegionLists(scope: Scope, regionCode: string): boolean {
  return ADMINS.includes(scope.role) && canManageRegion(scope, regionCode);
}

/** Whether "OPD dan jenis inovasi" is offered: to an admin over at least one regency/city. */
export function mayOpenRegionLists(scope: Scope): boolean {
  if (scope.role === 'region-admin') return !!scope.region;
  if (scope.role === 'province-admin') return !!scope.province;
  return scope.role === 'national-admin';
}
