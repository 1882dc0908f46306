import { describe, expect, it } from 'vitest';
import en from '../locales/en/translation.json';
import id from '../locales/id/translation.json';
import { funnel, FUNNEL_STAGES, NATIONAL_AWARDS, sumCounts, type FunnelCounts } from './funnel.js';

const kudus: FunnelCounts = { submitted: 30, admitted: 27, won: 3, forwarded: 3, atProvince: 3, wonAtProvince: 1, atNational: 1, nationalResults: { 'top-45': 1 } };
const demak: FunnelCounts = { submitted: 10, admitted: 9, won: 3, forwarded: 2, atProvince: 2, wonAtProvince: 0, atNational: 0, nationalResults: {} };
const empty: FunnelCounts = { submitted: 0, admitted: 0, won: 0, forwarded: 0, atProvince: 0, wonAtProvince: 0, atNational: 0, nationalResults: {} };

describe('funnel', () => {
  it('follows an entry from submission to a national award, with the share of the stage before and of all submitted', () => {
    expect(funnel(kudus).map((s) => [s.stage, s.value, s.ofPrevious, s.ofSubmitted])).toEqual([
      ['submitted', 30, 1, 1],
      ['admitted', 27, 0.9, 0.9],
      ['won', 3, 3 / 27, 0.1],
      ['forwarded', 3, 1, 0.1],
      ['wonAtProvince', 1, 1 / 3, 1 / 30],
      ['atNational', 1, 1, 1 / 30],
      ['nationalAward', 1, 1, 1 / 30],
    ]);
  });

  it('counts Top 99, Top 45 and Terpuji as awards, not "not selected"', () => {
    const national = { ...kudus, atNational: 4, nationalResults: { 'top-99': 1, 'top-45': 1, terpuji: 1, 'not-selected': 1 } };
    expect(funnel(national).at(-1)).toMatchObject({ stage: 'nationalAward', value: 3, ofPrevious: 0.75 });
  });

  it('a region that sent nothing has no shares, not a division by zero', () => {
    expect(funnel(empty).every((s) => s.value === 0 && s.ofPrevious === null && s.ofSubmitted === null)).toBe(true);
  });

  it('a stage after an empty one has no share of it', () => {
    expect(funnel(demak).find((s) => s.stage === 'atNational')).toEqual({ stage: 'atNational', value: 0, ofPrevious: null, ofSubmitted: 0 });
  });
});

describe('sumCounts', () => {
  it('adds every count and every national result', () => {
    expect(sumCounts([kudus, demak, empty])).toEqual({ submitted: 40, admitted: 36, won: 6, forwarded: 5, atProvince: 5, wonAtProvince: 1, atNational: 1, nationalResults: { 'top-45': 1 } });
  });
});

// The pages build these keys from lists (t(`tracking.stages.${stage}`)), which the shared locale
// test cannot see: every one must be in both languages.

describe('tracking texts', () => {
  const built = [
    ...FUNNEL_STAGES.map((s) => `stages.${s}`),
    ...['submitted', 'returned', 'withdrawn', 'admitted', 'rejected', 'scored', 'finalist', 'winner', 'not-selected', 'disqualified'].map((s) => `states.${s}`),
    ...[...NATIONAL_AWARDS, 'not-selected'].map((r) => `results.${r}`),
    ...['regency', 'province', 'national'].map((l) => `levels.${l}`),
  ];
  const lookup = (tree: unknown, key: string) => key.split('.').reduce<any>((node, part) => node?.[part], tree);
  it.each([['id', id.tracking], ['en', en.tracking]] as const)('every built key is in %s', (_, tree) => {
    expect(built.filter((k) => typeof lookup(tree, k) !== 'string')).toEqual([]);
  });
});
