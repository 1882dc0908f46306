import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ErrorResponse, ResultsExportQuery, TrackingExportQuery } from '@lumbung/contracts';
import { Actor, sheetDownload, SHEET_CONTENT_TYPES, type CommandContext, type SheetExport } from '@lumbung/platform';
import { NominationExportsService } from './nomination-exports.service.js';

const send = (reply: FastifyReply, sheet: SheetExport, format: 'xlsx' | 'csv' = 'xlsx') => {
  const { stream, headers } = sheetDownload(sheet, format);
  return reply.headers(headers).send(stream);
};

const SPREADSHEET_NOTE =
  'XLSX (default): Indonesian headers, a frozen header row, numbers as numbers and dates as dates; CSV with format=csv. ' +
  'Text cells a spreadsheet would run as a formula are neutralised with a leading apostrophe.';

@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: NominationExportsService) {}

  @Get('tracking')
  @ApiOperation({ summary: "A province's KIPP tracking as a spreadsheet: each innovation, how far it got", description: SPREADSHEET_NOTE })
  @ApiProduces(SHEET_CONTENT_TYPES.xlsx, SHEET_CONTENT_TYPES.csv)
  @ApiOkResponse({ description: 'The file, as an attachment' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A bad province, year, region or format' })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not the province’s staff, its region’s admin, or a national admin' })
  async tracking(@Actor() ctx: CommandContext, @Query() query: TrackingExportQuery, @Res() reply: FastifyReply): Promise<void> {
    const { format, ...rest } = query;
    await send(reply, await this.exports.trackingSheet(ctx.actor, rest), format);
  }

  @Get('results')
  @ApiOperation({ summary: "An edition's results as a spreadsheet (public once decided)", description: SPREADSHEET_NOTE })
  @ApiProduces(SHEET_CONTENT_TYPES.xlsx, SHEET_CONTENT_TYPES.csv)
  @ApiOkResponse({ description: 'The file, as an attachment' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A malformed edition id or a bad format' })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not decided yet, and the caller is neither an admin of the edition nor one of its jurors' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such edition' })
  async results(@Actor() ctx: CommandContext, @Query() query: ResultsExportQuery, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.exports.resultsSheet(ctx.actor, query.edition), query.format);
  }
}
