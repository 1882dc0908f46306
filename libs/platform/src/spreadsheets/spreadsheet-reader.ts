import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

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
 * Reads a sheet row by row, holding one row at a time (plus, for an XLSX file, its table of shared
 * strings, which the format keeps apart from the rows). `onBytes` hears how much of the file has been
 * read, for a progress bar whose total is the file's size: the number of rows is unknown until the end.
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
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      // Styles are how a number is known to be a date.
      styles: 'cache',
      worksheets: 'emit',
      entries: 'emit',
    });
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        // row.values is 1-based: index 0 is always empty.
        yield { rowNumber: row.number, cells: values.slice(1).map(cellText) };
      }
      // The first sheet is the data; later ones (instructions, lists) are not read.
      break;
    }
  } finally {
    stream.destroy();
  }
}

export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}
