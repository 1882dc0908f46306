import { basename, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { formatOf, type ImportSummary } from '@lumbung/platform';
import { NominationImportsService, NOMINATION_IMPORT_KINDS } from '../../nomination/src/imports/nomination-imports.service.js';
import { REGISTRY_IMPORT_KINDS, RegistryImportsService } from '../../registry/src/imports/registry-imports.service.js';
import { progressReporter } from './progress.js';
import { cliContext, withService } from './service-context.js';

export const IMPORT_KINDS = [...REGISTRY_IMPORT_KINDS, ...NOMINATION_IMPORT_KINDS] as const;
export type ImportKindName = (typeof IMPORT_KINDS)[number];

export interface CliIo {
  out: NodeJS.WriteStream;
  err: NodeJS.WriteStream;
  env: Record<string, string | undefined>;
}

/** Exit codes: every row stored or already there; some rows refused (listed in the report); nothing could run. */
export const EXIT = { ok: 0, rowsRefused: 1, failed: 2 } as const;

/** `import KIND FILE [--dry-run]`: the command's work, apart from its command-line parsing so a test runs it as it is. */
export async function runImportCommand(kind: string, file: string, options: { dryRun?: boolean }, io: CliIo): Promise<number> {
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) {
    io.err.write(`Unknown import "${kind}": one of ${IMPORT_KINDS.join(', ')}\n`);
    return EXIT.failed;
  }
  const path = resolve(file);
  const format = formatOf(path);
  if (!format) {
    io.err.write(`${file}: only .csv and .xlsx files are read\n`);
    return EXIT.failed;
  }
  const ctx = cliContext();
  const progress = progressReporter(io.out, `${kind} ${basename(path)}`);
  const options_ = { dryRun: options.dryRun ?? false, onProgress: (p: Parameters<typeof progress.update>[0]) => progress.update(p) };
  let summary: ImportSummary;
  try {
    summary =
      kind === 'national-results'
        ? await withService('nomination', io.env, (app: INestApplication) => app.get(NominationImportsService).run('national-results', path, format, ctx, options_))
        : await withService('registry', io.env, (app: INestApplication) => app.get(RegistryImportsService).run(kind as 'agencies' | 'innovations', path, format, ctx, basename(path), options_));
  } finally {
    progress.stop();
  }
  io.out.write(describeSummary(summary));
  return summary.failed > 0 || summary.refused ? EXIT.rowsRefused : EXIT.ok;
}

export function describeSummary(s: ImportSummary): string {
  const lines = [
    s.dryRun ? 'Uji coba (--dry-run): tidak ada yang disimpan.' : null,
    s.refused
      ? 'Berkas ditolak: baris judulnya tidak memuat semua kolom wajib; tidak ada baris yang dibaca.'
      : `${s.rows} baris dibaca: ${s.created} ${s.dryRun ? 'akan ditambahkan' : 'ditambahkan'}, ${s.present} sudah ada, ${s.failed} ditolak.`,
    s.ignoredColumns.length ? `Kolom yang tidak dikenal dan diabaikan: ${s.ignoredColumns.join(', ')}` : null,
    s.reportPath ? `Laporan baris yang ditolak: ${s.reportPath}` : null,
  ];
  return `${lines.filter(Boolean).join('\n')}\n`;
}
