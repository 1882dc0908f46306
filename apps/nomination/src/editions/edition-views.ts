import type { EditionSnapshot, JurorView } from '@lumbung/contracts';
import type { EditionJuror } from './edition-juror.entity.js';
import type { Edition } from './edition.entity.js';

export function editionSnapshot(e: Edition): EditionSnapshot {
  return {
    id: e.id,
    version: e.version,
    level: e.level,
    ownerRegionCode: e.ownerRegionCode,
    provinceCode: e.provinceCode,
    year: e.year,
    name: e.name,
    phase: e.phase,
    autoAdvance: e.autoAdvance,
    schedule: e.schedule,
    criteria: e.criteria,
    eligibility: e.eligibility,
    categories: e.categories,
    requiredDocuments: e.requiredDocuments ?? [],
    forwardingQuota: e.forwardingQuota,
    finalistCount: e.finalistCount,
    winnerCount: e.winnerCount,
    presentationWeight: e.presentationWeight,
    decidedAt: e.decidedAt?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export function jurorView(j: EditionJuror): JurorView {
  return { jurorId: j.jurorId, name: j.name, affiliation: j.affiliation, agencyId: j.agencyId, regionCode: j.regionCode, declaredAgencyIds: j.declaredAgencyIds, declaredRegionCodes: j.declaredRegionCodes, panelId: j.panelId ?? null, assignedAt: j.assignedAt.toISOString() };
}
