import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CatalogueExportQuery, ComplianceExportQuery, ErrorResponse } from '@lumbung/contracts';
import { sheetDownload, SHEET_CONTENT_TYPES, type SheetExport } from '@lumbung/platform';
import { RegistryExportsService } from './registry-exports.service.js';

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
  constructor(private readonly exports: RegistryExportsService) {}

  @Get('compliance')
  @ApiOperation({ summary: '"Satu OPD Satu Inovasi" as a spreadsheet: a regency\'s OPDs, or a province\'s regencies', description: SPREADSHEET_NOTE })
  @ApiProduces(SHEET_CONTENT_TYPES.xlsx, SHEET_CONTENT_TYPES.csv)
  @ApiOkResponse({ description: 'The file, as an attachment' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A missing or unknown region, a bad year or format' })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  async compliance(@Query() query: ComplianceExportQuery, @Res() reply: FastifyReply): Promise<void> {
    const { format, ...rest } = query;
    await send(reply, await this.exports.complianceSheet(rest), format);
  }

  @Get('catalogue')
  @ApiOperation({ summary: "A region's innovations as a spreadsheet, in the columns of the innovation import template", description: SPREADSHEET_NOTE })
  @ApiProduces(SHEET_CONTENT_TYPES.xlsx, SHEET_CONTENT_TYPES.csv)
  @ApiOkResponse({ description: 'The file, as an attachment' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A missing or malformed region, a bad year or format' })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  async catalogue(@Query() query: CatalogueExportQuery, @Res() reply: FastifyReply): Promise<void> {
    const { format, ...rest } = query;
    await send(reply, this.exports.catalogueSheet(rest), format);
  }
}
