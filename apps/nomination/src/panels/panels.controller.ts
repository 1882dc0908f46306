import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponse, PanelLayoutDto, PanelsView } from '@lumbung/contracts';
import { Actor, Roles, type CommandContext } from '@lumbung/platform';
import { ADMINS, EditionId } from '../editions/editions.controller.js';
import { PanelsService } from './panels.service.js';

@ApiTags('editions')
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No token, or a bad one' })
@Controller('editions')
export class PanelsController {
  constructor(private readonly panels: PanelsService) {}

  @Get(':id/panels')
  @ApiOperation({ summary: "The jury's panels, each with its jurors and the entries it scores; for the edition's admins and jurors" })
  @ApiOkResponse({ type: PanelsView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A malformed id' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Neither an admin nor an assigned juror of the edition' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such edition' })
  view(@Actor() ctx: CommandContext, @EditionId() id: string): Promise<PanelsView> {
    return this.panels.view(ctx.actor, id);
  }

  @Put(':id/panels')
  @Roles(...ADMINS)
  @ApiOperation({
    summary: 'Split the jury into panels and give each panel its entries (the whole layout; an empty list dissolves the panels); emits competition.panels-changed',
    description:
      "A panel's jurors score only its entries; entries in no panel are scored by any juror. An entry's score is the mean of its panel's jurors; the ranking centres each score on its panel's mean (see the README) so panels of different severity stay comparable.",
  })
  @ApiOkResponse({ type: PanelsView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A juror not assigned to the edition, an entry not submitted to it, someone or something in two panels, an entry no juror of its panel may score (conflicts of interest), named by its field' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not an admin of the edition's owner" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such edition' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The edition is decided, or the layout would take a scored entry away from a juror who scored it' })
  replace(@Actor() ctx: CommandContext, @EditionId() id: string, @Body() dto: PanelLayoutDto): Promise<PanelsView> {
    return this.panels.replace(ctx, id, dto);
  }
}
