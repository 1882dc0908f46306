import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NationalResultDto, NOMINATION_IMPORT_KINDS } from '@lumbung/contracts';
import {
  createValidationPipe,
  rowProblemsOf,
  RowRefusedError,
  runSpreadsheetImport,
  type CommandContext,
  type ImportKind,
  type ImportOptions,
  type ImportSummary,
  type RowOutcome,
  type SpreadsheetFormat,
} from '@lumbung/platform';
import { ForwardingService } from '../forwarding/forwarding.service.js';
import { NATIONAL_RESULT_TEMPLATE, resultValue } from './national-results.template.js';

export { NOMINATION_IMPORT_KINDS };
export type NominationImportKind = (typeof NOMINATION_IMPORT_KINDS)[number];

/**
 * The nomination service's spreadsheet import: the national results, each row recorded through
 * ForwardingService.recordNationalResult, the code PUT /entries/:id/national-result runs, so it
 * meets the same rules (national entries only, a result is only raised) and emits
 * nomination.national-result once per recorded result.
 */
@Injectable()
export class NominationImportsService {
  private readonly pipe = createValidationPipe();

  constructor(
    private readonly dataSource: DataSource,
    private readonly forwarding: ForwardingService,
  ) {}

  run(_kind: NominationImportKind, path: string, format: SpreadsheetFormat, ctx: CommandContext, options: ImportOptions = {}): Promise<ImportSummary> {
    return runSpreadsheetImport(this.kind(ctx), path, format, options);
  }

  kind(ctx: CommandContext): ImportKind {
    return {
      template: NATIONAL_RESULT_TEMPLATE,
      keyOf: (v) => [v.edition, v.regionCode, v.innovationName].map((p) => (p ?? '').trim().toLowerCase()).join('\u0000'),
      importRow: async (values, { dryRun }): Promise<RowOutcome> => {
        let dto: NationalResultDto;
        try {
          dto = (await this.pipe.transform({ result: resultValue(values.result ?? '') }, { type: 'body', metatype: NationalResultDto, data: '' })) as NationalResultDto;
        } catch (err) {
          throw new RowRefusedError(rowProblemsOf(err));
        }
        const entry = await this.nationalEntry(values.edition, values.regionCode, values.innovationName);
        if (!entry) {
          throw new RowRefusedError([
            { field: 'innovationName', code: 'not-found', message: `No entry "${values.innovationName}" of ${values.regionCode} in the national edition ${values.edition}` },
          ]);
        }
        if (entry.nationalResult === dto.result) return 'present';
        if (dryRun) await this.forwarding.checkNationalResult(ctx, entry.id, dto);
        else await this.forwarding.recordNationalResult(ctx, entry.id, dto);
        return 'created';
      },
    };
  }

  /** The entry of a national edition (named, or of that year) for the region's innovation of that name, as entered. */
  private async nationalEntry(edition: string, regionCode: string, innovationName: string): Promise<{ id: string; nationalResult: string | null } | null> {
    const year = /^\d{4}$/.test(edition.trim()) ? Number(edition.trim()) : null;
    const rows: { id: string; nationalResult: string | null }[] = await this.dataSource.query(
      `SELECT en.id, en.national_result AS "nationalResult"
         FROM "nomination"."entry" en JOIN "nomination"."edition" ed ON ed.id = en.edition_id
        WHERE ed.level = 'national' AND (lower(ed.name) = lower($1) OR ed.year = $2)
          AND en.region_code = $3 AND lower(en.innovation_name) = lower($4)
        ORDER BY ed.year DESC, en.submitted_at DESC
        LIMIT 1`,
      [edition.trim(), year, regionCode.trim(), innovationName.trim()],
    );
    return rows[0] ?? null;
  }
}
