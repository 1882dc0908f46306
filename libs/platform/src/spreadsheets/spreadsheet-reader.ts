import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import yauzl, { type Entry } from 'yauzl';
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
 * to a temporary file: SharedStrings). `onBytes` hears about how much of the file has been read, for
 * a progress bar whose total is the file's size: the number of rows is unknown until the end.
 */
export async function* readSheet(path: string, format: SpreadsheetFormat, onBytes?: (read: number) => void): AsyncGenerator<SheetRow> {
  if (format === 'xlsx') {
    yield* readXlsx(path, onBytes);
    return;
  }
  // Small reads: the bytes read are the progress, and they run ahead of the rows by about one read.
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  if (onBytes) stream.on('data', () => onBytes(stream.bytesRead));
  try {
    // Spreadsheets in Indonesian locales save CSV with semicolons; either separator is read.
    const parser = stream.pipe(parse({ bom: true, delimiter: [',', ';'], relax_column_count: true, max_record_size: MAX_CSV_RECORD_BYTES }));
    let rowNumber = 0;
    for await (const record of parser as AsyncIterable<string[]>) yield { rowNumber: ++rowNumber, cells: record };
  } finally {
    stream.destroy();
  }
}

/**
 * The parts of exceljs's streaming WorkbookReader that each read one part of a workbook. Its own
 * parse() reads the archive in one streaming pass and, when the reader falls behind the file
 * (a busy process), drops the parts stored last: exceljs writes xl/workbook.xml and xl/styles.xml
 * after the sheets, so a sheet then fails ("reading 'sheets'") or its dates come out as numbers
 * (exceljs issue 3064, open and unfixed in 4.4.0, the latest release). So the archive is opened by
 * its central directory (yauzl) and the parts are handed over in the order they depend on each
 * other; the row parsing, styles and date rules stay exceljs's. These members are not in exceljs's
 * typings; the XLSX reader's tests read through each of them.
 */
interface WorkbookParts {
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: { rId: string }[] };
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  /** With sharedStrings: 'emit', each string as it is read, keeping none. */
  _parseSharedStrings(entry: Readable): AsyncIterable<{ index: number; text: unknown }>;
  _parseWorksheet(entry: AsyncIterable<Buffer>, sheetNo: string): Iterable<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
}

/** Where the workbook's relationships point (relative to xl/, or absolute within the archive). */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : posix.normalize(`xl/${target}`);
}

/**
 * The workbook's first sheet as its tabs show it, every string in SharedStrings before the first
 * row. A cell that holds a shared string comes as `{ sharedString: index }`.
 */
async function* readXlsx(path: string, onBytes?: (read: number) => void): AsyncGenerator<SheetRow> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  const strings = new SharedStrings();
  // yauzl closes the file only when every stream it opened on it has ended or been destroyed.
  const opened: Readable[] = [];
  const openEntry = async (entry: Entry) => {
    const stream = await zip.openReadStreamPromise(entry);
    opened.push(stream);
    return stream;
  };
  try {
    const entries = new Map<string, Entry>();
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
    const open = async (name: string) => {
      const entry = entries.get(name);
      return entry ? openEntry(entry) : undefined;
    };
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
      sharedStrings: 'emit',
      hyperlinks: 'ignore',
      // Styles are how a number is known to be a date.
      styles: 'cache',
      worksheets: 'emit',
    }) as unknown as WorkbookParts;

    const rels = await open('xl/_rels/workbook.xml.rels');
    const workbook = await open('xl/workbook.xml');
    if (!rels || !workbook) throw new Error('Not a workbook: the file has no xl/workbook.xml');
    await reader._parseRels(rels);
    await reader._parseWorkbook(workbook);
    const styles = await open('xl/styles.xml');
    if (styles) await reader._parseStyles(styles);
    const table = await open('xl/sharedStrings.xml');
    if (table) for await (const item of reader._parseSharedStrings(table)) strings.add(cellText(item.text));

    const firstTab = reader.model?.sheets?.[0];
    const target = reader.workbookRels?.find((rel) => rel.Id === firstTab?.rId)?.Target;
    const sheetPath = target ? partPath(target) : undefined;
    const sheetEntry = sheetPath ? entries.get(sheetPath) : undefined;
    if (!sheetEntry) throw new Error('Not a workbook: its first sheet is missing');
    const sheetStream = await openEntry(sheetEntry);
    if (onBytes) {
      // The sheet is most of the file: its share read stands for the file's.
      let read = 0;
      const total = (await fileSize(path)) / Math.max(1, sheetEntry.uncompressedSize);
      sheetStream.on('data', (chunk: Buffer) => onBytes(Math.round((read += chunk.length) * total)));
    }
    const text = (value: unknown): string => {
      const index = (value as { sharedString?: unknown } | null)?.sharedString;
      return typeof index === 'number' ? strings.get(index) : cellText(value);
    };
    const sheetNo = /sheet(\d+)\.xml$/.exec(sheetEntry.fileName)?.[1] ?? '1';
    for (const item of reader._parseWorksheet(sheetStream, sheetNo)) {
      for await (const row of item.value) {
        const values = row.values as unknown[];
        // row.values is 1-based: index 0 is always empty.
        yield { rowNumber: row.number, cells: values.slice(1).map(text) };
      }
    }
  } finally {
    // A reader that stops early (a header refused) or a part that fails to parse leaves a stream half
    // read: its file is closed here. yauzl closes it asynchronously; the generator ends once it is
    // closed, so a caller that deletes or reopens the file right after finds it closed.
    const closed = new Promise((settle) => zip.once('close', settle).once('error', settle));
    for (const stream of opened) stream.destroy();
    zip.close();
    strings.close();
    await closed;
  }
}

export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}
