/** The counts the tracking view gives per regency/city and for the province (TrackingCounts). */
export interface FunnelCounts {
  submitted: number;
  admitted: number;
  won: number;
  forwarded: number;
  atProvince: number;
  wonAtProvince: number;
  atNational: number;
  nationalResults: Record<string, number>;
}

/** From entering the regency contest to a national award, in the order an entry travels. */
export const FUNNEL_STAGES = ['submitted', 'admitted', 'won', 'forwarded', 'wonAtProvince', 'atNational', 'nationalAward'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** National results that are an award (Top 99, Top 45, Terpuji); "not-selected" is not. */
export const NATIONAL_AWARDS = ['top-99', 'top-45', 'terpuji'] as const;

export interface FunnelStep {
  stage: FunnelStage;
  value: number;
  /** Share of the stage before (1 for the first), null when the stage before is empty. */
  ofPrevious: number | null;
  /** Share of the entries submitted, null when none were. */
  ofSubmitted: number | null;
}

/**
 * The funnel of one region or of the whole province: how many entries reached each stage, and
 * what share of the stage before and of all submitted got there. Pure, so the chart and its table
 * show the same numbers and a test can pin them.
 */
export function funnel(counts: FunnelCounts): FunnelStep[] {
  const awards = NATIONAL_AWARDS.reduce((n, a) => n + (counts.nationalResults[a] ?? 0), 0);
  const values: Record<FunnelStage, number> = {
    submitted: counts.submitted,
    admitted: counts.admitted,
    won: counts.won,
    forwarded: counts.forwarded,
    wonAtProvince: counts.wonAtProvince,
    atNational: counts.atNational,
    nationalAward: awards,
  };
  const share = (n: number, of: number) => (of > 0 ? n / of : null);
  return FUNNEL_STAGES.map((stage, i) => ({
    stage,
    value: values[stage],
    ofPrevious: i === 0 ? (values[stage] > 0 ? 1 : null) : share(values[stage], values[FUNNEL_STAGES[i - 1]]),
    ofSubmitted: share(values[stage], counts.submitted),
  }));
}

/** Adds regions' counts up (the province's totals when the view is narrowed, or a sum to check). */
export function sumCounts(all: readonly FunnelCounts[]): FunnelCounts {
  const total: FunnelCounts = { submitted: 0, admitted: 0, won: 0, forwarded: 0, atProvince: 0, wonAtProvince: 0, atNational: 0, nationalResults: {} };
  for (const c of all) {
    for (const k of ['submitted', 'admitted', 'won', 'forwarded', 'atProvince', 'wonAtProvince', 'atNational'] as const) total[k] += c[k];
    for (const [r, n] of Object.entries(c.nationalResults)) total.nationalResults[r] = (total.nationalResults[r] ?? 0) + n;
  }
  return total;
}
