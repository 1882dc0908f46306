/**
 * Ranking of an edition's entries, as pure functions of the scores: the same scores always give
 * the same order, whoever computes it and whenever.
 *
 * Arithmetic is exact: scores (0-100, two decimals) become integer hundredths, weights are integer
 * percents, and means are kept as fractions of big integers, so two entries with the same mean
 * really tie (no 83.33333 vs 83.33334 artefacts) and the tie-break decides.
 *
 * Panels. When the jury is split into panels, an entry's score is the mean of its own panel's
 * jurors, and panels differ in severity: a strict panel would sink all of its entries. So the
 * ranking compares entries by their score centred on their panel:
 *
 *   ranking score = entry's score − mean score of its panel's entries + mean score of all entries
 *
 * (means over the entries with a complete sheet; the entries in no panel are one more group).
 * A panel whose entries are all 5 points below the rest is lifted by those 5 points; the order
 * inside a panel never changes; with one group (no panels) the ranking score is the score. This
 * is the usual correction of a fixed panel effect; it assumes entries were spread over panels
 * without regard to quality (the console's even split does), which is why it is documented in
 * the README beside the panels.
 */

export interface RankingCriterion {
  code: string;
  weight: number;
}

export interface RankableEntry {
  id: string;
  /** ISO timestamp; the earlier submission wins a tie. */
  submittedAt: string;
}

export interface CriterionScore {
  entryId: string;
  jurorId: string;
  criterion: string;
  /** 0-100, at most two decimals. */
  value: number;
}

/** A mean kept as a fraction of integers: sum / count, count > 0. */
export interface Mean {
  sum: bigint;
  count: bigint;
}

export interface RankedEntry {
  entryId: string;
  /** 1..n among entries with a complete sheet; null when no juror has scored every criterion yet. */
  rank: number | null;
  /** What the rank is by: the score centred on the entry's panel (the score itself without panels). */
  score: number | null;
  /** Weighted mean over the jurors with a complete sheet (its panel's), 0-100; null when none. */
  panelScore: number | null;
  /** Mean score on the heaviest criterion over the same jurors (the first tie-break). */
  heaviestCriterionScore: number | null;
  jurors: number;
  /** Jurors who scored some of the criteria but not all: not counted until they finish. */
  partialSheets: number;
  proposal: Mean | null;
  heaviest: Mean | null;
}

const hundredths = (value: number) => Math.round(value * 100);

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  while (b) [a, b] = [b, a % b];
  return a;
};

/** The fraction in lowest terms, so sums of many means keep small numbers. */
function reduced(sum: bigint, count: bigint): Mean {
  const g = gcd(sum, count) || 1n;
  return { sum: sum / g, count: count / g };
}

const add = (a: Mean, b: Mean): Mean => reduced(a.sum * b.count + b.sum * a.count, a.count * b.count);
const sub = (a: Mean, b: Mean): Mean => add(a, { sum: -b.sum, count: b.count });
const divide = (a: Mean, n: number): Mean => reduced(a.sum, a.count * BigInt(n));
const ZERO: Mean = { sum: 0n, count: 1n };

