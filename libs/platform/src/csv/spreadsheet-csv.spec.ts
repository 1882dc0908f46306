import { neutraliseCell, spreadsheetCsv } from './spreadsheet-csv.js';

describe('spreadsheet-safe CSV', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","klik")', `'=HYPERLINK("http://evil.example","klik")`],
    ['+62 291 123', `'+62 291 123`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1:A9)', `'@SUM(A1:A9)`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
  ])('neutralises a text cell a spreadsheet would run: %j', (cell, expected) => {
    expect(neutraliseCell(cell)).toBe(expected);
  });

  it.each([['Jos Pakk'], ['Dinas Kesehatan (=RSUD)'], [''], [" 'quoted"]])('leaves other text as it is: %j', (cell) => {
    expect(neutraliseCell(cell)).toBe(cell);
  });

  it('leaves numbers, nulls and booleans alone, negative numbers included', () => {
    expect(neutraliseCell(-5)).toBe(-5);
    expect(neutraliseCell(null)).toBeNull();
    expect(neutraliseCell(true)).toBe(true);
  });

  it('writes every text cell of a CSV neutralised, the numbers and dates as data', () => {
    const csv = spreadsheetCsv(
      [{ name: '=1+1', agency: '@cmd', score: -1.5, note: null, at: new Date('2022-11-17T02:00:00Z') }],
      ['name', 'agency', 'score', 'note', 'at'],
    );
    expect(csv).toBe(`name,agency,score,note,at\n'=1+1,'@cmd,-1.5,,2022-11-17T02:00:00.000Z\n`);
  });
});
