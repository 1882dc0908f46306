import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
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
import type { FastifyReply } from 'fastify';
import {
  AcceptReplicationDto,
  CompleteReplicationDto,
  CreateReplicationRequestDto,
  ErrorResponse,
  ImplementReplicationDto,
  IncomingRequestsQuery,
  OutgoingRequestsQuery,
  ReasonedTransitionDto,
  ReplicationListQuery,
  ReplicationNetwork,
  ReplicationRequestPage,
  ReplicationRequestView,
  ReplicationTimelineEntry,
  ReportProgressDto,
  SignAgreementDto,
  StalledRequestsQuery,
} from '@lumbung/contracts';
import { Actor, etagOf, expectedVersionFrom, IfMatch, invalidField, type CommandContext } from '@lumbung/platform';
import { ReplicationListsService, type RequestPage } from './replication-lists.service.js';
import type { ReplicationRequest } from './replication-request.entity.js';
import { networkEntryOf, timelineEntryOf, viewOf } from './replication-request.views.js';
import { ReplicationRequestsService } from './replication-requests.service.js';

const RequestId = () => Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'id must be a UUID') }));
const IF_MATCH = { required: false, description: 'The ETag (version) you read, as "3": 409 if the request changed since' };
const ETAG_HEADER = { ETag: { description: 'The version, quoted ("3"): send it back in If-Match', schema: { type: 'string' } } };

type Reply = Pick<FastifyReply, 'header'>;

/** Shared responses of every transition. */
const Transition =
  (summary: string) =>
  (target: object, key: string | symbol, descriptor: PropertyDescriptor): void => {
    HttpCode(200)(target, key, descriptor);
    ApiOperation({ summary })(target, key, descriptor);
    ApiOkResponse({ type: ReplicationRequestView, headers: ETAG_HEADER })(target, key, descriptor);
    ApiBadRequestResponse({ type: ErrorResponse, description: 'A bad field: errors[].field names it' })(target, key, descriptor);
    ApiForbiddenResponse({ type: ErrorResponse, description: 'The caller is not the party who takes this step' })(target, key, descriptor);
    ApiNotFoundResponse({ type: ErrorResponse })(target, key, descriptor);
    ApiConflictResponse({ type: ErrorResponse, description: 'Not allowed from the current status, or a stale If-Match' })(target, key, descriptor);
  };

@ApiTags('replication requests')
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No token, or a bad one' })
@Controller()
export class ReplicationRequestsController {
  constructor(
    private readonly requests: ReplicationRequestsService,
    private readonly lists: ReplicationListsService,
  ) {}

