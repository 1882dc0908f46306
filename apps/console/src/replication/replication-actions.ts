import { provinceOf, type Scope } from '../app/permissions.js';

/**
 * Which steps of a replication request the signed-in user may take now, as pure functions that
 * mirror apps/replication/src/requests (replication-parties.ts: who speaks for which side;
 * replication-state-machine.ts: which party takes which step from which status). A step the API
 * would refuse is not offered; the API stays the authority.
 */
export const REPLICATION_STATUSES = ['requested', 'accepted', 'declined', 'agreement-signed', 'in-progress', 'implemented', 'completed', 'withdrawn', 'cancelled'] as const;
export type ReplicationStatus = (typeof REPLICATION_STATUSES)[number];
export const OPEN_STATUSES: readonly ReplicationStatus[] = ['requested', 'accepted', 'agreement-signed', 'in-progress', 'implemented'];

export const REPLICATION_MODELS = ['mandiri', 'kerja-sama', 'fasilitasi'] as const;
export type ReplicationModel = (typeof REPLICATION_MODELS)[number];

/** In lifecycle order, as the service lists its next actions. */
export const REPLICATION_ACTIONS = ['accept', 'decline', 'sign-agreement', 'report-progress', 'implement', 'complete', 'withdraw', 'cancel'] as const;
export type ReplicationAction = (typeof REPLICATION_ACTIONS)[number];

export type Party = 'origin' | 'adopter' | 'overseer';

/** The parts of a request the rules look at. */
export interface RequestFacts {
  status: ReplicationStatus;
  model: ReplicationModel;
  originRegionCode: string;
  originAgencyId: string;
  adopterRegionCode: string;
  adopterAgencyId: string;
}

const isProvinceCode = (code: string) => /^\d{2}$/.test(code);

/** Whether the user speaks for a side: its regency's admins, its agency's staff, or the province for a provincial OPD. */
function speaksFor(scope: Scope, regionCode: string, agencyId: string): boolean {
  switch (scope.role) {
    case 'region-admin':
      return scope.region === regionCode;
    case 'agency-staff':
      return scope.region === regionCode && scope.agency === agencyId;
    case 'province-admin':
      return isProvinceCode(regionCode) && scope.province === regionCode;
    default:
      return false;
  }
}

/** The roles the user holds on a request (replication-parties.ts partiesOf). */
export function partiesOf(scope: Scope, request: Omit<RequestFacts, 'status' | 'model'>): Set<Party> {
  const parties = new Set<Party>();
  if (speaksFor(scope, request.originRegionCode, request.originAgencyId)) parties.add('origin');
  if (speaksFor(scope, request.adopterRegionCode, request.adopterAgencyId)) parties.add('adopter');
  if (scope.role === 'national-admin') parties.add('overseer');
  if (scope.role === 'province-admin' && [request.originRegionCode, request.adopterRegionCode].some((r) => provinceOf(r) === scope.province)) parties.add('overseer');
  return parties;
}

interface Rule {
  by: readonly Party[];
  from: (model: ReplicationModel) => readonly ReplicationStatus[];
}

/** replication-state-machine.ts RULES, line for line. */
const RULES: Record<ReplicationAction, Rule> = {
  accept: { by: ['origin'], from: () => ['requested'] },
  decline: { by: ['origin'], from: () => ['requested'] },
  'sign-agreement': { by: ['origin', 'adopter'], from: (m) => (m === 'mandiri' ? [] : ['accepted']) },
  'report-progress': { by: ['adopter'], from: (m) => (m === 'mandiri' ? ['accepted', 'in-progress'] : ['agreement-signed', 'in-progress']) },
  implement: { by: ['adopter'], from: () => ['in-progress'] },
  complete: { by: ['adopter'], from: () => ['implemented'] },
  withdraw: { by: ['adopter'], from: () => OPEN_STATUSES },
  cancel: { by: ['origin', 'overseer'], from: () => OPEN_STATUSES },
};

/** The steps the user may take on the request now, in lifecycle order. */
export function actionsFor(scope: Scope, request: RequestFacts): ReplicationAction[] {
  const parties = partiesOf(scope, request);
  return REPLICATION_ACTIONS.filter((a) => RULES[a].by.some((p) => parties.has(p)) && RULES[a].from(request.model).includes(request.status));
}

/** Whether the user may file a request from their region (an admin or an agency's staff of a regency/city). */
/** Whether the user may attach or remove the request's documents: either side's people, while it is open (request-documents.service). */
export function mayChangeDocuments(scope: Scope, request: RequestFacts): boolean {
  const parties = partiesOf(scope, request);
  return (parties.has('origin') || parties.has('adopter')) && OPEN_STATUSES.includes(request.status);
}

export function mayFileRequest(scope: Scope): boolean {
  return (scope.role === 'region-admin' || scope.role === 'agency-staff') && !!scope.region;
}
