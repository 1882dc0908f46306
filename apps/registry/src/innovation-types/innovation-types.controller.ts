import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ChangeHistoryEntry, ErrorResponse, InnovationTypeDto, InnovationTypeView, ListInnovationTypesQuery, RenameInnovationTypeDto } from '@lumbung/contracts';
import { Actor, Roles, type CommandContext } from '@lumbung/platform';
import { InnovationTypesService } from './innovation-types.service.js';

@ApiTags('innovation types')
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No token, or a bad one' })
@ApiNotFoundResponse({ type: ErrorResponse, description: 'An unknown region, or a type the region does not have' })
@Controller('regions/:code/innovation-types')
export class InnovationTypesController {
  constructor(private readonly types: InnovationTypesService) {}

  @Get()
  @ApiOperation({ summary: "The region's innovation types: the default eight until the region edits its list" })
  @ApiOkResponse({ type: [InnovationTypeView] })
  list(@Param('code') regionCode: string, @Query() query: ListInnovationTypesQuery): Promise<InnovationTypeView[]> {
    return this.types.list(regionCode, query.includeRetired);
  }

  @Post()
  @Roles('region-admin', 'province-admin', 'national-admin')
  @ApiOperation({ summary: "Add a type to the region's list (or bring a retired one back)" })
  @ApiCreatedResponse({ type: InnovationTypeView })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not an admin of the region, its province, or national" })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The region already has an active type with that code' })
  add(@Actor() ctx: CommandContext, @Param('code') regionCode: string, @Body() dto: InnovationTypeDto): Promise<InnovationTypeView> {
    return this.types.add(ctx, regionCode, dto);
  }

  @Get(':type/history')
  @Roles('region-admin', 'province-admin', 'national-admin')
  @ApiOperation({ summary: "A type's changes, oldest first: who, when, and each field before and after; for the admins of its region" })
  @ApiOkResponse({ type: [ChangeHistoryEntry] })
  @ApiForbiddenResponse({ type: ErrorResponse })
  history(@Actor() ctx: CommandContext, @Param('code') regionCode: string, @Param('type') code: string): Promise<ChangeHistoryEntry[]> {
    return this.types.history(ctx.actor, regionCode, code);
  }

  @Patch(':type')
  @Roles('region-admin', 'province-admin', 'national-admin')
  @ApiOperation({ summary: 'Rename a type; innovations keep its code' })
  @ApiOkResponse({ type: InnovationTypeView })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The type is retired' })
  rename(@Actor() ctx: CommandContext, @Param('code') regionCode: string, @Param('type') code: string, @Body() dto: RenameInnovationTypeDto): Promise<InnovationTypeView> {
    return this.types.rename(ctx, regionCode, code, dto);
  }

  @Delete(':type')
  @Roles('region-admin', 'province-admin', 'national-admin')
  @ApiOperation({ summary: 'Retire a type: existing innovations keep the code, new ones cannot use it' })
  @ApiOkResponse({ type: InnovationTypeView })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Already retired, or the last active type of the region' })
  retire(@Actor() ctx: CommandContext, @Param('code') regionCode: string, @Param('type') code: string): Promise<InnovationTypeView> {
    return this.types.retire(ctx, regionCode, code);
  }
}
