import { Injectable } from '@nestjs/common';
import { CreateAgencyDto, IMPORT_KINDS, RegisterInnovationDto } from '@lumbung/contracts';
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
  type RowProblem,
  type SpreadsheetFormat,
} from '@lumbung/platform';
import { AgenciesService } from '../agencies/agencies.service.js';
import { yearInJakarta } from '../innovations/innovation-rules.js';
import { InnovationsService } from '../innovations/innovations.service.js';
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

  private innovationImport(ctx: CommandContext, source: string): ImportKind {
    const agencyIds = new Map<string, string>();
    const currentYear = yearInJakarta(new Date());
    const agencyOf = async (regionCode: string, name: string): Promise<string | null> => {
      const key = `${regionCode}\u0000${name.toLowerCase()}`;
      const cached = agencyIds.get(key);
      if (cached) return cached;
      const agency = await this.agencies.findActiveByName(regionCode, name);
      if (!agency) return null;
      if (agencyIds.size >= AGENCY_CACHE_MAX) agencyIds.clear();
      agencyIds.set(key, agency.id);
      return agency.id;
    };
    return {
      template: INNOVATION_TEMPLATE,
      fieldColumns: { agencyId: 'agencyName' },
      keyOf: (v) => naturalKey(v.regionCode, v.agencyName, v.name, v.yearRegistered),
      importRow: async (values, { dryRun }): Promise<RowOutcome> => {
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
        if (await this.innovations.findByNaturalKey(dto.agencyId, dto.name, year!)) return 'present';
        if (dryRun) await this.innovations.checkRegistration(dto, ctx);
        else await this.innovations.register(dto, ctx, { yearRegistered: year!, source });
        return 'created';
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
