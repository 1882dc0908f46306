/**
 * Marks the words of a text that the full-text search matched. The registry searches with
 * PostgreSQL's 'indonesian' stemmer, so "perizinan" finds "izin": the console strips the same
 * common affixes (lightly) from both sides before comparing, and a word that begins with a
 * searched term matches too. Words after "-" (excluded on the web syntax) are not marked.
 */
export interface TextPart {
  text: string;
  match: boolean;
}

const SUFFIXES = ['nya', 'lah', 'kah', 'kan', 'an', 'i'];
const PREFIXES = ['meng', 'meny', 'peng', 'peny', 'mem', 'men', 'pem', 'pen', 'per', 'ber', 'ter', 'me', 'pe', 'di', 'ke', 'se'];
const MIN_ROOT = 3;

/** A light Indonesian stem: one suffix and one prefix off, never below three letters. */
export function stem(word: string): string {
  let w = word.toLocaleLowerCase('id');
  for (const s of SUFFIXES) {
    if (w.endsWith(s) && w.length - s.length >= MIN_ROOT) {
      w = w.slice(0, -s.length);
      break;
    }
  }
  for (const p of PREFIXES) {
    if (w.startsWith(p) && w.length - p.length >= MIN_ROOT) {
      w = w.slice(p.length);
      break;
    }
  }
  return w;
}

/** The searched terms of a web-style query: quoted phrases split into words, "or" and "-words" left out. */
export function searchTerms(query: string): string[] {
  return query
    .split(/\s+/)
    .filter((token) => token && !token.startsWith('-') && token.toLowerCase() !== 'or')
    .flatMap((token) => token.split(/[^\p{L}\p{N}]+/u))
    .filter((term) => term.length >= 2)
    .map((term) => term.toLocaleLowerCase('id'));
}

const WORD = /[\p{L}\p{N}]+/gu;

export function highlightParts(text: string, query: string): TextPart[] {
  const terms = searchTerms(query);
  if (!terms.length || !text) return [{ text, match: false }];
  const stems = terms.map(stem);
  const matches = (word: string) => {
    const lower = word.toLocaleLowerCase('id');
    const root = stem(word);
    return terms.some((t) => lower.startsWith(t)) || stems.some((s) => s === root || (s.length >= 4 && lower.includes(s)));
  };
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    if (!matches(m[0])) continue;
    if (m.index > last) parts.push({ text: text.slice(last, m.index), match: false });
    parts.push({ text: m[0], match: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false });
  return parts;
}
