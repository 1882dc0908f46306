/**
 * Ranking of an edition's entries, as pure functions of the scores: the same scores always give
 * the same order, whoever computes it and whenever.
 *
 * Arithmetic is exact: scores (0-100, two decimals) become integer hundredths, weights are integer
 * percents, and means are compared as fractions by cross-multiplying, so two entries with the
 * same mean really tie (no 83.33333 vs 83.33334 artefacts) and the tie-break decides.
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

/** A mean kept as a fraction of integers. */
export interface Mean {
  sum: number;
  count: number;
}

export interface RankedEntry {
  entryId: string;
  /** 1..n among entries with a complete sheet; null when no juror has scored every criterion yet. */
  rank: number | null;
  /** Weighted mean over jurors with a complete sheet, 0-100; null when none. */
  score: number | null;
  /** Mean score on the heaviest criterion over the same jurors (the first tie-break). */
  heaviestCriterionScore: number | null;
  jurors: number;
  /** Jurors who scored some of the criteria but not all: not counted until they finish. */
  partialSheets: number;
  proposal: Mean | null;
  heaviest: Mean | null;
}

const hundredths = (value: number) => Math.round(value * 100);

/** a vs b for means, as fractions: negative when a < b. An absent mean is lowest. */
export function compareMeans(a: Mean | null, b: Mean | null): number {
  if (!a || a.count === 0) return !b || b.count === 0 ? 0 : -1;
  if (!b || b.count === 0) return 1;
  const left = a.sum * b.count;
  const right = b.sum * a.count;
  if (Number.isSafeInteger(left) && Number.isSafeInteger(right)) return left - right;
  // Final scores multiply denominators: past 2^53 doubles would round a real difference away.
  const d = BigInt(a.sum) * BigInt(b.count) - BigInt(b.sum) * BigInt(a.count);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
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

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

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
 */
export function rankEntries(criteria: readonly RankingCriterion[], entries: readonly RankableEntry[], scores: Iterable<CriterionScore>): RankedEntry[] {
  return rankSheets(criteria, entries, sheetsOf(criteria, scores));
}

export function rankSheets(criteria: readonly RankingCriterion[], entries: readonly RankableEntry[], sheets: readonly Sheet[]): RankedEntry[] {
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
    const primary = complete ? { sum: acc!.total, count: complete * 10_000 } : null;
    const heaviest = complete ? { sum: acc!.heavy, count: complete * 100 } : null;
    return { entryId: e.id, submittedAt: e.submittedAt, primary, heaviest, complete, partial: acc?.partial ?? 0 };
  });
  rows.sort(byRank);
  let rank = 0;
  return rows.map((r) => ({
    entryId: r.entryId,
    rank: r.primary ? ++rank : null,
    score: r.primary ? round4(r.primary.sum / r.primary.count) : null,
    heaviestCriterionScore: r.heaviest ? round4(r.heaviest.sum / r.heaviest.count) : null,
    jurors: r.complete,
    partialSheets: r.partial,
    proposal: r.primary,
    heaviest: r.heaviest,
  }));
}

export interface FinalCandidate {
  entryId: string;
  submittedAt: string;
  /** From rankEntries. */
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
  const rows = candidates.map((c) => {
    // proposal mean in points = p.sum / p.count; presentation mean = q / (n × 100).
    const p = c.proposal ?? { sum: 0, count: 1 };
    const n = c.presentationScores.length;
    const q = c.presentationScores.reduce((sum, v) => sum + hundredths(v), 0);
    const qMean: Mean = n ? { sum: q, count: n * 100 } : { sum: 0, count: 1 };
    // (p.sum/p.count)(100 − w) + (q.sum/q.count)w, over one common denominator.
    const primary: Mean =
      presentationWeight === 0
        ? { sum: p.sum * 100, count: p.count }
        : { sum: p.sum * qMean.count * (100 - presentationWeight) + qMean.sum * p.count * presentationWeight, count: p.count * qMean.count };
    return { entryId: c.entryId, submittedAt: c.submittedAt, primary: c.proposal || n ? primary : null, heaviest: c.heaviest, presentation: n ? qMean : null };
  });
  rows.sort(byRank);
  return rows.map((r, i) => ({
    entryId: r.entryId,
    rank: i + 1,
    finalScore: r.primary ? round4(r.primary.sum / r.primary.count / 100) : null,
    presentationScore: r.presentation ? round4(r.presentation.sum / r.presentation.count) : null,
  }));
}
