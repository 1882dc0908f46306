import { Injectable, Logger } from '@nestjs/common';
import { CreateAgencyDto, IMPORT_KINDS, RegisterInnovationDto } from '@lumbung/contracts';
import {
  createValidationPipe,
  rowProblemsOf,
  RowRefusedError,
  runSpreadsheetImport,
  type BatchImportKind,
  type CommandContext,
  type ImportKind,
  type ImportOptions,
  type ImportSummary,
  type RowOutcome,
  type RowProblem,
  type SpreadsheetFormat,
} from '@lumbung/platform';
import { AgenciesService } from '../agencies/agencies.service.js';
import { yearInJakarta } from '../innovations/innovation-rules.js';
import { InnovationsService, type ImportedInnovation } from '../innovations/innovations.service.js';
import { choiceValue, dayValue, yearValue, yesNoValue } from './cell-values.js';
import { AGENCY_TEMPLATE, INNOVATION_TEMPLATE } from './registry-templates.js';

/** The registry's imports, as POST /imports names them. */
export const REGISTRY_IMPORT_KINDS = IMPORT_KINDS;
export type RegistryImportKind = (typeof REGISTRY_IMPORT_KINDS)[number];

/** The earliest year an innovation can belong to, as RegisterInnovationDto.yearRegistered allows. */
const FIRST_YEAR = 2000;

/** Stands for an agency the sheet names but the region lacks, so the rest of the row is still checked and reported at once. */
const NO_AGENCY = '00000000-0000-4000-8000-000000000000';

/** Agencies looked up by name, kept per import run: a sheet names the same few OPDs on thousands of rows. */
const AGENCY_CACHE_MAX = 2000;

/**
 * Innovation rows stored in one transaction. 200 and 1,000 rows did no better in the import bench
 * (docs/performance.md), and a crash costs at most a batch to redo. The batch goes to PostgreSQL as
 * one JSON parameter: about 0.75 MB for rows like the bench's, some 50 MB at the very most (all five
 * descriptions of every row at their 20,000 characters; an upload over HTTP is 20 MiB at most).
 */
export const IMPORT_BATCH_ROWS = 500;

/**
 * Rows a row at a time, in order, each outcome or refusal kept; anything not the row's fault (an
 * outage) is thrown at once and stops the import, as the runner does with a row kind.
 */
async function oneByOne<T>(rows: T[], importRow: (row: T) => Promise<RowOutcome>): Promise<PromiseSettledResult<RowOutcome>[]> {
  const results: PromiseSettledResult<RowOutcome>[] = [];
  for (const row of rows) {
    try {
      results.push({ status: 'fulfilled', value: await importRow(row) });
    } catch (err) {
      rowProblemsOf(err); // throws what is not the row's own
      results.push({ status: 'rejected', reason: err });
    }
  }
  return results;
}

/** A natural key as the services compare names: case and runs of spaces do not matter. */
export const naturalKey = (...parts: (string | undefined)[]) => parts.map((p) => (p ?? '').trim().replace(/\s+/g, ' ').toLowerCase()).join('\u0000');

/** A cell's text, or undefined for an empty cell: an empty optional column is an absent field, as in a JSON body. */
const given = (text: string | undefined): string | undefined => (text === undefined || text === '' ? undefined : text);

/**
 * The registry's spreadsheet imports. Each row goes through the validation pipe of the HTTP API and
 * then through AgenciesService / InnovationsService, the code an HTTP write runs: the same rules,
 * the same refusals with the same codes, and each stored record's event in the same outbox.
 */
@Injectable()
export class RegistryImportsService {
  private readonly pipe = createValidationPipe();
  private readonly logger = new Logger('RegistryImports');

  constructor(
    private readonly agencies: AgenciesService,
    private readonly innovations: InnovationsService,
  ) {}

  run(kind: RegistryImportKind, path: string, format: SpreadsheetFormat, ctx: CommandContext, source: string, options: ImportOptions = {}): Promise<ImportSummary> {
    return runSpreadsheetImport(this.kind(kind, ctx, source), path, format, options);
  }

  kind(kind: RegistryImportKind, ctx: CommandContext, source: string): ImportKind {
    return kind === 'agencies' ? this.agencyImport(ctx) : this.innovationImport(ctx, source);
  }

  private agencyImport(ctx: CommandContext): ImportKind {
    return {
      template: AGENCY_TEMPLATE,
      keyOf: (v) => naturalKey(v.regionCode, v.name),
      importRow: async (values, { dryRun }): Promise<RowOutcome> => {
        const dto = await this.validated(CreateAgencyDto, { regionCode: values.regionCode, name: values.name }, []);
        if (await this.agencies.findActiveByName(dto.regionCode, dto.name)) return 'present';
        if (dryRun) await this.agencies.checkRegistration(ctx, dto);
        else await this.agencies.register(ctx, dto);
        return 'created';
      },
    };
  }

