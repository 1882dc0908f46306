import { isCalendarDate } from './innovation.dto.js';

/** The definition isCalendarDate counts its way to: the day a Date makes of it prints back unchanged. */
const printsBack = (day: string) => new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;

describe('isCalendarDate', () => {
  it('takes a day exactly when a Date prints it back, for every month of 1896 to 2104', () => {
    for (let year = 1896; year <= 2104; year++) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= 31; day++) {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          expect([text, isCalendarDate(text)]).toEqual([text, printsBack(text)]);
        }
      }
    }
  });

  it('knows the leap years of the Gregorian calendar', () => {
    expect(['2024-02-29', '2000-02-29', '2023-02-28'].map(isCalendarDate)).toEqual([true, true, true]);
    expect(['2023-02-29', '1900-02-29', '2100-02-29', '2023-04-31'].map(isCalendarDate)).toEqual([false, false, false, false]);
  });

  it('refuses anything but YYYY-MM-DD', () => {
    for (const value of ['2023-1-01', '2023-13-01', '2023-00-10', '2023-01-00', '2023-01-32', '2023-01-01T00:00:00Z', ' 2023-01-01', '', 20230101, null, undefined, {}]) {
      expect([value, isCalendarDate(value)]).toEqual([value, false]);
    }
  });
});
