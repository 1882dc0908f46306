import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
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
import {
  AdmissionDto,
  EntryDetail,
  EntryTimelineStep,
  EntryView,
  ErrorResponse,
  ListEntriesQuery,
  ProposalDto,
  ReturnEntryDto,
  SubmitEntryDto,
  WithdrawEntryDto,
} from '@lumbung/contracts';
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
  @ApiOperation({
    summary: "Enter an innovation of the caller's agency/region, with its proposal: submitted now (window open; emits nomination.submitted) or kept as a draft (emits nomination.drafted)",
    description: 'A draft may be saved any time before the decision and is seen only by its agency and the admins of its region; the window, the eligibility rules and the quota apply when it is submitted.',
  })
  @ApiCreatedResponse({ type: EntryView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Unknown innovation, one the rules exclude (age, stage, retired, previous winner), a category the edition does not have (or none where it has them), a proposal section for no criterion of the edition, or a text over its limit' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Another agency's innovation, or a region the edition does not take" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such edition' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Window not open, per-agency limit reached, or already entered' })
  async submit(@Actor() ctx: CommandContext, @EditionId() id: string, @Body() dto: SubmitEntryDto): Promise<EntryView> {
    const { entry, edition } = await this.entries.create(ctx, id, dto);
    return entryView(entry, edition);
  }

  @Get('editions/:id/entries')
  @ApiOperation({
    summary: 'The entries of an edition, optionally in one state or category',
    description: "Drafts are listed only to their agency and its region's admins. Until the edition's decision, scores and ranks are shown only to its assigned jurors and its admins; everyone else signed in sees them null (proposalJurors 0) beside each entry's status.",
  })
  @ApiOkResponse({ type: [EntryView] })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A malformed id or an unknown state' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such edition' })
  list(@Actor() ctx: CommandContext, @EditionId() id: string, @Query() query: ListEntriesQuery): Promise<EntryView[]> {
    return this.entries.list(ctx.actor, id, query);
  }

  @Get('entries/:id')
  @ApiOperation({
    summary: "An entry with its proposal (each section beside its criterion, and a juror's own score of it), its snapshot, where it was forwarded, and its replication evidence",
    description: "Scores and rank as in the list: hidden from all but the edition's assigned jurors and admins until its decision. A draft is 404 to all but its agency and its region's admins.",
  })
  @ApiOkResponse({ type: EntryDetail })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A malformed id' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  detail(@Actor() ctx: CommandContext, @EntryId() id: string): Promise<EntryDetail> {
    return this.entries.detail(ctx.actor, id);
  }

  @Get('entries/:id/timeline')
  @ApiOperation({
    summary: 'Every step of an entry, oldest first, with the event each published',
    description: 'Scoring steps are shown only to those who may see the scores (as for the entry). A draft is 404 to all but its agency and its region’s admins.',
  })
  @ApiOkResponse({ type: [EntryTimelineStep] })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A malformed id' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  timeline(@Actor() ctx: CommandContext, @EntryId() id: string): Promise<EntryTimelineStep[]> {
    return this.entries.timeline(ctx.actor, id);
  }

  @Put('entries/:id/proposal')
  @Roles('agency-staff', 'region-admin', 'province-admin', 'national-admin')
  @ApiOperation({ summary: 'Write or correct the proposal of a draft, or of an entry returned for correction; emits nomination.proposal-changed' })
  @ApiOkResponse({ type: EntryView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A section for no criterion of the edition, given twice, or a text over its limit, named by its field' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not the entry's agency or an admin of its region" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such entry' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Neither a draft nor returned, or the edition is decided' })
  async proposal(@Actor() ctx: CommandContext, @EntryId() id: string, @Body() dto: ProposalDto): Promise<EntryView> {
    const { entry, edition } = await this.entries.changeProposal(ctx, id, dto);
    return entryView(entry, edition);
  }

  @Post('entries/:id/submission')
  @HttpCode(200)
  @Roles('agency-staff', 'region-admin', 'province-admin', 'national-admin')
  @ApiOperation({ summary: 'Submit a draft (with last proposal changes) while the window is open; the eligibility rules and quota apply; emits nomination.submitted' })
  @ApiOkResponse({ type: EntryView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A proposal section for no criterion of the edition, or a text over its limit' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not the entry's agency or an admin of its region" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such entry' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Not a draft, the window is not open, the rules exclude the innovation, or the quota is reached' })
  async submitDraft(@Actor() ctx: CommandContext, @EntryId() id: string, @Body() dto: ProposalDto): Promise<EntryView> {
    const { entry, edition } = await this.entries.submitDraft(ctx, id, dto);
    return entryView(entry, edition);
  }

  @Post('entries/:id/return')
  @HttpCode(200)
  @Roles('region-admin', 'province-admin', 'national-admin', 'service')
  @ApiOperation({ summary: 'Administrative check: return a submitted entry for correction, with a note and a deadline; emits nomination.returned' })
  @ApiOkResponse({ type: EntryView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'No note, or a deadline in the past or after the administrative check' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not an admin of the edition's owner" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such entry' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Not awaiting its check, or the check is over' })
  async returnForCorrection(@Actor() ctx: CommandContext, @EntryId() id: string, @Body() dto: ReturnEntryDto): Promise<EntryView> {
    const { entry, edition } = await this.entries.returnForCorrection(ctx, id, dto);
    return entryView(entry, edition);
  }

  @Post('entries/:id/resubmission')
  @HttpCode(200)
  @Roles('agency-staff', 'region-admin', 'province-admin', 'national-admin')
  @ApiOperation({ summary: 'Resubmit an entry returned for correction (with its corrections) by the deadline; emits nomination.resubmitted' })
  @ApiOkResponse({ type: EntryView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A proposal section for no criterion of the edition, or a text over its limit' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not the entry's agency or an admin of its region" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such entry' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Not returned, the deadline has passed, or the check is over' })
  async resubmit(@Actor() ctx: CommandContext, @EntryId() id: string, @Body() dto: ProposalDto): Promise<EntryView> {
    const { entry, edition } = await this.entries.resubmit(ctx, id, dto);
    return entryView(entry, edition);
  }

  @Post('entries/:id/withdrawal')
  @HttpCode(200)
  @Roles('agency-staff', 'region-admin', 'province-admin', 'national-admin')
  @ApiOperation({ summary: 'Withdraw an entry before the decision (from the check, the ranking and the decision); emits nomination.withdrawn' })
  @ApiOkResponse({ type: EntryView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A reason over its limit' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not the entry's agency or an admin of its region" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such entry' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Already decided, rejected, disqualified or withdrawn, or the edition is decided' })
  async withdraw(@Actor() ctx: CommandContext, @EntryId() id: string, @Body() dto: WithdrawEntryDto): Promise<EntryView> {
    const { entry, edition } = await this.entries.withdraw(ctx, id, dto);
    return entryView(entry, edition);
  }

  @Post('entries/:id/admission')
  @HttpCode(200)
  @Roles('region-admin', 'province-admin', 'national-admin', 'service')
  @ApiOperation({ summary: 'Administrative check: admit, or reject with a reason (a returned entry once its deadline is over); emits nomination.admitted / .rejected' })
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
