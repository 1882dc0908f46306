import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ENTRY_CATEGORIES, EntryView, EntryWithProposal, ErrorResponse, FieldCheckDto, FieldCheckView, PresentationScoreDto, RankingView, ScoreSheetDto, type EntryCategory } from '@lumbung/contracts';
import { Actor, invalidField, Roles, type CommandContext } from '@lumbung/platform';
import { EditionId } from '../editions/editions.controller.js';
import { EntryId } from '../entries/entries.controller.js';
import { EntriesService } from '../entries/entries.service.js';
import { entryView, proposalView } from '../entries/entry-views.js';
import { ScoringService } from './scoring.service.js';

@ApiTags('scoring')
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No token, or a bad one' })
@Controller()
export class ScoringController {
  constructor(
    private readonly scoring: ScoringService,
    private readonly entries: EntriesService,
  ) {}

  @Put('entries/:id/scores')
  @Roles('juror')
  @ApiOperation({
    summary: "A juror's scores (0-100) per criterion for an admitted entry, during the scoring phase; emits nomination.scored",
    description: "Answers with the entry's proposal: each section beside its criterion with the juror's own score of it.",
  })
  @ApiOkResponse({ type: EntryWithProposal })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A score outside 0-100 or an unknown criterion, named by its field' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not an assigned juror of the edition, or an entry of an agency or region the juror works for (the admin's record or the juror's declaration)" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such entry' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Outside the scoring phase, or an entry not admitted' })
  async score(@Actor() ctx: CommandContext, @EntryId() id: string, @Body() dto: ScoreSheetDto): Promise<EntryWithProposal> {
    const { entry, edition } = await this.scoring.scoreProposal(ctx, id, dto);
    return { ...entryView(entry, edition), proposal: proposalView(entry, edition, await this.entries.sheetBy(entry.id, ctx.actor.sub), await this.entries.commentsOn(entry.id)) };
  }

  @Put('entries/:id/presentation-score')
  @Roles('juror')
  @ApiOperation({ summary: "A juror's score (0-100) of a finalist's presentation and interview; emits nomination.scored" })
  @ApiOkResponse({ type: EntryView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A score outside 0-100, named by its field' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not an assigned juror of the edition, or a conflict of interest' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such entry' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Outside the presentation phase, or not a finalist' })
  async presentation(@Actor() ctx: CommandContext, @EntryId() id: string, @Body() dto: PresentationScoreDto): Promise<EntryView> {
    const { entry, edition } = await this.scoring.scorePresentation(ctx, id, dto);
    return entryView(entry, edition);
  }

  @Put('entries/:id/field-check')
  @Roles('juror')
  @ApiOperation({ summary: "A juror's field check (verifikasi lapangan) of a finalist, in the field-check phase; read by the jury and the admins with the entry; emits nomination.field-checked" })
  @ApiOkResponse({ type: FieldCheckView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'An unknown outcome or no note, named by its field' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not an assigned juror of the edition, or a conflict of interest' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such entry' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Outside the field-check phase, or not a finalist' })
  async fieldCheck(@Actor() ctx: CommandContext, @EntryId() id: string, @Body() dto: FieldCheckDto): Promise<FieldCheckView> {
    const check = await this.scoring.recordFieldCheck(ctx, id, dto);
    return (await this.entries.fieldChecksOf(id)).find((c) => c.jurorId === check.jurorId)!;
  }

  @Get('editions/:id/ranking')
  @ApiOperation({ summary: 'The ranking as the committed scores give it now: proposal (weighted mean over jurors) or final (with the presentation)' })
  @ApiQuery({ name: 'round', enum: ['proposal', 'final'], required: false })
  @ApiQuery({ name: 'category', enum: ENTRY_CATEGORIES, required: false, description: "A national edition's category: its own ranking" })
  @ApiOkResponse({ type: RankingView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A round other than proposal or final' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Neither an admin of the edition nor one of its assigned jurors (a token naming the edition is not enough)" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such edition' })
  ranking(@Actor() ctx: CommandContext, @EditionId() id: string, @Query('round') round = 'proposal', @Query('category') category?: string): Promise<RankingView> {
    if (round !== 'proposal' && round !== 'final') throw invalidField('round', 'round must be proposal or final');
    if (category !== undefined && !ENTRY_CATEGORIES.includes(category as EntryCategory)) throw invalidField('category', `category must be one of ${ENTRY_CATEGORIES.join(', ')}`);
    return this.scoring.ranking(ctx.actor, id, round, category as EntryCategory | undefined);
  }
}
