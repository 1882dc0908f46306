import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ErrorResponse, IMPORT_KINDS, ImportJobView, StartImportQuery, TemplateQuery } from '@lumbung/contracts';
import { SpreadsheetImportsController } from '@lumbung/messaging';
import { Actor, formatOf, invalidField, Roles, sheetDownload, SHEET_CONTENT_TYPES, templateHeaders, type CommandContext } from '@lumbung/platform';
import { ImportJobsService } from './import-jobs.service.js';
import type { RegistryImportKind } from './registry-imports.service.js';
import { AGENCY_TEMPLATE, INNOVATION_TEMPLATE } from './registry-templates.js';

const kindParam = () =>
  Param('kind', {
    transform: (value: string) => {
      if (!(IMPORT_KINDS as readonly string[]).includes(value)) throw invalidField('kind', `kind must be one of ${IMPORT_KINDS.join(', ')}`, 'field.not-allowed-value');
      return value;
    },
  });

/** The registry's imports: agencies and innovations; an import's state, progress and report are the shared routes. */
@ApiTags('imports')
@Controller()
export class ImportsController extends SpreadsheetImportsController {
  constructor(protected readonly jobs: ImportJobsService) {
    super();
  }

  @Get('import-templates/:kind')
  @ApiParam({ name: 'kind', enum: IMPORT_KINDS })
  @ApiOperation({ summary: 'The template of an import: its header row and an example row, in Indonesian (default) or English' })
  @ApiProduces(SHEET_CONTENT_TYPES.xlsx, SHEET_CONTENT_TYPES.csv)
  @ApiOkResponse({ description: 'The file, as an attachment' })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  async template(@kindParam() kind: RegistryImportKind, @Query() query: TemplateQuery, @Res() reply: FastifyReply): Promise<void> {
    const template = kind === 'agencies' ? AGENCY_TEMPLATE : INNOVATION_TEMPLATE;
    const lang = query.lang ?? 'id';
    const headers = templateHeaders(template, lang);
    const { stream, headers: http } = sheetDownload(
      {
        name: `templat-${kind}-${lang}`,
        sheetName: kind,
        columns: template.columns.map((c, n) => ({ key: c.field, header: headers[n], width: Math.max(14, headers[n].length + 2) })),
        rows: [Object.fromEntries(template.columns.map((c) => [c.field, c.example]))],
      },
      query.format ?? 'xlsx',
    );
    await reply.headers(http).send(stream);
  }

  @Post('imports')
  @HttpCode(202)
  @Roles('agency-staff', 'region-admin', 'province-admin', 'national-admin')
  @ApiOperation({
    summary: 'Upload a CSV or XLSX file to import (kind: agencies or innovations); a worker runs it with the rules of the command line and the API',
    description: 'The body is the file (content-type text/csv or the XLSX media type), at most 20 MiB. Follow it at GET /imports/:id or /imports/:id/events.',
  })
  @ApiConsumes('text/csv', SHEET_CONTENT_TYPES.xlsx)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: ImportJobView, description: 'Queued (202)' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'An unknown kind, a bad file name, an empty body' })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'import.running: the same file is already being imported as this kind' })
  async start(@Actor() ctx: CommandContext, @Query() query: StartImportQuery, @Body() body: unknown): Promise<ImportJobView> {
    if (!Buffer.isBuffer(body) || body.length === 0) throw invalidField('body', 'The body must be the CSV or XLSX file, sent as text/csv or the XLSX media type', 'field.required');
    return this.jobs.start(query.kind, query.fileName, formatOf(query.fileName)!, body, ctx.actor, query.dryRun ?? false);
  }
}
