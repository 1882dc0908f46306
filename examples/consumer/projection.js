// @ts-check
import { isKnownEvent } from '@lumbung/events';

/**
 * The consumer's rules, with no I/O: which events it applies, which it skips, and the projection
 * it keeps (innovations by id, with their documents). consumer.js feeds it BullMQ jobs and saves
 * the state after each one.
 *
 * @typedef {import('@lumbung/events').EventEnvelope} EventEnvelope
 * @typedef {import('@lumbung/events').LumbungEvent} LumbungEvent
 *
 * @typedef {'applied' | 'duplicate' | 'stale' | 'ignored'} Outcome
 *
 * @typedef {object} Innovation
 * @property {string} id
 * @property {string} name
 * @property {string} regionCode
 * @property {string} agencyName
 * @property {string} stage
 * @property {boolean} retired
 * @property {number} version         the record's version (its ETag in the registry)
 * @property {string} lastEventId     the event that set this state
 * @property {string} updatedAt       that event's occurredAt
 *
 * @typedef {object} DocumentRow
 * @property {string} innovationId
 * @property {string} name
 * @property {string} indicator
 * @property {boolean} removed
 *
 * @typedef {object} State
 * @property {Record<string, number>} aggregateVersions  the last aggregateVersion applied, per aggregateId
 * @property {Set<string>} seenEventIds                  the ids of the latest events handled (at most REMEMBERED_EVENT_IDS)
 * @property {Record<string, Innovation>} innovations
 * @property {Record<string, DocumentRow>} documents
 * @property {Record<Outcome, number>} counts
 * @property {{ eventId: string, type: string, aggregateId: string, aggregateVersion: number, outcome: Outcome }[]} log  the latest outcomes
 */

/**
 * How many event ids the consumer remembers. Past that, a redelivered event is still skipped by the
 * version rule below (its aggregateVersion is at or below the one applied), so the id list only has
 * to cover the window in which BullMQ redelivers: a retry, a stalled job, a relay that re-sent.
 */
export const REMEMBERED_EVENT_IDS = 10_000;
const LOG_LENGTH = 50;

/** @returns {State} */
export function emptyState() {
  return { aggregateVersions: {}, seenEventIds: new Set(), innovations: {}, documents: {}, counts: { applied: 0, duplicate: 0, stale: 0, ignored: 0 }, log: [] };
}

/**
 * Handles one event: dedupe by event id, then aggregate order, then the projection.
 *
 * - Delivery is at least once (a retry, a relay re-sending after a crash, an operator's replay):
 *   an event whose id was seen is a duplicate and changes nothing.
 * - A queue may reorder (several jobs at once, a retried job behind newer ones): the consumer keeps
 *   the last aggregateVersion it applied per aggregateId and skips an event at or below it, as
 *   stale. Lumbung's events carry the whole state of what they describe (the innovation's snapshot,
 *   the document's metadata), so the newest event is all a projection needs and an older one that
 *   arrives late is safely dropped.
 * - Gaps are allowed: an aggregate's versions strictly increase, but a subscriber need not see every
 *   one. Its patterns may take only some of an aggregate's event types and a province filter skips
 *   events of other regions, so version 5 after version 2 is normal, not a lost event to wait for.
 *
 * @param {State} state
 * @param {EventEnvelope} event
 * @returns {Outcome}
 */
export function handle(state, event) {
  /** @type {Outcome} */
  let outcome;
  const last = state.aggregateVersions[event.aggregateId];
  if (state.seenEventIds.has(event.id)) outcome = 'duplicate';
  else if (!isKnownEvent(event) || !PROJECTED_TYPES.includes(event.type)) outcome = 'ignored';
  else if (last !== undefined && event.aggregateVersion <= last) outcome = 'stale';
  else {
    apply(state, event);
    state.aggregateVersions[event.aggregateId] = event.aggregateVersion;
    outcome = 'applied';
  }
  if (outcome === 'applied' || outcome === 'ignored') remember(state, event.id);
  state.counts[outcome] += 1;
  state.log.push({ eventId: event.id, type: event.type, aggregateId: event.aggregateId, aggregateVersion: event.aggregateVersion, outcome });
  if (state.log.length > LOG_LENGTH) state.log.splice(0, state.log.length - LOG_LENGTH);
  return outcome;
}

/**
 * The event types this projection applies. Any other (agency.*, a type added after the package
 * was built) is acknowledged and ignored.
 * @type {string[]}
 */
export const PROJECTED_TYPES = [
  'innovation.registered',
  'innovation.revised',
  'innovation.stage-changed',
  'innovation.retired',
  'innovation.document-added',
  'innovation.document-removed',
];

/**
 * @param {State} state
 * @param {LumbungEvent} event
 */
function apply(state, event) {
  switch (event.type) {
    case 'innovation.registered':
    case 'innovation.revised':
    case 'innovation.stage-changed':
    case 'innovation.retired': {
      const i = event.payload.innovation;
      state.innovations[i.id] = {
        id: i.id,
        name: i.name,
        regionCode: i.regionCode,
        agencyName: i.agencyName,
        stage: i.stage,
        retired: i.retiredAt != null,
        version: i.version,
        lastEventId: event.id,
        updatedAt: event.occurredAt,
      };
      break;
    }
    // A document is an aggregate of its own (version 1 added, 2 removed), so its events order apart
    // from the innovation's; a removal that overtook its addition makes the addition stale.
    case 'innovation.document-added':
    case 'innovation.document-removed': {
      const { innovationId, document } = event.payload;
      state.documents[document.id] = { innovationId, name: document.name, indicator: document.indicator, removed: event.type === 'innovation.document-removed' };
      break;
    }
  }
}

/**
 * @param {State} state
 * @param {string} id
 */
function remember(state, id) {
  state.seenEventIds.add(id);
  // A Set keeps insertion order: the first id is the oldest.
  while (state.seenEventIds.size > REMEMBERED_EVENT_IDS) state.seenEventIds.delete(/** @type {string} */ (state.seenEventIds.values().next().value));
}

/**
 * The state as JSON (the file consumer.js keeps).
 * @param {State} state
 */
export function toJson(state) {
  return JSON.stringify({ ...state, seenEventIds: [...state.seenEventIds] }, null, 2);
}

/**
 * @param {string} text
 * @returns {State}
 */
export function fromJson(text) {
  const saved = JSON.parse(text);
  return { ...emptyState(), ...saved, seenEventIds: new Set(saved.seenEventIds ?? []) };
}
