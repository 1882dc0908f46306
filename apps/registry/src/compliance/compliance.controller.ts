import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse, getSchemaPath } from '@nestjs/swagger';
import { ComplianceQuery, ErrorResponse, ProvinceCompliance, RegionCompliance } from '@lumbung/contracts';
import { ComplianceService } from './compliance.service.js';
import { currentYear } from './compliance-counts.js';

@ApiTags('compliance')
@ApiExtraModels(RegionCompliance, ProvinceCompliance)
@Controller('compliance')
export class ComplianceController {
  constructor(private readonly compliance: ComplianceService) {}

  @Get()
  @ApiOperation({
    summary: '"Satu OPD Satu Inovasi": which agencies registered an innovation in a year',
    description:
      'A regency/city code gives its agencies with and without an innovation registered that year. ' +
      'A province code gives one row per regency/city (those without agencies say "no agencies registered"), ' +
      "the provincial government's own OPDs, and province totals.",
  })
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(RegionCompliance) }, { $ref: getSchemaPath(ProvinceCompliance) }] } })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A missing or unknown region, or a bad year' })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  report(@Query() query: ComplianceQuery): Promise<RegionCompliance | ProvinceCompliance> {
    return this.compliance.of(query.region, query.year ?? currentYear());
  }
}
