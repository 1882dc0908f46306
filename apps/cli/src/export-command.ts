import { resolve } from 'node:path';
import { CatalogueExportQuery, ComplianceExportQuery, ResultsExportQuery, TrackingExportQuery, type ExportFormat } from '@lumbung/contracts';
import { createValidationPipe, rowProblemsOf, writeSheetExport, type SheetExport } from '@lumbung/platform';
import { NominationExportsService } from '../../nomination/src/exports/nomination-exports.service.js';
import { RegistryExportsService } from '../../registry/src/exports/registry-exports.service.js';
import { EXIT, type CliIo } from './import-command.js';
import { cliContext, withService, type CliService } from './service-context.js';

export const EXPORT_KINDS = ['compliance', 'tracking', 'results', 'catalogue'] as const;
export type ExportKindName = (typeof EXPORT_KINDS)[number];

export interface ExportOptions {
  region?: string;
  province?: string;
  year?: string;
  edition?: string;
  format?: string;
  /** The file to write; by default the export's own name in the current folder. */
  out?: string;
}

const QUERIES: Record<ExportKindName, { service: CliService; query: new () => object }> = {
  compliance: { service: 'registry', query: ComplianceExportQuery },
  catalogue: { service: 'registry', query: CatalogueExportQuery },
  tracking: { service: 'nomination', query: TrackingExportQuery },
  results: { service: 'nomination', query: ResultsExportQuery },
};

/** `export KIND [--region …] [--year …] [--format xlsx|csv] [--out FILE]`: the same query, checks and sheet as GET /exports/KIND. */
export async function runExportCommand(kind: string, options: ExportOptions, io: CliIo): Promise<number> {
  if (!(EXPORT_KINDS as readonly string[]).includes(kind)) {
    io.err.write(`Unknown export "${kind}": one of ${EXPORT_KINDS.join(', ')}\n`);
    return EXIT.failed;
  }
  const { service, query: type } = QUERIES[kind as ExportKindName];
  const { out, ...given } = options;
  const plain = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  let query: Record<string, unknown>;
  try {
    // Query-string rules: numbers arrive as text, as they do over HTTP.
    query = (await createValidationPipe().transform(plain, { type: 'query', metatype: type, data: '' })) as Record<string, unknown>;
  } catch (err) {
    for (const p of rowProblemsOf(err)) io.err.write(`--${p.field}: ${p.message} (${p.code})\n`);
    return EXIT.failed;
  }
  const format = (query.format as ExportFormat | undefined) ?? 'xlsx';
  const { actor } = cliContext();
  const written = await withService(service, io.env, async (app) => {
    const sheet: SheetExport =
      kind === 'compliance'
        ? await app.get(RegistryExportsService).complianceSheet(query as unknown as ComplianceExportQuery)
        : kind === 'catalogue'
          ? app.get(RegistryExportsService).catalogueSheet(query as unknown as CatalogueExportQuery)
          : kind === 'tracking'
            ? await app.get(NominationExportsService).trackingSheet(actor, query as unknown as TrackingExportQuery)
            : await app.get(NominationExportsService).resultsSheet(actor, (query as unknown as ResultsExportQuery).edition);
    const path = resolve(out ?? `${sheet.name}.${format}`);
    await writeSheetExport(sheet, { path }, format);
    return path;
  });
  io.out.write(`Ditulis: ${written}\n`);
  return EXIT.ok;
}