/** a vs b for means, as fractions: negative when a < b. An absent mean is lowest. */
export function compareMeans(a: Mean | null, b: Mean | null): number {
  if (!a) return !b ? 0 : -1;
  if (!b) return 1;
  const d = a.sum * b.count - b.sum * a.count;
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

/** A mean in points, rounded half away from zero to four decimals, for people to read. */
function points(m: Mean): number {
  const n = m.sum * 10_000n;
  const q = n >= 0n ? (2n * n + m.count) / (2n * m.count) : -((-2n * n + m.count) / (2n * m.count));
  return Number(q) / 10_000;
}

/** The criterion whose score breaks ties: the heaviest, the first listed among equals. */
export function heaviestCriterion(criteria: readonly RankingCriterion[]): RankingCriterion {
  return criteria.reduce((best, c) => (c.weight > best.weight ? c : best), criteria[0]);
}

/** Higher score first, then higher score on the heaviest criterion, then earlier submission, then id. */
function byRank<T extends { primary: Mean | null; heaviest: Mean | null; submittedAt: string; entryId: string }>(a: T, b: T): number {
  return (
    compareMeans(b.primary, a.primary) ||
    compareMeans(b.heaviest, a.heaviest) ||
    (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0) ||
    (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0)
  );
}

/** One juror's sheet for one entry: how many criteria scored, Σ weight × hundredths, the heaviest criterion's hundredths. */
export interface Sheet {
  entryId: string;
  jurorId: string;
  scored: number;
  total: number;
  heavy: number;
}

/** Folds scores into sheets (the database can do the same with GROUP BY; see ScoringService). */
export function sheetsOf(criteria: readonly RankingCriterion[], scores: Iterable<CriterionScore>): Sheet[] {
  const weights = new Map(criteria.map((c) => [c.code, c.weight]));
  const heavy = heaviestCriterion(criteria).code;
  const sheets = new Map<string, Sheet>();
  for (const s of scores) {
    const weight = weights.get(s.criterion);
    if (weight === undefined) continue;
    const key = `${s.entryId}\u0000${s.jurorId}`;
    let sheet = sheets.get(key);
    if (!sheet) sheets.set(key, (sheet = { entryId: s.entryId, jurorId: s.jurorId, scored: 0, total: 0, heavy: 0 }));
    const h = hundredths(s.value);
    sheet.total += weight * h;
    sheet.scored += 1;
    if (s.criterion === heavy) sheet.heavy = h;
  }
  return [...sheets.values()];
}

/**
 * Ranks entries by the weighted mean of their jurors' scores. A juror's sheet for an entry is
 * Σ weight × score / 100 over all criteria, and counts only once complete; the entry's score is
 * the mean of its complete sheets, so a juror who scored only some entries neither helps nor
 * hurts the others. Entries without a complete sheet come last, unranked, by submission.
 * `panelOf` gives each entry's panel (null: none); with more than one group the score is centred
 * on the panel as the header explains.
 */
export function rankEntries(
  criteria: readonly RankingCriterion[],
  entries: readonly RankableEntry[],
  scores: Iterable<CriterionScore>,
  panelOf?: ReadonlyMap<string, string | null>,
): RankedEntry[] {
  return rankSheets(criteria, entries, sheetsOf(criteria, scores), panelOf);
}

export function rankSheets(
  criteria: readonly RankingCriterion[],
  entries: readonly RankableEntry[],
  sheets: readonly Sheet[],
  panelOf: ReadonlyMap<string, string | null> = new Map(),
): RankedEntry[] {
  if (criteria.length === 0) throw new Error('an edition has at least one criterion');
  const byEntry = new Map<string, { total: number; heavy: number; complete: number; partial: number }>();
  for (const sheet of sheets) {
    let acc = byEntry.get(sheet.entryId);
    if (!acc) byEntry.set(sheet.entryId, (acc = { total: 0, heavy: 0, complete: 0, partial: 0 }));
    if (sheet.scored === criteria.length) {
      acc.total += sheet.total;
      acc.heavy += sheet.heavy;
      acc.complete += 1;
    } else acc.partial += 1;
  }
  const rows = entries.map((e) => {
    const acc = byEntry.get(e.id);
    const complete = acc?.complete ?? 0;
    // total is in hundredths × percent: divide by 100 × 100 for points.
    const raw = complete ? reduced(BigInt(acc!.total), BigInt(complete) * 10_000n) : null;
    const heaviest = complete ? reduced(BigInt(acc!.heavy), BigInt(complete) * 100n) : null;
    return { entryId: e.id, submittedAt: e.submittedAt, raw, primary: raw, heaviest, complete, partial: acc?.partial ?? 0 };
  });
  centreOnPanels(rows, panelOf);
  rows.sort(byRank);
  let rank = 0;
  return rows.map((r) => ({
    entryId: r.entryId,
    rank: r.primary ? ++rank : null,
    score: r.primary ? points(r.primary) : null,
    panelScore: r.raw ? points(r.raw) : null,
    heaviestCriterionScore: r.heaviest ? points(r.heaviest) : null,
    jurors: r.complete,
    partialSheets: r.partial,
    proposal: r.primary,
    heaviest: r.heaviest,
  }));
}

/** primary = raw − mean of the entry's group + mean of all, when the scored entries fall in more than one group. */
function centreOnPanels(rows: { entryId: string; raw: Mean | null; primary: Mean | null }[], panelOf: ReadonlyMap<string, string | null>): void {
  const scored = rows.filter((r) => r.raw);
  const groups = new Map<string | null, { sum: Mean; n: number }>();
  for (const r of scored) {
    const g = panelOf.get(r.entryId) ?? null;
    const acc = groups.get(g) ?? { sum: ZERO, n: 0 };
    groups.set(g, { sum: add(acc.sum, r.raw!), n: acc.n + 1 });
  }
  if (groups.size < 2) return;
  const overall = divide(scored.reduce((sum, r) => add(sum, r.raw!), ZERO), scored.length);
  for (const r of scored) {
    const group = groups.get(panelOf.get(r.entryId) ?? null)!;
    r.primary = add(sub(r.raw!, divide(group.sum, group.n)), overall);
  }
}

export interface FinalCandidate {
  entryId: string;
  submittedAt: string;
  /** From rankEntries: the ranking score (centred on the panel, if any). */
  proposal: Mean | null;
  heaviest: Mean | null;
  /** Presentation scores (0-100) of the jurors who scored the entry's presentation. */
  presentationScores: readonly number[];
}

export interface FinalRankedEntry {
  entryId: string;
  rank: number;
  finalScore: number | null;
  presentationScore: number | null;
}

/**
 * The final ranking of the finalists: the proposal score and the presentation mean, weighted by
 * the edition's presentation weight (percent). A finalist without presentation scores gets 0 for
 * that part when it counts: not presenting is not a neutral act. Same tie-breaks as the proposal.
 */
export function rankFinalists(candidates: readonly FinalCandidate[], presentationWeight: number): FinalRankedEntry[] {
  const w = BigInt(presentationWeight);
  const rows = candidates.map((c) => {
    const n = c.presentationScores.length;
    const q = c.presentationScores.reduce((sum, v) => sum + hundredths(v), 0);
    const presentation = n ? reduced(BigInt(q), BigInt(n) * 100n) : null;
    // (proposal × (100 − w) + presentation × w) / 100, in points
    const primary = c.proposal || n ? divide(add(scale(c.proposal ?? ZERO, 100n - w), scale(presentation ?? ZERO, w)), 100) : null;
    return { entryId: c.entryId, submittedAt: c.submittedAt, primary, heaviest: c.heaviest, presentation };
  });
  rows.sort(byRank);
  return rows.map((r, i) => ({
    entryId: r.entryId,
    rank: i + 1,
    finalScore: r.primary ? points(r.primary) : null,
    presentationScore: r.presentation ? points(r.presentation) : null,
  }));
}

const scale = (m: Mean, factor: bigint): Mean => reduced(m.sum * factor, m.count);
