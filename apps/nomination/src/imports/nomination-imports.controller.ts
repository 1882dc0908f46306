import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ErrorResponse, ImportJobView, StartNominationImportQuery, TemplateQuery } from '@lumbung/contracts';
import { SpreadsheetImportsController } from '@lumbung/messaging';
import { Actor, formatOf, invalidField, Roles, sheetDownload, SHEET_CONTENT_TYPES, templateHeaders, type CommandContext } from '@lumbung/platform';
import { NATIONAL_RESULT_TEMPLATE } from './national-results.template.js';
import { NominationImportJobs } from './nomination-import-jobs.service.js';

/**
 * The national results as KemenPANRB publishes them (Top 99, Top 45, Terpuji), uploaded by those who
 * record them: the national admin, or a province admin for its province's entries (each row is
 * checked as PUT /entries/:id/national-result checks it). State, progress and report are the shared routes.
 */
@ApiTags('imports')
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No token, or a bad one' })
@Controller()
export class NominationImportsController extends SpreadsheetImportsController {
  constructor(protected readonly jobs: NominationImportJobs) {
    super();
  }

  @Get('import-templates/national-results')
  @ApiOperation({ summary: 'The template of the national results import: its header row and an example row, in Indonesian (default) or English' })
  @ApiProduces(SHEET_CONTENT_TYPES.xlsx, SHEET_CONTENT_TYPES.csv)
  @ApiOkResponse({ description: 'The file, as an attachment' })
  @ApiBadRequestResponse({ type: ErrorResponse })
  async template(@Query() query: TemplateQuery, @Res() reply: FastifyReply): Promise<void> {
    const lang = query.lang ?? 'id';
    const headers = templateHeaders(NATIONAL_RESULT_TEMPLATE, lang);
    const { stream, headers: http } = sheetDownload(
      {
        name: `templat-national-results-${lang}`,
        sheetName: 'national-results',
        columns: NATIONAL_RESULT_TEMPLATE.columns.map((c, n) => ({ key: c.field, header: headers[n], width: Math.max(14, headers[n].length + 2) })),
        rows: [Object.fromEntries(NATIONAL_RESULT_TEMPLATE.columns.map((c) => [c.field, c.example]))],
      },
      query.format ?? 'xlsx',
    );
    await reply.headers(http).send(stream);
  }

  @Post('imports')
  @HttpCode(202)
  @Roles('province-admin', 'national-admin')
  @ApiOperation({
    summary: 'Upload the national results as a CSV or XLSX file (kind: national-results); a worker records each row as PUT /entries/:id/national-result would',
    description: 'The body is the file (content-type text/csv or the XLSX media type), at most 20 MiB. Follow it at GET /imports/:id or /imports/:id/events.',
  })
  @ApiConsumes('text/csv', SHEET_CONTENT_TYPES.xlsx)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: ImportJobView, description: 'Queued (202)' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'An unknown kind, a bad file name, an empty body' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Neither a national nor a province admin' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'import.running: the same file is already being imported' })
  async start(@Actor() ctx: CommandContext, @Query() query: StartNominationImportQuery, @Body() body: unknown): Promise<ImportJobView> {
    if (!Buffer.isBuffer(body) || body.length === 0) throw invalidField('body', 'The body must be the CSV or XLSX file, sent as text/csv or the XLSX media type', 'field.required');
    return this.jobs.start(query.kind, query.fileName, formatOf(query.fileName)!, body, ctx.actor, query.dryRun ?? false);
  }
}
