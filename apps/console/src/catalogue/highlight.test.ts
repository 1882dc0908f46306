import { describe, expect, it } from 'vitest';
import { highlightParts, searchTerms } from './highlight.js';

const marked = (text: string, q: string) => highlightParts(text, q).filter((p) => p.match).map((p) => p.text);

describe('highlighting the words a search matched', () => {
  it('marks the searched word whatever its case', () => {
    expect(marked('Layanan Perizinan daring untuk warga', 'perizinan')).toEqual(['Perizinan']);
  });

  it('marks affixed forms the Indonesian stemmer matches: izin ↔ perizinan, layanan ↔ pelayanan', () => {
    expect(marked('Jos Pakk: layanan perizinan daring', 'izin')).toEqual(['perizinan']);
    expect(marked('Pelayanan publik', 'layanan')).toEqual(['Pelayanan']);
  });

  it('keeps the text whole around the marks', () => {
    const parts = highlightParts('Izin usaha, izin usaha.', 'izin');
    expect(parts.map((p) => p.text).join('')).toBe('Izin usaha, izin usaha.');
    expect(parts.filter((p) => p.match)).toHaveLength(2);
  });

  it('reads the web syntax: "or" is no word, -word is excluded, quotes are words', () => {
    expect(searchTerms('"izin usaha" or stunting -posyandu')).toEqual(['izin', 'usaha', 'stunting']);
    expect(marked('Stunting dan posyandu', 'stunting -posyandu')).toEqual(['Stunting']);
  });

  it('marks nothing without a query', () => {
    expect(highlightParts('Apa saja', '')).toEqual([{ text: 'Apa saja', match: false }]);
  });
});
