import { createReadStream, type ReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { SharedStrings } from './shared-strings.js';

export type SpreadsheetFormat = 'csv' | 'xlsx';

/** One row of a sheet as text: its number as the spreadsheet shows it (the header is row 1). */
export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

/** The format a file's name says, or null for one neither reader takes. */
export function formatOf(fileName: string): SpreadsheetFormat | null {
  const ext = extname(fileName).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.xlsx' ? 'xlsx' : null;
}

/**
 * A cell that can hold no honest value is refused before it fills memory: the longest text of a
 * template is 10,000 characters (an innovation's description), a record is a few of them.
 */
const MAX_CSV_RECORD_BYTES = 1024 * 1024;

/** A cell's value as the text the import reads: dates as YYYY-MM-DD, formulas as their result. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
    if ('error' in v) return String(v.error);
    return '';
  }
  return String(value);
}

/**
 * Reads a sheet row by row, holding one row at a time (an XLSX file's table of shared strings goes
 * to a temporary file: SharedStrings). `onBytes` hears how much of the file has been read, for a
 * progress bar whose total is the file's size: the number of rows is unknown until the end.
 */
export async function* readSheet(path: string, format: SpreadsheetFormat, onBytes?: (read: number) => void): AsyncGenerator<SheetRow> {
  // Small reads: the bytes read are the progress, and they run ahead of the rows by about one read.
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  if (onBytes) stream.on('data', () => onBytes(stream.bytesRead));
  try {
    if (format === 'csv') {
      // Spreadsheets in Indonesian locales save CSV with semicolons; either separator is read.
      const parser = stream.pipe(parse({ bom: true, delimiter: [',', ';'], relax_column_count: true, max_record_size: MAX_CSV_RECORD_BYTES }));
      let rowNumber = 0;
      for await (const record of parser as AsyncIterable<string[]>) yield { rowNumber: ++rowNumber, cells: record };
      return;
    }
    yield* readXlsx(stream);
  } finally {
    stream.destroy();
  }
}

/** What exceljs's parse() hands out: a sheet to read, or (sharedStrings: 'emit') the table's next string, without an eventType. */
type XlsxItem = { eventType: string; value: unknown } | { eventType?: undefined; index: number; text: unknown };

/**
 * The first sheet of a workbook. exceljs's 'emit' mode hands out each shared string as it is read
 * and keeps none; without a table in memory it always copies a sheet to a temporary file and reads
 * it after the whole archive, so every string is in SharedStrings before the first row, whichever
 * order the archive has. A cell that holds a shared string comes as `{ sharedString: index }`.
 */
async function* readXlsx(stream: ReadStream): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: 'emit',
    hyperlinks: 'ignore',
    // Styles are how a number is known to be a date.
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  const strings = new SharedStrings();
  const text = (value: unknown): string => {
    const index = (value as { sharedString?: unknown } | null)?.sharedString;
    return typeof index === 'number' ? strings.get(index) : cellText(value);
  };
  let first = true;
  try {
    for await (const item of { [Symbol.asyncIterator]: () => reader.parse() } as AsyncIterable<XlsxItem>) {
      if (item.eventType === undefined) {
        strings.add(cellText(item.text));
        continue;
      }
      if (item.eventType !== 'worksheet') continue;
      const rows = item.value as AsyncIterable<ExcelJS.Row>;
      if (!first) {
        // The first sheet is the data; later ones (instructions, lists) are read through unused
        // rather than left: exceljs removes a sheet's temporary copy only once it is read to the
        // end, and one left behind stays on disk until the process exits (a worker runs for weeks).
        for await (const _ of rows);
        continue;
      }
      first = false;
      for await (const row of rows) {
        const values = row.values as unknown[];
        // row.values is 1-based: index 0 is always empty.
        yield { rowNumber: row.number, cells: values.slice(1).map(text) };
      }
    }
  } finally {
    strings.close();
  }
}

export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}
