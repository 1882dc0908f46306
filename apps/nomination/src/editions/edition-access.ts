import { ForbiddenException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { canManageRegion, type Principal } from '@lumbung/platform';
import { EditionJuror } from './edition-juror.entity.js';
import type { Edition } from './edition.entity.js';

/** The owner's admins run an edition (and the province's and national admins above a regency, as everywhere). */
export function canRunEdition(p: Principal, edition: Pick<Edition, 'level' | 'ownerRegionCode'>): boolean {
  if (edition.level === 'national') return p.role === 'national-admin' || p.role === 'service';
  return !!edition.ownerRegionCode && canManageRegion(p, edition.ownerRegionCode);
}

export function assertCanRun(p: Principal, edition: Pick<Edition, 'level' | 'ownerRegionCode' | 'name'>): void {
  if (!canRunEdition(p, edition)) {
    const scope = p.region ?? p.province ?? 'no region';
    throw new ForbiddenException(`A ${p.role} of ${scope} does not run ${edition.name}`);
  }
}

/** A juror token names the editions it may judge; the edition's admin must also have assigned the juror. */
export function jurorClaims(p: Principal, editionId: string): boolean {
  return p.role === 'juror' && (p.editions ?? []).includes(editionId);
}

/**
 * Whether the caller is on the edition's jury now: the token names the edition and the admin's
 * assignment stands. A removed juror keeps a token naming the edition until it expires, so the
 * assignment is what counts.
 */
export async function isOfTheJury(manager: EntityManager, p: Principal, editionId: string): Promise<boolean> {
  return jurorClaims(p, editionId) && manager.existsBy(EditionJuror, { editionId, jurorId: p.sub });
}

/**
 * Whether the caller may see an edition's scores, ranks and ranking. The jury deliberates in
 * confidence: until the decision is published only the assigned jurors and the edition's admins
 * see them; from then on the results are public to everyone signed in.
 */
export async function maySeeScores(manager: EntityManager, p: Principal, edition: Pick<Edition, 'id' | 'level' | 'ownerRegionCode' | 'decidedAt'>): Promise<boolean> {
  return !!edition.decidedAt || canRunEdition(p, edition) || isOfTheJury(manager, p, edition.id);
}

/**
 * Why this juror may not score this entry, or null: the entry's agency or region is one the admin
 * recorded for the juror or one the juror declared. Every source of a conflict counts; none
 * overrides another.
 */
export function conflictOfInterest(
  juror: Pick<EditionJuror, 'name' | 'agencyId' | 'regionCode' | 'declaredAgencyIds' | 'declaredRegionCodes'>,
  entry: { agencyId: string; agencyName: string; regionCode: string },
): string | null {
  if (juror.agencyId === entry.agencyId || juror.declaredAgencyIds.includes(entry.agencyId)) {
    return `${juror.name} has employment at ${entry.agencyName} and may not score its entry`;
  }
  if (juror.regionCode === entry.regionCode || juror.declaredRegionCodes.includes(entry.regionCode)) {
    return `${juror.name} has employment in ${entry.regionCode} and may not score its entries`;
  }
  return null;
}

/**
 * Why this assigned juror may not judge this entry, or null: a conflict of interest, or an entry
 * of another panel (an entry's score is the mean of its own panel's jurors).
 */
export function judgingRefusal(
  juror: Pick<EditionJuror, 'name' | 'agencyId' | 'regionCode' | 'declaredAgencyIds' | 'declaredRegionCodes' | 'panelId'>,
  entry: { agencyId: string; agencyName: string; regionCode: string; panelId: string | null },
): string | null {
  const conflict = conflictOfInterest(juror, entry);
  if (conflict) return conflict;
  if (entry.panelId && juror.panelId !== entry.panelId) return `${juror.name} is not on the panel that scores this entry`;
  return null;
}
