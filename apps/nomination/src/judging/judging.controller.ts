import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
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
import { DecisionDto, DecisionView, EntryView, ErrorResponse, FileObjectionDto, NameFinalistsDto, ObjectionView, ResolveObjectionDto } from '@lumbung/contracts';
import { Actor, invalidField, Roles, type CommandContext } from '@lumbung/platform';
import { EditionId } from '../editions/editions.controller.js';
import { EntryId } from '../entries/entries.controller.js';
import { entryView } from '../entries/entry-views.js';
import { JudgingService } from './judging.service.js';
import type { Objection } from './objection.entity.js';

const ADMINS = ['region-admin', 'province-admin', 'national-admin', 'service'] as const;

function objectionView(o: Objection): ObjectionView {
  return { id: o.id, entryId: o.entryId, reason: o.reason, filedBy: o.filedBy, filedAt: o.filedAt.toISOString(), outcome: o.outcome, note: o.note, resolvedAt: o.resolvedAt?.toISOString() ?? null };
}

@ApiTags('judging')
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No token, or a bad one' })
@Controller()
export class JudgingController {
  constructor(private readonly judging: JudgingService) {}

  @Post('editions/:id/finalists')
  @HttpCode(200)
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Name the finalists (the given entries, or the top finalistCount); emits nomination.finalist' })
  @ApiOkResponse({ type: [EntryView] })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'An entry that is not a scored entry of the edition (named by its field), or no finalistCount to go by' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not an admin of the edition's owner" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such edition' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Wrong phase, already named, or no scored entry' })
  async finalists(@Actor() ctx: CommandContext, @EditionId() id: string, @Body() dto: NameFinalistsDto): Promise<EntryView[]> {
    const { edition, finalists } = await this.judging.nameFinalists(ctx, id, dto);
    return finalists.map((e) => entryView(e, edition));
  }

  @Post('entries/:id/objections')
  @ApiOperation({ summary: 'Object to a finalist during the objection window (sanggah); emits nomination.objection-filed' })
  @ApiCreatedResponse({ type: ObjectionView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'No reason, or a malformed id' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such entry' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The window is not open, or the entry is not a finalist' })
  async object(@Actor() ctx: CommandContext, @EntryId() id: string, @Body() dto: FileObjectionDto): Promise<ObjectionView> {
    return objectionView(await this.judging.fileObjection(ctx, id, dto));
  }

  @Get('editions/:id/objections')
  @ApiOperation({ summary: 'The objections (sanggah) filed in an edition' })
  @ApiOkResponse({ type: [ObjectionView] })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A malformed id' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such edition' })
  async objections(@EditionId() id: string): Promise<ObjectionView[]> {
    return (await this.judging.objections(id)).map(objectionView);
  }

  @Post('objections/:id/resolution')
  @HttpCode(200)
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Uphold (disqualifies the finalist) or dismiss an objection; emits nomination.objection-resolved' })
  @ApiOkResponse({ type: ObjectionView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'An unknown outcome, no note, or a malformed id, named by its field' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not an admin of the edition's owner" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such objection' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Already resolved, the edition is decided, or the entry is no longer a finalist' })
  async resolve(
    @Actor() ctx: CommandContext,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'id must be a UUID') })) id: string,
    @Body() dto: ResolveObjectionDto,
  ): Promise<ObjectionView> {
    return objectionView((await this.judging.resolveObjection(ctx, id, dto)).objection);
  }

  @Post('editions/:id/decision')
  @HttpCode(200)
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Decide: winners and ranks, the rest not-selected; emits nomination.won / .not-selected and competition.decided' })
  @ApiOkResponse({ type: DecisionView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A winner who is not a candidate' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not an admin of the edition's owner" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such edition' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Not the decision phase, already decided, unchecked entries, open objections or no candidate' })
  async decide(@Actor() ctx: CommandContext, @EditionId() id: string, @Body() dto: DecisionDto): Promise<DecisionView> {
    const { edition, winners, notSelected } = await this.judging.decide(ctx, id, dto);
    return { editionId: edition.id, winners: winners.map((w) => entryView(w, edition)), notSelectedEntryIds: notSelected.map((e) => e.id) };
  }
}
