import { complianceCounts, currentYear, endOfYear, NO_AGENCIES } from './compliance-counts.js';

describe('complianceCounts', () => {
  it('gives the share as 0..1 to four places and the percentage to one', () => {
    expect(complianceCounts(3, 2)).toEqual({ agencies: 3, withInnovation: 2, withoutInnovation: 1, share: 0.6667, percentage: 66.7, note: null });
  });

  it('says full and no compliance plainly', () => {
    expect(complianceCounts(4, 4)).toMatchObject({ share: 1, percentage: 100, withoutInnovation: 0 });
    expect(complianceCounts(5, 0)).toMatchObject({ share: 0, percentage: 0, withoutInnovation: 5, note: null });
  });

  it('gives no share, rather than 0%, to a region without agencies', () => {
    expect(complianceCounts(0, 0)).toEqual({ agencies: 0, withInnovation: 0, withoutInnovation: 0, share: null, percentage: null, note: NO_AGENCIES });
  });
});

describe('year boundaries in WIB', () => {
  it('ends 2022 at midnight of 1 January 2023 in Jakarta', () => {
    expect(endOfYear(2022).toISOString()).toBe('2022-12-31T17:00:00.000Z');
  });

  it('is already next year in Kudus after 17:00 UTC on 31 December', () => {
    expect(currentYear(new Date('2022-12-31T16:59:59Z'))).toBe(2022);
    expect(currentYear(new Date('2022-12-31T17:00:00Z'))).toBe(2023);
  });
});
