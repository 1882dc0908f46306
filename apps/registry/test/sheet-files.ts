import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

/** A folder of its own for a test's files, removed by cleanup(). */
export async function sheetFolder(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lumbung-sheets-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A sheet as a person would save it: a header row, then the rows, as CSV or XLSX. */
export async function writeSheet(path: string, headers: string[], rows: (string | number | Date | null)[][]): Promise<string> {
  if (path.endsWith('.csv')) {
    await writeFile(path, stringify([headers, ...rows.map((r) => r.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)))]));
    return path;
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Data');
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  await workbook.xlsx.writeFile(path);
  return path;
}

/** Every row of a CSV or XLSX file (its first sheet), header included, as the cells' values. */
export async function readSheetBack(path: string): Promise<{ rows: unknown[][]; sheet?: ExcelJS.Worksheet }> {
  if (path.endsWith('.csv')) {
    const { parse } = await import('csv-parse/sync');
    return { rows: parse(await readFile(path), { bom: true, relax_column_count: true }) as unknown[][] };
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets[0];
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return { rows, sheet };
}
