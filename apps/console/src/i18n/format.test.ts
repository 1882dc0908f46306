import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber, formatTime } from './format.js';

describe('formatting as written in Indonesia', () => {
  it('writes a calendar date with the month in words, never a day off', () => {
    expect(formatDate('2022-10-13', 'id')).toBe('13 Oktober 2022');
    expect(formatDate('2022-01-01', 'id')).toBe('1 Januari 2022');
    expect(formatDate('2022-10-13', 'en')).toBe('13 October 2022');
  });

  it('reads a date-time in WIB: 20:00 UTC on the 12th is already the 13th in Jakarta', () => {
    expect(formatDate('2022-10-12T20:00:00Z', 'id')).toBe('13 Oktober 2022');
  });

  it('writes times in WIB with a dot in Indonesian and a colon in English', () => {
    expect(formatTime('2022-10-13T02:30:00Z', 'id')).toBe('09.30 WIB');
    expect(formatTime('2022-10-13T02:30:00Z', 'en')).toBe('09:30 WIB');
    expect(formatTime('2022-10-13T16:05:00Z', 'id')).toBe('23.05 WIB');
    expect(formatDateTime('2022-10-13T02:30:00Z', 'id')).toBe('13 Oktober 2022, 09.30 WIB');
  });

  it('uses Indonesian separators: a dot for thousands, a comma for decimals', () => {
    expect(formatNumber(1234.5, 'id')).toBe('1.234,5');
    expect(formatNumber(1234567, 'id')).toBe('1.234.567');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
  });
});
