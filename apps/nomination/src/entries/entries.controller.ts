import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
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
import { AdmissionDto, EntryDetail, EntryView, ErrorResponse, ListEntriesQuery, SubmitEntryDto } from '@lumbung/contracts';
import { Actor, invalidField, Roles, type CommandContext } from '@lumbung/platform';
import { EditionId } from '../editions/editions.controller.js';
import { EntriesService } from './entries.service.js';
import { entryView } from './entry-views.js';

export const EntryId = () => Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'id must be a UUID') }));

@ApiTags('entries')
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No token, or a bad one' })
@Controller()
export class EntriesController {
  constructor(private readonly entries: EntriesService) {}

  @Post('editions/:id/entries')
  @Roles('agency-staff', 'region-admin', 'province-admin', 'national-admin')
  @ApiOperation({ summary: "Enter an innovation of the caller's agency/region while the window is open; keeps a snapshot; emits nomination.submitted" })
  @ApiCreatedResponse({ type: EntryView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Unknown innovation, or one the rules exclude (age, stage, retired, previous winner)' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Another agency's innovation, or a region the edition does not take" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such edition' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Window not open, per-agency limit reached, or already entered' })
  async submit(@Actor() ctx: CommandContext, @EditionId() id: string, @Body() dto: SubmitEntryDto): Promise<EntryView> {
    const { entry, edition } = await this.entries.submit(ctx, id, dto);
    return entryView(entry, edition);
  }

  @Get('editions/:id/entries')
  @ApiOperation({
    summary: 'The entries of an edition, optionally in one state',
    description: "Until the edition's decision, scores and ranks are shown only to its assigned jurors and its admins; everyone else signed in sees them null (proposalJurors 0) beside each entry's status.",
  })
  @ApiOkResponse({ type: [EntryView] })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A malformed id or an unknown state' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such edition' })
  list(@Actor() ctx: CommandContext, @EditionId() id: string, @Query() query: ListEntriesQuery): Promise<EntryView[]> {
    return this.entries.list(ctx.actor, id, query.state);
  }

  @Get('entries/:id')
  @ApiOperation({
    summary: 'An entry with its snapshot, where it was forwarded, and its replication evidence',
    description: "Scores and rank as in the list: hidden from all but the edition's assigned jurors and admins until its decision.",
  })
  @ApiOkResponse({ type: EntryDetail })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A malformed id' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  detail(@Actor() ctx: CommandContext, @EntryId() id: string): Promise<EntryDetail> {
    return this.entries.detail(ctx.actor, id);
  }

  @Post('entries/:id/admission')
  @HttpCode(200)
  @Roles('region-admin', 'province-admin', 'national-admin', 'service')
  @ApiOperation({ summary: 'Administrative check: admit, or reject with a reason; emits nomination.admitted / .rejected' })
  @ApiOkResponse({ type: EntryView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A rejection without a reason' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not an admin of the edition's owner" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such entry' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Already checked, or the check is over' })
  async admission(@Actor() ctx: CommandContext, @EntryId() id: string, @Body() dto: AdmissionDto): Promise<EntryView> {
    const { entry, edition } = await this.entries.admission(ctx, id, dto);
    return entryView(entry, edition);
  }
}
