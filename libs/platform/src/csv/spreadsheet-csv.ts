import { stringify } from 'csv-stringify/sync';

/**
 * Characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a cell as a formula
 * or split it into one: a name such as `=HYPERLINK("http://…")` typed into an innovation would
 * otherwise run on the admin's machine when they open the export (CSV injection).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell made inert: prefixed with an apostrophe, which spreadsheets show as text and do not
 * evaluate (the OWASP advice). Numbers, booleans and empty cells are data, not text, and pass as they
 * are; so do texts that start any other way.
 */
export function neutraliseCell<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * The one way the services write CSV: a header row, then `rows` in `columns` order, every text cell
 * through neutraliseCell and every Date as an ISO-8601 instant.
 */
export function spreadsheetCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  return stringify(rows as Record<string, unknown>[], {
    header: true,
    columns: [...columns],
    cast: {
      string: (value) => neutraliseCell(value),
      date: (value) => value.toISOString(),
    },
  });
}
