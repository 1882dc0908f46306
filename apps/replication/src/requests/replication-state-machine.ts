import {
  OPEN_REPLICATION_STATUSES,
  REPLICATION_ACTIONS,
  type ReplicationAction,
  type ReplicationModel,
  type ReplicationStatus,
} from '@lumbung/contracts';

/**
 * Who stands where on a request: the origin region (its admins, the origin agency's staff), the
 * adopter (its region's admins, the adopting agency's staff), and overseers (the province of
 * either side, national admins), who watch and may call a request off but do not act for a party.
 */
export type Party = 'origin' | 'adopter' | 'overseer';

interface Rule {
  readonly to: ReplicationStatus;
  readonly by: readonly Party[];
  /** The statuses the action may start from, for a request of this model. */
  readonly from: (model: ReplicationModel) => readonly ReplicationStatus[];
  /** Why the action needs another status first, for the 409's message. */
  readonly hint?: (model: ReplicationModel) => string;
}

const OPEN: readonly ReplicationStatus[] = OPEN_REPLICATION_STATUSES;

/**
 * The lifecycle of PRODUCT.md as data: requested → accepted | declined → agreement-signed
 * (kerja-sama and fasilitasi only) → in-progress (each progress report) → implemented → completed;
 * withdrawn (adopter) and cancelled (origin or overseer) from any open status.
 * A plain table rather than a state-machine library: every rule is a line to read and to test, and
 * the party guard, which such libraries leave to callbacks, is part of each line.
 */
const RULES: Record<ReplicationAction, Rule> = {
  accept: { to: 'accepted', by: ['origin'], from: () => ['requested'] },
  decline: { to: 'declined', by: ['origin'], from: () => ['requested'] },
  'sign-agreement': {
    to: 'agreement-signed',
    by: ['origin', 'adopter'],
    from: (model) => (model === 'mandiri' ? [] : ['accepted']),
    hint: (model) => (model === 'mandiri' ? 'a mandiri replication needs no MoU or PKS' : 'the origin must accept the request first'),
  },
  'report-progress': {
    to: 'in-progress',
    by: ['adopter'],
    from: (model) => (model === 'mandiri' ? ['accepted', 'in-progress'] : ['agreement-signed', 'in-progress']),
    hint: (model) => (model === 'mandiri' ? 'the origin must accept the request first' : 'the MoU and PKS must be signed first'),
  },
  implement: { to: 'implemented', by: ['adopter'], from: () => ['in-progress'], hint: () => 'report progress first' },
  complete: { to: 'completed', by: ['adopter'], from: () => ['implemented'], hint: () => 'record the implementation first' },
  withdraw: { to: 'withdrawn', by: ['adopter'], from: () => OPEN },
  cancel: { to: 'cancelled', by: ['origin', 'overseer'], from: () => OPEN },
};

const PARTY_NAMES: Record<Party, string> = {
  origin: 'the origin region',
  adopter: 'the adopter',
  overseer: 'an overseeing province or national admin',
};

const VERBS: Record<ReplicationAction, string> = {
  accept: 'accept the request',
  decline: 'decline the request',
  'sign-agreement': 'record the signed agreement',
  'report-progress': 'report progress',
  implement: 'record the implementation',
  complete: 'complete the replication',
  withdraw: 'withdraw the request',
  cancel: 'cancel the request',
};

export type Decision =
  | { ok: true; to: ReplicationStatus }
  | { ok: false; reason: 'forbidden' | 'illegal'; message: string };

export function isOpen(status: ReplicationStatus): boolean {
  return OPEN.includes(status);
}

/**
 * Whether `parties` may take `action` on a request in `status`. The party is checked first: a
 * caller who may never take the action learns that (403), not the state it would need (409).
 */
export function decide(request: { status: ReplicationStatus; model: ReplicationModel }, action: ReplicationAction, parties: ReadonlySet<Party>): Decision {
  const rule = RULES[action];
  const verb = VERBS[action];
  if (!rule.by.some((p) => parties.has(p))) {
    return { ok: false, reason: 'forbidden', message: `Only ${rule.by.map((p) => PARTY_NAMES[p]).join(' or ')} may ${verb}` };
  }
  const from = rule.from(request.model);
  if (from.includes(request.status)) return { ok: true, to: rule.to };
  const hint = rule.hint?.(request.model);
  let message: string;
  if (from.length === 0) message = `Cannot ${verb}: ${hint}`;
  else if (!isOpen(request.status)) message = `Cannot ${verb}: the request is ${request.status}, which is final`;
  else message = `Cannot ${verb} while the request is ${request.status}: ${hint ?? `it must be ${from.join(' or ')}`}`;
  return { ok: false, reason: 'illegal', message };
}

/** The actions open to these parties now, in lifecycle order. */
export function nextActions(request: { status: ReplicationStatus; model: ReplicationModel }, parties: ReadonlySet<Party>): ReplicationAction[] {
  return REPLICATION_ACTIONS.filter((action) => decide(request, action, parties).ok);
}
