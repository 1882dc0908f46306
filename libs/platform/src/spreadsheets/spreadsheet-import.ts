import { basename, dirname, extname, join } from 'node:path';
import { HttpException } from '@nestjs/common';
import { isErrorCode, type ErrorCode } from '@lumbung/contracts';
import { problemOf } from '../http/problem-details.filter.js';
import { fileSize, readSheet, type SpreadsheetFormat } from './spreadsheet-reader.js';
import { matchHeaders, type HeaderMatch, type SpreadsheetTemplate, type TemplateLanguage } from './spreadsheet-template.js';
import { openSheetWriter, type SheetWriter } from './spreadsheet-writer.js';

/** One thing wrong with a row: the template field (or '' for the row as a whole), its code from ERROR_CODES, and why. */
export interface RowProblem {
  field: string;
  code: ErrorCode;
  message: string;
}

/** A row an import kind refuses before it reaches a service, for reasons of the spreadsheet itself. */
export class RowRefusedError extends Error {
  override name = 'RowRefusedError';
  constructor(readonly problems: RowProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}

/** created: stored now (or would be, in a dry run); present: its natural key is already stored, so nothing was added. */
export type RowOutcome = 'created' | 'present';

/** What a kind of import reads: the template of its columns, and the fields it names through other columns. */
interface ImportKindBase {
  template: SpreadsheetTemplate;
  /** Fields a service names that the spreadsheet fills through another column (agencyId from the agency's name). */
  fieldColumns?: Readonly<Record<string, string>>;
}

/**
 * What one kind of import does with a row. The row goes through the service an HTTP write goes
 * through, so it meets the same rules and emits the same events; a refusal arrives as the same
 * exception an HTTP caller would get, and becomes the row's problems here.
 */
export interface RowImportKind extends ImportKindBase {
  importRow(values: Readonly<Record<string, string>>, options: { dryRun: boolean }): Promise<RowOutcome>;
  /**
   * The row's natural key: rows are imported several at a time, and two rows with one key must run
   * one after the other, or both would find the key free and both would store it.
   */
  keyOf(values: Readonly<Record<string, string>>): string;
}

/**
 * A kind whose rows are stored a batch at a time (issue 18: a transaction per row was far slower
 * than plain inserts; docs/performance.md has the figures). Each row is checked on its own as it is read (`checkRow`, which throws
 * the row's refusal as importRow would), while the previous batch is being stored; then the good
 * rows of a batch go to `storeRows` together. Batches are stored one after the other, in file
 * order, so a batch finds every key the batches before it stored, and a batch is stored whole or
 * not at all: an import that stops half-way leaves whole batches, and running it again adds the rest.
 */
export interface BatchImportKind<Checked = unknown> extends ImportKindBase {
  /** Rows in one batch: its transaction's size, and what a crash may cost to redo. */
  batchSize: number;
  checkRow(values: Readonly<Record<string, string>>, options: { dryRun: boolean }): Promise<Checked>;
  /** The outcome of each checked row, in order: stored, already there, or the exception that refused it. Throws when nothing could be stored (an outage). */
  storeRows(rows: Checked[], options: { dryRun: boolean }): Promise<PromiseSettledResult<RowOutcome>[]>;
}

export type ImportKind = RowImportKind | BatchImportKind;

export interface ImportCounts {
  rows: number;
  created: number;
  present: number;
  failed: number;
}

export interface ImportProgress extends ImportCounts {
  bytesRead: number;
  totalBytes: number;
}

export interface ImportSummary extends ImportCounts {
  dryRun: boolean;
  /** Where the bad rows are listed; null when there were none. */
  reportPath: string | null;
  /** Headers of the file that no template column has (their values were not read). */
  ignoredColumns: string[];
  /** True when the header row lacked a required column, so no row was read. */
  refused: boolean;
}

export interface ImportOptions {
  dryRun?: boolean;
  /** Default: beside the file, `<name>.laporan.<csv|xlsx>`. */
  reportPath?: string;
  onProgress?: (progress: ImportProgress) => void;
  /** Stops the import between two rows (a job being cancelled or its worker shutting down). */
  signal?: AbortSignal;
  /** A RowImportKind's rows in the service at once (default IMPORT_CONCURRENCY); results are still counted and reported in row order. A BatchImportKind stores one batch at a time. */
  concurrency?: number;
}

/**
 * Rows in flight by default: each row is a few round trips to PostgreSQL, so a few at once keep the
 * database busy while one row waits on the network, without taking more than a share of the pool.
 */
export const IMPORT_CONCURRENCY = 4;

type Values = Readonly<Record<string, string>>;
type Settled = { rowNumber: number; values: Values; outcome?: RowOutcome; problems?: RowProblem[] };

/** How rows reach a kind: each row read is added; a task settles its rows in file order. */
interface Pipeline {
  /** Tasks in flight before the reader waits for the oldest. */
  width: number;
  /** Takes a row; answers a task when the row completes one. */
  add(rowNumber: number, values: Values): Promise<Settled[]> | null;
  /** The last task, of the rows added since the last one, at the end of the file. */
  end(): Promise<Settled[]> | null;
}

/** A row a task at a time, `width` at once, rows of one natural key one after the other. */
function rowPipeline(kind: RowImportKind, dryRun: boolean, width: number): Pipeline {
  const lastOfKey = new Map<string, Promise<unknown>>();
  return {
    width,
    add(rowNumber, values) {
      const key = kind.keyOf(values);
      const task = (lastOfKey.get(key) ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => kind.importRow(values, { dryRun }))
        .then(
          (outcome): Settled[] => [{ rowNumber, values, outcome }],
          // A refusal is the row's; anything else (an outage) stops the import when its turn comes.
          (err: unknown): Settled[] => [{ rowNumber, values, problems: rowProblemsOf(err) }],
        );
      lastOfKey.set(key, task);
      void task.finally(() => lastOfKey.get(key) === task && lastOfKey.delete(key)).catch(() => undefined);
      return task;
    },
    end: () => null,
  };
}

/** A batch a task at a time: its rows checked as they are read, then stored after the batch before it (see BatchImportKind). */
function batchPipeline(kind: BatchImportKind, dryRun: boolean): Pipeline {
  type Check = { value: unknown } | { problems: RowProblem[] };
  let open: { rowNumber: number; values: Values; check: Promise<Check> }[] = [];
  let previous: Promise<unknown> = Promise.resolve();
  const close = (): Promise<Settled[]> => {
    const batch = open;
    open = [];
    const after = previous;
    const task = Promise.all(batch.map((r) => r.check)).then(async (checks): Promise<Settled[]> => {
      // A batch that failed (an outage) fails the ones after it: nothing is stored past the stop.
      await after;
      const good = checks.flatMap((c) => ('value' in c ? [c.value] : []));
      const stored = good.length ? await kind.storeRows(good, { dryRun }) : [];
      if (stored.length !== good.length) throw new Error(`storeRows answered ${stored.length} outcomes for ${good.length} rows`);
      let n = 0;
      return batch.map(({ rowNumber, values }, i) => {
        const check = checks[i];
        if (!('value' in check)) return { rowNumber, values, problems: check.problems };
        const result = stored[n++];
        return result.status === 'fulfilled' ? { rowNumber, values, outcome: result.value } : { rowNumber, values, problems: rowProblemsOf(result.reason) };
      });
    });
    previous = task;
    return task;
  };
  return {
    // One batch being stored while the next is read and checked.
    width: 2,
    add(rowNumber, values) {
      const check = kind.checkRow(values, { dryRun }).then(
        (value): Check => ({ value }),
        (err: unknown): Check => ({ problems: rowProblemsOf(err) }),
      );
      // Its batch takes it up later; an outage meanwhile must not count as unhandled.
      check.catch(() => undefined);
      open.push({ rowNumber, values, check });
      return open.length >= kind.batchSize ? close() : null;
    },
    end: () => (open.length ? close() : null),
  };
}

export function reportPathFor(path: string): string {
  const ext = extname(path);
  return join(dirname(path), `${basename(path, ext)}.laporan${ext.toLowerCase()}`);
}

const REPORT_HEADERS: Record<TemplateLanguage, Record<'row' | 'column' | 'code' | 'message' | 'value', string>> = {
  id: { row: 'Baris', column: 'Kolom', code: 'Kode', message: 'Pesan', value: 'Nilai' },
  en: { row: 'Row', column: 'Column', code: 'Code', message: 'Message', value: 'Value' },
};

/** The problems a refused row's exception carries, in the codes and field names an HTTP answer would. Anything else is not the row's fault and is thrown. */
export function rowProblemsOf(err: unknown): RowProblem[] {
  if (err instanceof RowRefusedError) return err.problems;
  if (err instanceof HttpException) {
    const problem = problemOf(err.getStatus(), err.getResponse(), '');
    if (!problem) throw err;
    if (problem.errors?.length) {
      return problem.errors.map((e) => ({ field: e.field, code: isErrorCode(e.code) ? e.code : 'field.invalid', message: e.messages.join('; ') }));
    }
    return [{ field: '', code: isErrorCode(problem.code) ? problem.code : 'request.invalid', message: problem.detail }];
  }
  throw err;
}

/** The language the file's headers are written in, for the report's own headers. */
function languageOf(template: SpreadsheetTemplate, match: HeaderMatch): TemplateLanguage {
  let en = 0;
  let id = 0;
  for (const [field, header] of match.headerOf) {
    const column = template.columns.find((c) => c.field === field)!;
    if (header.replace(/\*/g, '').trim().toLowerCase() === column.en.toLowerCase()) en++;
    else id++;
  }
  return en > id ? 'en' : 'id';
}

/**
 * Reads a CSV or XLSX file row by row, hands each good row to `kind`, and lists each bad one (row
 * number, column as headed in the file, code, message, value) in a report of the same format. A
 * row (a batch, for a BatchImportKind) is stored whole or not at all, in its own transaction in the
 * service, so an import that stops half-way has stored whole rows (batches) and no part of another,
 * and running it again adds only the rest: each kind skips a row whose natural key is already stored.
 */
export async function runSpreadsheetImport(kind: ImportKind, path: string, format: SpreadsheetFormat, options: ImportOptions = {}): Promise<ImportSummary> {
  const dryRun = options.dryRun ?? false;
  const totalBytes = await fileSize(path);
  const counts: ImportCounts = { rows: 0, created: 0, present: 0, failed: 0 };
  let bytesRead = 0;
  let match: HeaderMatch | null = null;
  let report: SheetWriter | null = null;
  let language: TemplateLanguage = 'id';
  const reportPath = options.reportPath ?? reportPathFor(path);
  const progress = () => options.onProgress?.({ ...counts, bytesRead, totalBytes });

  const record = async (rowNumber: number, problems: RowProblem[], values: Readonly<Record<string, string>>) => {
    if (!report) {
      const h = REPORT_HEADERS[language];
      report = openSheetWriter({ path: reportPath }, format, [
        { key: 'row', header: h.row, type: 'integer', width: 8 },
        { key: 'column', header: h.column, width: 24 },
        { key: 'code', header: h.code, width: 32 },
        { key: 'message', header: h.message, width: 80 },
        { key: 'value', header: h.value, width: 40 },
      ], language === 'id' ? 'Laporan' : 'Report');
    }
    for (const p of problems) {
      const field = kind.fieldColumns?.[p.field] ?? p.field;
      const column = match?.headerOf.get(field) ?? kind.template.columns.find((c) => c.field === field)?.[language] ?? p.field;
      await report.add({ row: rowNumber, column, code: p.code, message: p.message, value: values[field] ?? '' });
    }
  };

  let refused = false;
  const pipeline = 'storeRows' in kind ? batchPipeline(kind, dryRun) : rowPipeline(kind, dryRun, Math.max(1, options.concurrency ?? IMPORT_CONCURRENCY));
  const window: Promise<Settled[]>[] = [];
  const settle = async (task: Promise<Settled[]>) => {
    for (const done of await task) {
      if (done.outcome) counts[done.outcome === 'created' ? 'created' : 'present']++;
      else {
        counts.failed++;
        await record(done.rowNumber, done.problems!, done.values);
      }
      if ((counts.created + counts.present + counts.failed) % 100 === 0) progress();
    }
  };
  try {
    for await (const row of readSheet(path, format, (read) => (bytesRead = read))) {
      options.signal?.throwIfAborted();
      if (!match) {
        match = matchHeaders(kind.template, row.cells);
        language = languageOf(kind.template, match);
        if (match.missing.length) {
          refused = true;
          await record(
            row.rowNumber,
            match.missing.map((c) => ({ field: c.field, code: 'field.required', message: `The header row has no column "${c[language]}"` })),
            {},
          );
          break;
        }
        continue;
      }
      const values: Record<string, string> = {};
      let blank = true;
      match.columns.forEach((column, i) => {
        if (!column) return;
        const value = (row.cells[i] ?? '').trim();
        if (value) blank = false;
        values[column.field] = value;
      });
      if (blank) continue;
      counts.rows++;
      const task = pipeline.add(row.rowNumber, values);
      if (task) window.push(task);
      if (window.length >= pipeline.width) await settle(window.shift()!);
    }
    const last = pipeline.end();
    if (last) window.push(last);
    while (window.length) await settle(window.shift()!);
  } finally {
    // Rows still in the service finish before the report closes; their outcome no longer matters on the way out.
    await Promise.allSettled(window);
    // The report is closed even when the import stops on an outage, so what it lists so far is readable.
    await (report as SheetWriter | null)?.close();
  }
  bytesRead = totalBytes;
  progress();
  return { ...counts, dryRun, reportPath: report ? reportPath : null, ignoredColumns: match?.unknown ?? [], refused };
}
