import { Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ErrorResponse, ImportJobView } from '@lumbung/contracts';
import { Actor, invalidField, SHEET_CONTENT_TYPES, type CommandContext } from '@lumbung/platform';
import type { SpreadsheetImportJobs } from './spreadsheet-import-jobs.js';

const idParam = () => Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'id must be a UUID') }));

/** Progress pushed to a watching console: how often the job's row is looked at while it runs. */
const EVENTS_EVERY_MS = 500;

/**
 * The routes every service's imports share: an import's state, its progress as server-sent events,
 * its report. A service's controller extends this (Nest inherits the routes) and adds its own
 * upload and templates, whose kinds and roles are its own.
 */
export abstract class SpreadsheetImportsController {
  protected abstract readonly jobs: SpreadsheetImportJobs<ImportJobView['kind']>;

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
