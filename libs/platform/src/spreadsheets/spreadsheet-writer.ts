import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { neutraliseCell } from '../csv/spreadsheet-csv.js';
import type { SpreadsheetFormat } from './spreadsheet-reader.js';

/**
 * text: typed by people, neutralised; number/integer: a number cell; date: a calendar day
 * (YYYY-MM-DD or a Date); datetime: an instant, shown in WIB, where Lumbung's users count days.
 */
export type SheetColumnType = 'text' | 'number' | 'integer' | 'date' | 'datetime';

export interface SheetColumn {
  key: string;
  header: string;
  type?: SheetColumnType;
  /** Characters; a text column is as wide as its header otherwise. */
  width?: number;
}

export interface SheetWriter {
  /** Resolves once the row is handed on (waits while the file or the client is slower than the rows). */
  add(row: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})/;

function asDate(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'string') {
    const m = DAY.exec(value);
    if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  }
  return null;
}

function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

/** A value as the cell of its column holds it in an XLSX sheet: real numbers and dates, inert texts. */
function xlsxValue(value: unknown, type: SheetColumnType): unknown {
  if (value === null || value === undefined || value === '') return null;
  switch (type) {
    case 'number':
    case 'integer':
      return asNumber(value) ?? neutraliseCell(String(value));
    case 'date':
      return asDate(value) ?? neutraliseCell(String(value));
    case 'datetime': {
      const at = value instanceof Date ? value : new Date(String(value));
      // Excel has no time zones: the cell holds the wall-clock time in WIB.
      return Number.isNaN(at.getTime()) ? neutraliseCell(String(value)) : new Date(at.getTime() + WIB_OFFSET_MS);
    }
    default:
      return neutraliseCell(typeof value === 'string' ? value : String(value));
  }
}

function csvValue(value: unknown, type: SheetColumnType): unknown {
  if (value === null || value === undefined) return '';
  if (type === 'date') {
    const day = asDate(value);
    return day ? day.toISOString().slice(0, 10) : neutraliseCell(String(value));
  }
  if (type === 'datetime') return value instanceof Date ? value.toISOString() : neutraliseCell(String(value));
  if ((type === 'number' || type === 'integer') && asNumber(value) !== null) return asNumber(value);
  return neutraliseCell(typeof value === 'string' ? value : String(value));
}

const NUMBER_FORMATS: Partial<Record<SheetColumnType, string>> = { date: 'dd/mm/yyyy', datetime: 'dd/mm/yyyy hh:mm', integer: '0', number: '#,##0.##' };

export type SheetTarget = { path: string } | { stream: Writable };

/**
 * The one way the services write a sheet, as CSV or XLSX, a row at a time: an export of a hundred
 * thousand records or an import's report never sits whole in memory. XLSX: a frozen, bold header
 * row, column widths, numbers as numbers and dates as dates. Both: every text cell through
 * neutraliseCell, since an export is opened by people whose spreadsheet would run a formula.
 */
export function openSheetWriter(target: SheetTarget, format: SpreadsheetFormat, columns: readonly SheetColumn[], sheetName = 'Data'): SheetWriter {
  const out = 'path' in target ? createWriteStream(target.path) : target.stream;
  return format === 'csv' ? csvWriter(out, columns, 'path' in target) : xlsxWriter(out, columns, sheetName);
}

function csvWriter(out: Writable, columns: readonly SheetColumn[], ownsStream: boolean): SheetWriter {
  const stringifier = stringify({ header: true, columns: columns.map((c) => ({ key: c.key, header: c.header })) });
  stringifier.pipe(out);
  return {
    async add(row) {
      const record: Record<string, unknown> = {};
      for (const c of columns) record[c.key] = csvValue(row[c.key], c.type ?? 'text');
      if (!stringifier.write(record)) await once(stringifier, 'drain');
    },
    async close() {
      const finished = ownsStream ? once(out, 'finish') : once(stringifier, 'end');
      stringifier.end();
      await finished;
    },
  };
}

function xlsxWriter(out: Writable, columns: readonly SheetColumn[], sheetName: string): SheetWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    key: c.key,
    header: c.header,
    width: c.width ?? Math.max(10, Math.min(60, c.header.length + 2)),
    style: NUMBER_FORMATS[c.type ?? 'text'] ? { numFmt: NUMBER_FORMATS[c.type ?? 'text'] } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return {
    async add(row) {
      const values: Record<string, unknown> = {};
      for (const c of columns) values[c.key] = xlsxValue(row[c.key], c.type ?? 'text');
      sheet.addRow(values).commit();
      // exceljs writes committed rows to its zip stream; let it drain before the next batch.
      if (out.writableNeedDrain) await once(out, 'drain');
    },
    async close() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
