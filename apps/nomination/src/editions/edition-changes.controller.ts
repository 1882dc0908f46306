import { Body, Controller, Patch } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ChangeRulesDto, ChangeScheduleDto, EditionSnapshot, ErrorResponse } from '@lumbung/contracts';
import { Actor, Roles, type CommandContext } from '@lumbung/platform';
import { EditionChangesService } from './edition-changes.service.js';
import { editionSnapshot } from './edition-views.js';
import { EditionId } from './editions.controller.js';

const ADMINS = ['region-admin', 'province-admin', 'national-admin', 'service'] as const;

@ApiTags('editions')
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No token, or a bad one' })
@Controller('editions')
export class EditionChangesController {
  constructor(private readonly changes: EditionChangesService) {}

  @Patch(':id/schedule')
  @Roles(...ADMINS)
  @ApiOperation({
    summary: 'Extend or move phases that have not ended, with a reason; emits competition.schedule-changed with the old and new dates',
    description: 'A started phase keeps its first day; no date goes into the past; each phase still starts after the one before it ends. The scheduler and the window checks follow the new dates.',
  })
  @ApiOkResponse({ type: EditionSnapshot })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A date in the past, a started phase moved, a phase before the previous one, a phase not scheduled, no reason, or nothing changed, named by its field' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not an admin of the edition's owner" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such edition' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The phase has ended, or the edition is decided or closed' })
  async schedule(@Actor() ctx: CommandContext, @EditionId() id: string, @Body() dto: ChangeScheduleDto): Promise<EditionSnapshot> {
    return editionSnapshot(await this.changes.changeSchedule(ctx, id, dto));
  }

  @Patch(':id/rules')
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Change criteria, weights or eligibility until the submission window opens; emits competition.rules-changed' })
  @ApiOkResponse({ type: EditionSnapshot })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Weights not summing to 100, both criteria and a preset, or nothing to change, named by its field' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not an admin of the edition's owner" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such edition' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The submission window has opened' })
  async rules(@Actor() ctx: CommandContext, @EditionId() id: string, @Body() dto: ChangeRulesDto): Promise<EditionSnapshot> {
    return editionSnapshot(await this.changes.changeRules(ctx, id, dto));
  }
}
