import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
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
import { AgencyView, ChangeHistoryEntry, CreateAgencyDto, ErrorResponse, ListAgenciesQuery, RenameAgencyDto } from '@lumbung/contracts';
import { Actor, etagOf, expectedVersionFrom, IfMatch, invalidField, Roles, type CommandContext } from '@lumbung/platform';
import { AgenciesService, agencyView } from './agencies.service.js';

const AGENCY_ID = new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'id must be a UUID') });
/** The version as an ETag, so HTTP clients can send it straight back in If-Match. */
function tagged(reply: FastifyReply, view: AgencyView): AgencyView {
  void reply.header('etag', etagOf(view.version));
  return view;
}

const IF_MATCH = { required: false, description: 'The version you read, as "3": 409 if the agency changed since' };

@ApiTags('agencies')
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No token, or a bad one' })
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Post()
  @Roles('region-admin', 'province-admin', 'national-admin')
  @ApiOperation({ summary: 'Register an agency (OPD) of a regency/city or province; emits agency.registered' })
  @ApiCreatedResponse({ type: AgencyView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A bad field, or an unknown regionCode' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not an admin of the agency's region, its province, or national" })
  @ApiConflictResponse({ type: ErrorResponse, description: 'An active agency of the region already has that name' })
  async register(@Actor() ctx: CommandContext, @Body() dto: CreateAgencyDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AgencyView> {
    return tagged(reply, agencyView(await this.agencies.register(ctx, dto)));
  }

  @Get()
  @ApiOperation({ summary: "A region's agencies, by name" })
  @ApiOkResponse({ type: [AgencyView] })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A missing or unknown region' })
  async list(@Query() query: ListAgenciesQuery): Promise<AgencyView[]> {
    return (await this.agencies.list(query.region, query.includeRetired)).map(agencyView);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An agency, with its ETag to send back in If-Match' })
  @ApiOkResponse({ type: AgencyView })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async get(@Param('id', AGENCY_ID) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<AgencyView> {
    return tagged(reply, agencyView(await this.agencies.get(id)));
  }

  @Get(':id/history')
  @Roles('region-admin', 'province-admin', 'national-admin')
  @ApiOperation({ summary: "An agency's changes, oldest first: who, when, and each field before and after; for the admins of its region" })
  @ApiOkResponse({ type: [ChangeHistoryEntry] })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'An id that is not a UUID' })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  history(@Actor() ctx: CommandContext, @Param('id', AGENCY_ID) id: string): Promise<ChangeHistoryEntry[]> {
    return this.agencies.history(ctx.actor, id);
  }

  @Patch(':id')
  @Roles('region-admin', 'province-admin', 'national-admin')
  @ApiOperation({ summary: 'Rename an agency; emits agency.renamed' })
  @ApiOkResponse({ type: AgencyView })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Stale If-Match, a retired agency, or a name taken in the region' })
  async rename(
    @Actor() ctx: CommandContext,
    @Param('id', AGENCY_ID) id: string,
    @Body() dto: RenameAgencyDto,
    @Res({ passthrough: true }) reply: FastifyReply,
    @IfMatch(IF_MATCH) ifMatch?: string,
  ): Promise<AgencyView> {
    return tagged(reply, agencyView(await this.agencies.rename(ctx, id, dto, expectedVersionFrom(ifMatch))));
  }

  @Post(':id/retire')
  @HttpCode(200)
  @Roles('region-admin', 'province-admin', 'national-admin')
  @ApiOperation({ summary: 'Retire an agency; its innovations stay, it can register no new ones; emits agency.retired' })
  @ApiOkResponse({ type: AgencyView })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Already retired, or a stale If-Match' })
  async retire(
    @Actor() ctx: CommandContext,
    @Param('id', AGENCY_ID) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @IfMatch(IF_MATCH) ifMatch?: string,
  ): Promise<AgencyView> {
    return tagged(reply, agencyView(await this.agencies.retire(ctx, id, expectedVersionFrom(ifMatch))));
  }
}
