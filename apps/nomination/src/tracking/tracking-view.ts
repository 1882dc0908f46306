import type { CompetitionLevel, EntryState, NationalResult, TrackedEntry, TrackedRegion, TrackingCounts, TrackingLevelStep, TrackingView } from '@lumbung/contracts';

/** One entry of the funnel as the tracking query returns it. */
export interface FunnelRow {
  id: string;
  sourceEntryId: string | null;
  editionId: string;
  level: CompetitionLevel;
  year: number;
  innovationId: string;
  innovationName: string;
  agencyName: string;
  regionCode: string;
  state: EntryState;
  rank: number | null;
  nationalResult: NationalResult | null;
}

/** Submitted entries that were not admitted (yet): awaiting the check, returned for correction, or withdrawn. */
const AWAITING_OR_WITHDRAWN: readonly EntryState[] = ['submitted', 'returned', 'withdrawn'];

const emptyCounts = (): TrackingCounts => ({ submitted: 0, admitted: 0, rejected: 0, won: 0, forwarded: 0, atProvince: 0, wonAtProvince: 0, atNational: 0, nationalResults: {} });

const step = (r: FunnelRow): TrackingLevelStep => ({ entryId: r.id, editionId: r.editionId, year: r.year, state: r.state, rank: r.rank, nationalResult: r.nationalResult });

function add(into: TrackingCounts, from: TrackingCounts): void {
  for (const key of ['submitted', 'admitted', 'rejected', 'won', 'forwarded', 'atProvince', 'wonAtProvince', 'atNational'] as const) into[key] += from[key];
  for (const [result, n] of Object.entries(from.nationalResults)) into.nationalResults[result] = (into.nationalResults[result] ?? 0) + n;
}

/**
 * The provincial funnel for one year: per regency/city (every one of the province, the ones
 * without entries included, then the province's own OPDs), each entry followed from its first
 * edition through forwarding to the province and the national contest, with counts. Pure, so the
 * view is the same whoever asks and the benchmark measures the query and this apart.
 */
export function buildTracking(province: string, year: number, regions: readonly { code: string; name: string }[], rows: readonly FunnelRow[]): TrackingView {
  const children = new Map<string, FunnelRow[]>();
  for (const r of rows) {
    if (!r.sourceEntryId) continue;
    const list = children.get(r.sourceEntryId) ?? [];
    list.push(r);
    children.set(r.sourceEntryId, list);
  }
  const childAt = (parent: FunnelRow | null, level: CompetitionLevel) => (parent ? (children.get(parent.id) ?? []).find((c) => c.level === level) ?? null : null);

  const byRegion = new Map<string, { entries: TrackedEntry[]; counts: TrackingCounts }>(regions.map((r) => [r.code, { entries: [], counts: emptyCounts() }]));
  const roots = rows.filter((r) => r.level === 'regency' || (r.level === 'province' && !r.sourceEntryId));
  for (const root of roots) {
    const regency = root.level === 'regency' ? root : null;
    const provinceStep = root.level === 'province' ? root : childAt(root, 'province');
    const national = childAt(regency, 'national') ?? childAt(provinceStep, 'national');
    const reached = national ? `national:${national.nationalResult ?? national.state}` : provinceStep ? `province:${provinceStep.state}` : `regency:${root.state}`;
    let region = byRegion.get(root.regionCode);
    if (!region) byRegion.set(root.regionCode, (region = { entries: [], counts: emptyCounts() }));
    region.entries.push({
      innovationId: root.innovationId,
      innovationName: root.innovationName,
      agencyName: root.agencyName,
      regency: regency && step(regency),
      province: provinceStep && step(provinceStep),
      national: national && step(national),
      reached,
    });
    const c = region.counts;
    c.submitted += 1;
    if (root.state === 'rejected') c.rejected += 1;
    else if (!AWAITING_OR_WITHDRAWN.includes(root.state)) c.admitted += 1;
    if (root.state === 'winner') c.won += 1;
    if ((children.get(root.id) ?? []).length > 0) c.forwarded += 1;
    if (provinceStep) c.atProvince += 1;
    if (provinceStep?.state === 'winner') c.wonAtProvince += 1;
    if (national) {
      c.atNational += 1;
      if (national.nationalResult) c.nationalResults[national.nationalResult] = (c.nationalResults[national.nationalResult] ?? 0) + 1;
    }
  }

  const totals = emptyCounts();
  const names = new Map(regions.map((r) => [r.code, r.name]));
  const out: TrackedRegion[] = [...byRegion.entries()].map(([code, { entries, counts }]) => {
    add(totals, counts);
    entries.sort((a, b) => (a.regency?.rank ?? a.province?.rank ?? 1e9) - (b.regency?.rank ?? b.province?.rank ?? 1e9) || a.innovationName.localeCompare(b.innovationName));
    return { regionCode: code, regionName: names.get(code) ?? code, counts, entries };
  });
  return { province, year, totals, regions: out };
}
