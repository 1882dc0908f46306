import type { ReplicationNetworkEntry, ReplicationRequestSnapshot, ReplicationRequestView, ReplicationTimelineEntry } from '@lumbung/contracts';
import type { Principal } from '@lumbung/platform';
import { partiesOf } from './replication-parties.js';
import type { ReplicationRequest } from './replication-request.entity.js';
import { isOpen, nextActions } from './replication-state-machine.js';
import type { ReplicationTimelineRow } from './replication-timeline.entity.js';

const DAY_MS = 24 * 3600 * 1000;

/** What every event of the request carries; no contact, reason or plan (see the contract). */
export function snapshotOf(r: ReplicationRequest): ReplicationRequestSnapshot {
  return {
    id: r.id,
    version: r.version,
    status: r.status,
    model: r.model,
    originInnovationId: r.originInnovationId,
    originInnovationName: r.originInnovationName,
    originRegionCode: r.originRegionCode,
    originAgencyId: r.originAgencyId,
    adopterRegionCode: r.adopterRegionCode,
    adopterAgencyId: r.adopterAgencyId,
    adopterAgencyName: r.adopterAgencyName,
    facilitator: r.facilitator,
    agreement: r.agreement,
    implementedOn: r.implementedOn,
    adopterInnovationName: r.adopterInnovationName,
    originRetiredAt: r.originRetiredAt?.toISOString() ?? null,
    requestedAt: r.requestedAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function isStalled(r: Pick<ReplicationRequest, 'status' | 'lastActivityAt'>, stalledDays: number, now: Date = new Date()): boolean {
  return isOpen(r.status) && now.getTime() - r.lastActivityAt.getTime() >= stalledDays * DAY_MS;
}

/** The request as a party or overseer reads it, with what `viewer` may do next. */
export function viewOf(r: ReplicationRequest, viewer: Principal, stalledDays: number, now: Date = new Date()): ReplicationRequestView {
  return {
    ...snapshotOf(r),
    originProvinceCode: r.originProvinceCode,
    adopterProvinceCode: r.adopterProvinceCode,
    reason: r.reason,
    plan: r.plan,
    contact: r.contact,
    adaptationNotes: r.adaptationNotes,
    benefitEvaluation: r.benefitEvaluation,
    originRetireReason: r.originRetireReason,
    originRetired: r.originRetiredAt !== null && isOpen(r.status),
    answeredAt: r.answeredAt?.toISOString() ?? null,
    lastActivityAt: r.lastActivityAt.toISOString(),
    stalled: isStalled(r, stalledDays, now),
    nextActions: nextActions(r, partiesOf(viewer, r)),
  };
}

export function timelineEntryOf(row: ReplicationTimelineRow): ReplicationTimelineEntry {
  return {
    version: row.version,
    action: row.action,
    fromStatus: row.fromStatus,
    toStatus: row.toStatus,
    actor: row.actor,
    actorRole: row.actorRole,
    at: row.at.toISOString(),
    note: row.note,
    details: row.details,
    correlationId: row.correlationId,
  };
}

export function networkEntryOf(r: ReplicationRequest): ReplicationNetworkEntry {
  return {
    requestId: r.id,
    status: r.status,
    model: r.model,
    adopterRegionCode: r.adopterRegionCode,
    adopterAgencyId: r.adopterAgencyId,
    adopterAgencyName: r.adopterAgencyName,
    adopterInnovationName: r.adopterInnovationName,
    requestedAt: r.requestedAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
  };
}
