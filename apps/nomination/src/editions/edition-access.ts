import { ForbiddenException } from '@nestjs/common';
import { canManageRegion, type Principal } from '@lumbung/platform';
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