  @Post('replication-requests')
  @ApiOperation({ summary: 'File a request to replicate an innovation of another region (the adopter); emits replication.requested' })
  @ApiCreatedResponse({ type: ReplicationRequestView, headers: ETAG_HEADER })
  @ApiBadRequestResponse({ type: ErrorResponse, description: "A bad field, an unknown innovation or agency, or the origin's own region" })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not an admin of the adopter region nor staff of the adopting agency' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The origin is not in penerapan or is retired, or this agency already has an open request for it' })
  async create(@Actor() ctx: CommandContext, @Body() dto: CreateReplicationRequestDto, @Res({ passthrough: true }) reply: Reply): Promise<ReplicationRequestView> {
    return this.tagged(reply, ctx, await this.requests.create(ctx, dto));
  }

  @Get('replication-requests/incoming')
  @ApiOperation({ summary: "Requests to replicate an origin region's innovations, newest first" })
  @ApiOkResponse({ type: ReplicationRequestPage })
  @ApiForbiddenResponse({ type: ErrorResponse })
  async incoming(@Actor() ctx: CommandContext, @Query() query: IncomingRequestsQuery): Promise<ReplicationRequestPage> {
    return this.paged(ctx, await this.lists.incoming(ctx.actor, query));
  }

  @Get('replication-requests/outgoing')
  @ApiOperation({ summary: 'Requests an adopter region (or one of its agencies) filed, newest first' })
  @ApiOkResponse({ type: ReplicationRequestPage })
  @ApiForbiddenResponse({ type: ErrorResponse })
  async outgoing(@Actor() ctx: CommandContext, @Query() query: OutgoingRequestsQuery): Promise<ReplicationRequestPage> {
    return this.paged(ctx, await this.lists.outgoing(ctx.actor, query));
  }

  @Get('replication-requests/stalled')
  @ApiOperation({ summary: 'Open requests with no step by a party for N days, longest idle first' })
  @ApiOkResponse({ type: ReplicationRequestPage })
  @ApiForbiddenResponse({ type: ErrorResponse })
  async stalled(@Actor() ctx: CommandContext, @Query() query: StalledRequestsQuery): Promise<ReplicationRequestPage> {
    const page = await this.lists.stalled(ctx.actor, query);
    return this.paged(ctx, page, query.days);
  }

  @Get('provinces/:code/replication-requests')
  @ApiOperation({ summary: "Every request between two regions of a province, for the province's staff" })
  @ApiOkResponse({ type: ReplicationRequestPage })
  @ApiForbiddenResponse({ type: ErrorResponse })
  async province(@Actor() ctx: CommandContext, @Param('code') code: string, @Query() query: ReplicationListQuery): Promise<ReplicationRequestPage> {
    return this.paged(ctx, await this.lists.province(ctx.actor, code, query));
  }

  @Get('innovations/:id/replication-network')
  @ApiOperation({ summary: 'Who asked to replicate an innovation and how far each got (no contact details)' })
  @ApiOkResponse({ type: ReplicationNetwork })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async network(@RequestId() id: string): Promise<ReplicationNetwork> {
    const { innovation, requests, counts } = await this.lists.network(id);
    return { innovationId: innovation.id, innovationName: innovation.name, regionCode: innovation.regionCode, counts, requests: requests.map(networkEntryOf) };
  }

  @Get('replication-requests/:id')
  @ApiOperation({ summary: 'A replication request as it stands, with its ETag to send back in If-Match' })
  @ApiOkResponse({ type: ReplicationRequestView, headers: ETAG_HEADER })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not a party of the request nor an overseer' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async get(@Actor() ctx: CommandContext, @RequestId() id: string, @Res({ passthrough: true }) reply: Reply): Promise<ReplicationRequestView> {
    return this.tagged(reply, ctx, await this.requests.get(ctx, id));
  }

  @Get('replication-requests/:id/timeline')
  @ApiOperation({ summary: 'Every step of the request: who, when, from which status to which, with notes and what was recorded' })
  @ApiOkResponse({ type: [ReplicationTimelineEntry] })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async timeline(@Actor() ctx: CommandContext, @RequestId() id: string): Promise<ReplicationTimelineEntry[]> {
    return (await this.requests.timeline(ctx, id)).map(timelineEntryOf);
  }

  @Post('replication-requests/:id/accept')
  @Transition('The origin region accepts; emits replication.accepted')
  async accept(@Actor() ctx: CommandContext, @RequestId() id: string, @Body() dto: AcceptReplicationDto, @Res({ passthrough: true }) reply: Reply, @IfMatch(IF_MATCH) ifMatch?: string) {
    return this.tagged(reply, ctx, await this.requests.accept(ctx, id, dto, expectedVersionFrom(ifMatch)));
  }

  @Post('replication-requests/:id/decline')
  @Transition('The origin region declines, saying why; emits replication.declined')
  async decline(@Actor() ctx: CommandContext, @RequestId() id: string, @Body() dto: ReasonedTransitionDto, @Res({ passthrough: true }) reply: Reply, @IfMatch(IF_MATCH) ifMatch?: string) {
    return this.tagged(reply, ctx, await this.requests.decline(ctx, id, dto, expectedVersionFrom(ifMatch)));
  }

  @Post('replication-requests/:id/agreement')
  @Transition('Either party records the signed MoU and PKS (not for mandiri); emits replication.agreement-signed')
  async signAgreement(@Actor() ctx: CommandContext, @RequestId() id: string, @Body() dto: SignAgreementDto, @Res({ passthrough: true }) reply: Reply, @IfMatch(IF_MATCH) ifMatch?: string) {
    return this.tagged(reply, ctx, await this.requests.signAgreement(ctx, id, dto, expectedVersionFrom(ifMatch)));
  }

  @Post('replication-requests/:id/progress')
  @Transition('The adopter reports progress (action plan, knowledge transfer, adaptation, trial); emits replication.progressed')
  async reportProgress(@Actor() ctx: CommandContext, @RequestId() id: string, @Body() dto: ReportProgressDto, @Res({ passthrough: true }) reply: Reply, @IfMatch(IF_MATCH) ifMatch?: string) {
    return this.tagged(reply, ctx, await this.requests.reportProgress(ctx, id, dto, expectedVersionFrom(ifMatch)));
  }

  @Post('replication-requests/:id/implement')
  @Transition('The adopter records that it runs the innovation; emits replication.implemented')
  async implement(@Actor() ctx: CommandContext, @RequestId() id: string, @Body() dto: ImplementReplicationDto, @Res({ passthrough: true }) reply: Reply, @IfMatch(IF_MATCH) ifMatch?: string) {
    return this.tagged(reply, ctx, await this.requests.implement(ctx, id, dto, expectedVersionFrom(ifMatch)));
  }

  @Post('replication-requests/:id/complete')
  @Transition("The adopter evaluates the benefit and completes; emits replication.completed, and the registry records the adopter's innovation")
  async complete(@Actor() ctx: CommandContext, @RequestId() id: string, @Body() dto: CompleteReplicationDto, @Res({ passthrough: true }) reply: Reply, @IfMatch(IF_MATCH) ifMatch?: string) {
    return this.tagged(reply, ctx, await this.requests.complete(ctx, id, dto, expectedVersionFrom(ifMatch)));
  }

  @Post('replication-requests/:id/withdraw')
  @Transition('The adopter withdraws, saying why; emits replication.withdrawn')
  async withdraw(@Actor() ctx: CommandContext, @RequestId() id: string, @Body() dto: ReasonedTransitionDto, @Res({ passthrough: true }) reply: Reply, @IfMatch(IF_MATCH) ifMatch?: string) {
    return this.tagged(reply, ctx, await this.requests.withdraw(ctx, id, dto, expectedVersionFrom(ifMatch)));
  }

  @Post('replication-requests/:id/cancel')
  @Transition('The origin region or an overseer calls it off, saying why; emits replication.cancelled')
  async cancel(@Actor() ctx: CommandContext, @RequestId() id: string, @Body() dto: ReasonedTransitionDto, @Res({ passthrough: true }) reply: Reply, @IfMatch(IF_MATCH) ifMatch?: string) {
    return this.tagged(reply, ctx, await this.requests.cancel(ctx, id, dto, expectedVersionFrom(ifMatch)));
  }

  private tagged(reply: Reply, ctx: CommandContext, request: ReplicationRequest): ReplicationRequestView {
    reply.header('etag', etagOf(request.version));
    return viewOf(request, ctx.actor, this.lists.stalledDays);
  }

  private paged(ctx: CommandContext, page: RequestPage, stalledDays = this.lists.stalledDays): ReplicationRequestPage {
    const now = new Date();
    return { items: page.items.map((r) => viewOf(r, ctx.actor, stalledDays, now)), nextCursor: page.nextCursor };
  }
}
