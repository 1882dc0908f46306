import type { CompetitionLevel } from '@lumbung/contracts';

interface LeveledEdition {
  level: CompetitionLevel;
  ownerRegionCode: string | null;
  provinceCode: string | null;
  name: string;
}

/**
 * Why a winner of `source` may not be forwarded into `target`, or null. Regency winners go to
 * their own province's edition, or straight to the national contest (every regency is a SINOVIK
 * participant in its own right); province winners go to the national one. Nothing skips sideways
 * or down.
 */
export function forwardingProblem(source: LeveledEdition, target: LeveledEdition): string | null {
  if (source.level === 'regency' && target.level === 'province') {
    return target.ownerRegionCode === source.provinceCode ? null : `${source.name} forwards to the edition of its own province (${source.provinceCode}), not ${target.name}`;
  }
  if ((source.level === 'regency' || source.level === 'province') && target.level === 'national') return null;
  return `a ${source.level} winner cannot be forwarded to a ${target.level} edition: it is not the next level`;
}
