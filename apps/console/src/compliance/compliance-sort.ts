/** The province table's sortable columns. */
export type ComplianceSortKey = 'name' | 'share' | 'agencies';
export type SortDirection = 'asc' | 'desc';

interface Row {
  regionName: string;
  agencies: number;
  share?: number | null;
}

/**
 * Sorts the province's regencies: by name (Indonesian collation), by share or by agencies. A
 * regency with no agencies has no share: it sorts after every share, whichever the direction, so
 * "lowest first" shows the regencies that need a push rather than those with nothing to count.
 */
export function sortRegencies<T extends Row>(rows: readonly T[], key: ComplianceSortKey, direction: SortDirection): T[] {
  const sign = direction === 'asc' ? 1 : -1;
  const byName = (a: T, b: T) => a.regionName.localeCompare(b.regionName, 'id');
  return [...rows].sort((a, b) => {
    if (key === 'name') return sign * byName(a, b);
    if (key === 'agencies') return sign * (a.agencies - b.agencies) || byName(a, b);
    const sa = a.share ?? null;
    const sb = b.share ?? null;
    if (sa === null || sb === null) return sa === sb ? byName(a, b) : sa === null ? 1 : -1;
    return sign * (sa - sb) || byName(a, b);
  });
}

/** The bar's colour: red below half, yellow below all, green when every agency has an innovation. */
export function shareColour(share: number | null | undefined): 'red' | 'yellow' | 'green' | 'gray' {
  if (share === null || share === undefined) return 'gray';
  if (share >= 1) return 'green';
  return share >= 0.5 ? 'yellow' : 'red';
}
