import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsRegionCode } from '@lumbung/contracts';
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
  @ApiPropertyOptional({ example: '33', nullable: true }) parentCode: string | null;
}

@ApiTags('regions')
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionCatalog) {}

  @Get()
  @ApiOkResponse({ type: [RegionView] })
  list(@Query() query: ListRegionsQuery): Region[] {
    if (query.parent && !this.regions.get(query.parent)) throw new NotFoundException(`No region ${query.parent}`);
    return this.regions.list(query.parent);
  }

  @Get(':code')
  @ApiOkResponse({ type: RegionView })
  get(@Param('code') code: string): Region {
    const region = this.regions.get(code);
    if (!region) throw new NotFoundException(`No region ${code}`);
    return region;
  }
}
