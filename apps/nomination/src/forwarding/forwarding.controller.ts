import { Body, Controller, Post, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { EntryView, ErrorResponse, ForwardEntryDto, NationalResultDto } from '@lumbung/contracts';
import { Actor, Roles, type CommandContext } from '@lumbung/platform';
import { EntryId } from '../entries/entries.controller.js';
import { entryView } from '../entries/entry-views.js';
import { ForwardingService } from './forwarding.service.js';

@ApiTags('forwarding')
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No token, or a bad one' })
@Controller('entries')
export class ForwardingController {
  constructor(private readonly forwarding: ForwardingService) {}

  @Post(':id/forward')
  @Roles('region-admin', 'province-admin', 'national-admin', 'service')
  @ApiOperation({ summary: "Forward a winner to the next level's edition as a linked entry with its own snapshot; emits nomination.forwarded and nomination.submitted" })
  @ApiCreatedResponse({ type: EntryView, description: 'The new entry in the target edition' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'An unknown targetEditionId' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not an admin of the source edition's owner" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such entry' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Not a winner, not the next level, a closed window, the quota reached, or already there' })
  async forward(@Actor() ctx: CommandContext, @EntryId() id: string, @Body() dto: ForwardEntryDto): Promise<EntryView> {
    const { forwarded, target } = await this.forwarding.forward(ctx, id, dto);
    return entryView(forwarded, target);
  }

  @Put(':id/national-result')
  @Roles('national-admin', 'province-admin', 'service')
  @ApiOperation({
    summary: 'Record the national result (top-99, top-45, terpuji, not-selected) of a national entry; emits nomination.national-result',
    description: "The entry's state becomes the result (top-99, top-45, terpuji; not-selected for not-selected), which the lineage and the tracking view show.",
  })
  @ApiOkResponse({ type: EntryView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'An unknown result or a malformed id, named by its field' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "A province admin of another province" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such entry' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Not a national entry, a rejected or disqualified entry, or a result that would not raise the one recorded' })
  async nationalResult(@Actor() ctx: CommandContext, @EntryId() id: string, @Body() dto: NationalResultDto): Promise<EntryView> {
    const { entry, edition } = await this.forwarding.recordNationalResult(ctx, id, dto);
    return entryView(entry, edition);
  }
}
