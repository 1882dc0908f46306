/**
 * The opaque cursor of the innovation list. Without a search the list is ordered by
 * (registered_at, id) descending; with one by (rank, id) descending. The cursor holds the last
 * row's key in that order, as exact text (microseconds, float4) so no row is skipped or repeated.
 */
export type ListCursor = { kind: 'recent'; registeredAt: string; id: string } | { kind: 'rank'; rank: string; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const REAL = /^-?(\d+(\.\d+)?(e[+-]?\d+)?|Infinity)$/i;

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
  if (kind === 't' && TIMESTAMP.test(value)) return { kind: 'recent', registeredAt: value, id };
  if (kind === 'r' && REAL.test(value)) return { kind: 'rank', rank: value, id };
  return null;
}