  /**
   * Innovations, a batch at a time (InnovationsService.registerImported): each row is checked as
   * the API checks a body while the batch before it is stored.
   */
  private innovationImport(ctx: CommandContext, source: string): BatchImportKind<ImportedInnovation> {
    // The look-up itself is kept, not only its answer: a batch checks its rows at once, and the
    // first batch's rows would otherwise all look up the same few OPDs together.
    const agencyIds = new Map<string, Promise<string | null>>();
    const currentYear = yearInJakarta(new Date());
    const agencyOf = (regionCode: string, name: string): Promise<string | null> => {
      const key = `${regionCode}\u0000${name.toLowerCase()}`;
      const cached = agencyIds.get(key);
      if (cached) return cached;
      if (agencyIds.size >= AGENCY_CACHE_MAX) agencyIds.clear();
      const found = this.agencies.findActiveByName(regionCode, name).then((agency) => agency?.id ?? null);
      agencyIds.set(key, found);
      // Only a found agency is kept: one added while the import runs is found by the rows after it.
      void found.then((id) => id === null && agencyIds.delete(key), () => agencyIds.delete(key));
      return found;
    };
    /** Today's row-level path: the look-up by natural key, then `register` (or its checks, in a dry run). */
    const oneRow = async ({ dto, yearRegistered }: ImportedInnovation, dryRun: boolean): Promise<RowOutcome> => {
      if (await this.innovations.findByNaturalKey(dto.agencyId, dto.name, yearRegistered)) return 'present';
      if (dryRun) await this.innovations.checkRegistration(dto, ctx);
      else await this.innovations.register(dto, ctx, { yearRegistered, source });
      return 'created';
    };
    return {
      template: INNOVATION_TEMPLATE,
      fieldColumns: { agencyId: 'agencyName' },
      batchSize: IMPORT_BATCH_ROWS,
      checkRow: async (values): Promise<ImportedInnovation> => {
        const problems: RowProblem[] = [];
        const agencyId = values.regionCode && values.agencyName ? await agencyOf(values.regionCode, values.agencyName) : null;
        if (values.regionCode && values.agencyName && !agencyId) {
          problems.push({ field: 'agencyName', code: 'innovation.agency-not-in-region', message: `No active agency named "${values.agencyName}" in ${values.regionCode}` });
        }
        const year = values.yearRegistered ? yearValue(values.yearRegistered) : currentYear;
        if (year === null) problems.push({ field: 'yearRegistered', code: 'field.wrong-type', message: 'yearRegistered must be a year such as 2024' });
        else if (year < FIRST_YEAR) problems.push({ field: 'yearRegistered', code: 'field.too-small', message: `yearRegistered must not be before ${FIRST_YEAR}` });
        else if (year > currentYear) problems.push({ field: 'yearRegistered', code: 'field.too-large', message: `yearRegistered must not be after ${currentYear}` });
        const body = {
          regionCode: values.regionCode,
          agencyId: agencyId ?? NO_AGENCY,
          name: values.name,
          typeCode: given(values.typeCode),
          stage: given(values.stage) && choiceValue(values.stage),
          initiator: given(values.initiator) && choiceValue(values.initiator),
          digital: given(values.digital) && yesNoValue(values.digital),
          form: given(values.form) && choiceValue(values.form),
          governmentAffair: given(values.governmentAffair),
          trialStartedOn: given(values.trialStartedOn) && dayValue(values.trialStartedOn),
          implementedOn: given(values.implementedOn) && dayValue(values.implementedOn),
          problem: given(values.problem),
          design: given(values.design),
          goals: given(values.goals),
          benefits: given(values.benefits),
          results: given(values.results),
        };
        const dto = await this.validated(RegisterInnovationDto, body, problems);
        return { dto, yearRegistered: year! };
      },
      storeRows: async (rows, { dryRun }) => {
        if (dryRun) return oneByOne(rows, (row) => oneRow(row, true));
        try {
          return await this.innovations.registerImported(rows, ctx, source);
        } catch (err) {
          // A row the database or the event contract refused fails its whole batch without saying
          // which row it was: the batch again a row at a time, so the report names it. An outage
          // fails here too, and stops the import.
          this.logger.warn(`A batch of ${rows.length} rows of ${source} failed as a whole (${(err as Error).message}); importing it a row at a time`);
          return oneByOne(rows, (row) => oneRow(row, false));
        }
      },
    };
  }

  /**
   * The body through the HTTP API's own validation pipe; throws every problem of the row at once:
   * the pipe's and those found before it (`problems`).
   */
  private async validated<T extends object>(type: new () => T, body: Record<string, unknown>, problems: RowProblem[]): Promise<T> {
    const plain = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    try {
      const dto = (await this.pipe.transform(plain, { type: 'body', metatype: type, data: '' })) as T;
      if (problems.length) throw new RowRefusedError(problems);
      return dto;
    } catch (err) {
      if (err instanceof RowRefusedError) throw err;
      throw new RowRefusedError([...problems, ...rowProblemsOf(err).filter((p) => !(p.field === 'agencyId' && problems.some((q) => q.field === 'agencyName')))]);
    }
  }
}
