import { PassThrough } from 'node:stream';
import type { SpreadsheetFormat } from './spreadsheet-reader.js';
import { openSheetWriter, type SheetColumn, type SheetTarget } from './spreadsheet-writer.js';

/** A table to hand in: its file name (without extension), its columns and its rows, read as they are written. */
export interface SheetExport {
  name: string;
  sheetName: string;
  columns: readonly SheetColumn[];
  rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;
}

export const SHEET_CONTENT_TYPES: Record<SpreadsheetFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** A file name's stem from a title: lower case, ASCII letters and digits, dashes between. */
export function fileStem(title: string): string {
  return title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'export';
}

export async function writeSheetExport(sheet: SheetExport, target: SheetTarget, format: SpreadsheetFormat): Promise<void> {
  const writer = openSheetWriter(target, format, sheet.columns, sheet.sheetName);
  try {
    for await (const row of sheet.rows) await writer.add(row);
  } finally {
    await writer.close();
  }
}

/**
 * The export as a stream for an HTTP answer, with its headers: written while it is sent, so a large
 * catalogue never sits whole in the service's memory. A failure after the first bytes can only cut
 * the download short (the status is sent); it is destroyed with the error, which the client sees.
 */
export function sheetDownload(sheet: SheetExport, format: SpreadsheetFormat): { stream: PassThrough; headers: Record<string, string> } {
  const stream = new PassThrough();
  writeSheetExport(sheet, { stream }, format).then(
    () => stream.end(),
    (err: Error) => stream.destroy(err),
  );
  return {
    stream,
    headers: { 'content-type': SHEET_CONTENT_TYPES[format], 'content-disposition': `attachment; filename="${sheet.name}.${format}"` },
  };
}
