import { randomUUID } from 'node:crypto';
import type { EventEnvelope, InnovationSnapshot } from '@lumbung/contracts';

/** A valid innovation record as the registry's events carry it; `changes` override any field. */
export function innovationSnapshot(changes: Partial<InnovationSnapshot> = {}): InnovationSnapshot {
  return {
    id: randomUUID(),
    version: 1,
    name: 'Jos Pakk: layanan perizinan daring',
    regionCode: '33.19',
    provinceCode: '33',
    agencyId: randomUUID(),
    agencyName: 'Dinas Penanaman Modal dan PTSP',
    typeCode: 'teknologi',
    stage: 'penerapan',
    initiator: 'opd',
    digital: true,
    form: 'pelayanan-publik',
    governmentAffair: 'penanaman modal',
    trialStartedOn: '2021-03-01',
    implementedOn: '2022-01-10',
    problem: null,
    design: null,
    goals: null,
    benefits: null,
    results: null,
    evidence: [],
    originInnovationId: null,
    replicationRequestId: null,
    yearRegistered: 2022,
    retiredAt: null,
    retireReason: null,
    registeredAt: '2022-01-10T00:00:00.000Z',
    updatedAt: '2022-01-10T00:00:00.000Z',
    ...changes,
  };
}

/** An event as a producer's relay would put it on a queue (version 1 of its contract). */
export function eventEnvelope(
  type: string,
  aggregateId: string,
  aggregateVersion: number,
  payload: Record<string, unknown>,
  overrides: Partial<EventEnvelope> = {},
): EventEnvelope {
  return {
    id: randomUUID(),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    producer: type.startsWith('replication.') ? 'replication' : type.startsWith('innovation.') || type.startsWith('agency.') ? 'registry' : 'nomination',
    correlationId: `test-${randomUUID()}`,
    causationId: null,
    aggregateId,
    aggregateVersion,
    payload,
    ...overrides,
  };
}

/** An innovation event whose aggregate version is the snapshot's version. */
export function innovationEvent(type: string, innovation: InnovationSnapshot, extra: Record<string, unknown> = {}): EventEnvelope {
  return eventEnvelope(type, innovation.id, innovation.version, { innovation, ...extra });
}

/** A valid replication.completed payload (a mandiri replication from Kudus to Demak); `requestId` fresh unless given. */
export function replicationCompletedPayload(requestId: string = randomUUID()) {
  return {
    requestId,
    originInnovationId: randomUUID(),
    originRegionCode: '33.19',
    adopterRegionCode: '33.21',
    adopterAgencyId: randomUUID(),
    model: 'mandiri' as const,
    completedAt: new Date().toISOString(),
  };
}
