/**
 * The opaque cursor of the innovation list. Without a search the list is ordered by
 * (registered_at, id) descending; with one by (rank, id) descending. The cursor holds the last
 * row's key in that order, as exact text (microseconds, float4) so no row is skipped or repeated.
 */
export type ListCursor = { kind: 'recent'; registeredAt: string; id: string } | { kind: 'rank'; rank: string; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;
const REAL = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;
/** The largest finite float4: a rank beyond it fails the ::real cast in PostgreSQL. */
const REAL_MAX = 3.4028234e38;

/**
 * A well-formed timestamp that exists: month 13, 30 February, hour 25 and year 0 match the pattern
 * but failed the ::timestamptz cast, a 500 (found by test/abuse). Date.UTC rolls such values over,
 * so a date that exists is one that comes back as it went in.
 */
function isRealTimestamp(text: string): boolean {
  const m = TIMESTAMP.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  if (year < 1) return false;
  const at = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  at.setUTCFullYear(year); // Date.UTC reads years 0-99 as 1900-1999
  return at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === day && at.getUTCHours() === hour && at.getUTCMinutes() === minute && at.getUTCSeconds() === second;
}

/** A rank this service could have written: a finite float4 (a rank is never infinite). */
function isRealRank(text: string): boolean {
  if (!REAL.test(text)) return false;
  const value = Math.abs(Number(text));
  return Number.isFinite(value) && value <= REAL_MAX;
}

export function encodeCursor(cursor: ListCursor): string {
  const key = cursor.kind === 'recent' ? ['t', cursor.registeredAt, cursor.id] : ['r', cursor.rank, cursor.id];
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The cursor, or null when it is not one this service made (the caller gets a 400 on `cursor`). */
export function decodeCursor(text: string): ListCursor | null {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(key) || key.length !== 3 || !key.every((part) => typeof part === 'string')) return null;
  const [kind, value, id] = key as [string, string, string];
  if (!UUID.test(id)) return null;
  if (kind === 't' && isRealTimestamp(value)) return { kind: 'recent', registeredAt: value, id };
  if (kind === 'r' && isRealRank(value)) return { kind: 'rank', rank: value, id };
  return null;
}
