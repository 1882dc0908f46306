import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ErrorResponse, IsRegionCode } from '@lumbung/contracts';
import { RegionCatalog, type Region } from './region-catalog.service.js';

class ListRegionsQuery {
  @ApiPropertyOptional({ example: '33', description: 'A province code: its regencies and cities. Omit for the provinces.' })
  @IsOptional()
  @IsRegionCode()
  parent?: string;
}

class RegionView {
  @ApiProperty({ example: '33.19' }) code: string;
  @ApiProperty({ example: 'Kabupaten Kudus' }) name: string;
  @ApiProperty({ enum: ['province', 'regency'] }) level: string;
  @ApiPropertyOptional({ type: String, example: '33', nullable: true }) parentCode: string | null;
}

@ApiTags('regions')
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No token, or a bad one' })
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionCatalog) {}

  @Get()
  @ApiOperation({ summary: 'The provinces, or the regencies and cities of one province (Kemendagri codes)' })
  @ApiOkResponse({ type: [RegionView] })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'parent is not a region code' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No province with that code' })
  list(@Query() query: ListRegionsQuery): Region[] {
    if (query.parent && !this.regions.get(query.parent)) throw new NotFoundException(`No region ${query.parent}`);
    return this.regions.list(query.parent);
  }

  @Get(':code')
  @ApiOperation({ summary: 'One province, regency or city by its code' })
  @ApiOkResponse({ type: RegionView })
  @ApiNotFoundResponse({ type: ErrorResponse })
  get(@Param('code') code: string): Region {
    const region = this.regions.get(code);
    if (!region) throw new NotFoundException(`No region ${code}`);
    return region;
  }
}
