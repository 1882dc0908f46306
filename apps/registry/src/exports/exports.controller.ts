import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CatalogueExportQuery, ComplianceExportQuery, ErrorResponse } from '@lumbung/contracts';
import { invalidField, sheetDownload, SHEET_CONTENT_TYPES, type SheetExport } from '@lumbung/platform';
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

  @Get('innovations/:id/iid')
  @ApiOperation({
    summary: "An innovation's record in the fields of the regional innovation index (IID) report, as XLSX",
    description: 'One row, one column per IID field in the words of the IID form; fields the registry does not record (Covid-19 relation, budget) are left empty.',
  })
  @ApiProduces(SHEET_CONTENT_TYPES.xlsx)
  @ApiOkResponse({ description: 'The file, as an attachment' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A malformed id' })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async iid(@Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'id must be a UUID') })) id: string, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.exports.iidSheet(id), 'xlsx');
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
