import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ErrorResponse, LineageView, TrackingQuery, TrackingView } from '@lumbung/contracts';
import { Actor, type CommandContext } from '@lumbung/platform';
import { EditionId } from '../editions/editions.controller.js';
import { EntryId } from '../entries/entries.controller.js';
import { TrackingService } from './tracking.service.js';

@ApiTags('tracking')
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No token, or a bad one' })
@Controller()
export class TrackingController {
  constructor(private readonly tracking: TrackingService) {}

  @Get('tracking')
  @ApiOperation({ summary: 'For a province and year, per regency/city: entries submitted, admitted, won, forwarded, and how far each got' })
  @ApiOkResponse({ type: TrackingView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A malformed province, year or region, named by its field' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not the province's staff or a national admin (a region admin sees its own region)" })
  view(@Actor() ctx: CommandContext, @Query() query: TrackingQuery): Promise<TrackingView> {
    return this.tracking.tracking(ctx.actor, query);
  }

  @Get('entries/:id/lineage')
  @ApiOperation({ summary: 'The chain of one entry from its first edition through every forwarding (a draft: 404 to all but its agency and its region’s admins)' })
  @ApiOkResponse({ type: LineageView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A malformed id' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  lineage(@Actor() ctx: CommandContext, @EntryId() id: string): Promise<LineageView> {
    return this.tracking.lineage(ctx.actor, id);
  }

  @Get('editions/:id/results.csv')
  @ApiOperation({
    summary: "An edition's results as CSV (public once decided)",
    description: "Before the decision, only for the edition's admins and its assigned jurors. Text cells a spreadsheet would run as a formula are neutralised with a leading apostrophe.",
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'rank, state, entry, innovation, agency, region, scores, forwarded_to, national_result…' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A malformed id' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not decided yet, and the caller is neither an admin of the edition nor one of its assigned jurors" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such edition' })
  async csv(@Actor() ctx: CommandContext, @EditionId() id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { filename, csv } = await this.tracking.resultsCsv(ctx.actor, id);
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`);
    return csv;
  }
}
