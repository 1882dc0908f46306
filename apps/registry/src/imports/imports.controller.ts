import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ErrorResponse, IMPORT_KINDS, ImportJobView, StartImportQuery, TemplateQuery } from '@lumbung/contracts';
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
const idParam = () => Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'id must be a UUID') }));

/** Progress pushed to a watching console: how often the job's row is looked at while it runs. */
const EVENTS_EVERY_MS = 500;

@ApiTags('imports')
@Controller()
export class ImportsController {
  constructor(private readonly jobs: ImportJobsService) {}

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

  @Get('imports/:id')
  @ApiOperation({ summary: 'An import: its status and progress (rows, bytes read of the file)' })
  @ApiOkResponse({ type: ImportJobView })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such import, or one of another uploader' })
  view(@Actor() ctx: CommandContext, @idParam() id: string): Promise<ImportJobView> {
    return this.jobs.view(id, ctx.actor);
  }

  @Get('imports/:id/events')
  @ApiOperation({ summary: 'An import’s progress as server-sent events (event: progress, data: the import), until it is done or failed' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'A stream of `event: progress` with the import as JSON data, ending after done or failed' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async events(@Actor() ctx: CommandContext, @idParam() id: string, @Res() reply: FastifyReply): Promise<void> {
    let last = JSON.stringify(await this.jobs.view(id, ctx.actor));
    // The headers the security hooks set on this answer go out with the stream Fastify no longer writes.
    const headers = reply.getHeaders() as Record<string, string>;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    let open = true;
    raw.on('close', () => (open = false));
    raw.write(`event: progress\ndata: ${last}\n\n`);
    try {
      while (open && !/"status":"(done|failed)"/.test(last)) {
        await new Promise((r) => setTimeout(r, EVENTS_EVERY_MS));
        const now = JSON.stringify(await this.jobs.view(id, ctx.actor));
        if (now !== last && open) raw.write(`event: progress\ndata: ${now}\n\n`);
        last = now;
      }
    } catch {
      // The answer has begun, so no error document can follow; the stream ends and EventSource reconnects.
    } finally {
      raw.end();
    }
  }

  @Get('imports/:id/report')
  @ApiOperation({ summary: 'The refused rows of an import (row, column, code, message, value), in the format of the file' })
  @ApiProduces(SHEET_CONTENT_TYPES.xlsx, SHEET_CONTENT_TYPES.csv)
  @ApiOkResponse({ description: 'The report, as an attachment' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such import, or no report (yet, or every row was good)' })
  async report(@Actor() ctx: CommandContext, @idParam() id: string, @Res() reply: FastifyReply): Promise<void> {
    const { fileName, format, bytes } = await this.jobs.report(id, ctx.actor);
    await reply.headers({ 'content-type': SHEET_CONTENT_TYPES[format], 'content-disposition': `attachment; filename="${fileName.replace(/"/g, '')}"` }).send(bytes);
  }
}
