import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
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
  ChangeStageDto,
  ErrorResponse,
  InnovationDetail,
  InnovationHistoryEntry,
  InnovationPage,
  InnovationSnapshot,
  ListInnovationsQuery,
  RegisterInnovationDto,
  RetireInnovationDto,
  ReviseInnovationDto,
} from '@lumbung/contracts';
import { Actor, checkBody, etagOf, IfMatch, invalidField, Roles, UncheckedBody, type CommandContext } from '@lumbung/platform';
import type { InnovationDocument } from './innovation.store.js';
import { InnovationsService } from './innovations.service.js';

/** Who may write: each within its scope (own agency, region, province), checked by the service. */
const WRITERS = ['agency-staff', 'region-admin', 'province-admin', 'national-admin'] as const;

const InnovationId = () => Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'id must be a UUID') }));

const ETAG_HEADER = { ETag: { description: 'The version, quoted ("3"): send it back in If-Match to change the record', schema: { type: 'string' } } };
const IF_MATCH_OPTIONAL = { required: false, description: 'The ETag you read; when sent, a stale version is a 409' };

type Reply = Pick<FastifyReply, 'header'>;

function withEtag<T extends { version: number }>(reply: Reply, body: T): T {
  reply.header('etag', etagOf(body.version));
  return body;
}

/** Sends a document as it is: with the type set, Fastify does not serialize a string again. */
function sendDocument(reply: Reply, answer: InnovationDocument): string {
  reply.header('content-type', 'application/json; charset=utf-8');
  return withEtag(reply, answer).document;
}

@ApiTags('innovations')
@ApiUnauthorizedResponse({ description: 'No bearer token, or an invalid or expired one', type: ErrorResponse })
@Controller('innovations')
export class InnovationsController {
  constructor(private readonly innovations: InnovationsService) {}

  @Post()
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Register an innovation of an agency (OPD)' })
  @ApiCreatedResponse({ type: InnovationSnapshot, headers: ETAG_HEADER })
  @ApiBadRequestResponse({ description: 'Fields are invalid: errors[] names every one, those of the DTO and of the service checks together', type: ErrorResponse })
  @ApiForbiddenResponse({ description: "Outside the caller's agency, region or province", type: ErrorResponse })
  @ApiBody({ type: RegisterInnovationDto })
  async register(@UncheckedBody() body: unknown, @Actor() ctx: CommandContext, @Res({ passthrough: true }) reply: Reply): Promise<string> {
    // Checked here rather than by the global pipe, so the 400 also names what the service's checks refuse.
    return sendDocument(reply, await this.innovations.registerBody(body, await checkBody(body, RegisterInnovationDto), ctx));
  }

  @Get()
  @ApiOperation({ summary: 'List innovations, filtered and searched, newest first (best match first with q)' })
  @ApiOkResponse({ type: InnovationPage })
  @ApiBadRequestResponse({ type: ErrorResponse })
  list(@Query() query: ListInnovationsQuery): Promise<InnovationPage> {
    return this.innovations.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An innovation, with the replications recorded from it' })
  @ApiOkResponse({ type: InnovationDetail, headers: ETAG_HEADER })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async get(@InnovationId() id: string, @Res({ passthrough: true }) reply: Reply): Promise<string> {
    return sendDocument(reply, await this.innovations.getDocument(id));
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every change of an innovation, with who made it and when' })
  @ApiOkResponse({ type: [InnovationHistoryEntry] })
  @ApiNotFoundResponse({ type: ErrorResponse })
  history(@InnovationId() id: string): Promise<InnovationHistoryEntry[]> {
    return this.innovations.history(id);
  }

  @Put(':id')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Revise the content; a revision that changes nothing keeps the version and emits no event' })
  @ApiOkResponse({ type: InnovationSnapshot, headers: ETAG_HEADER })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ description: 'Stale If-Match, or the innovation is retired', type: ErrorResponse })
  async revise(
    @InnovationId() id: string,
    @IfMatch({ required: true, description: 'The ETag of the version you read, such as "3"' }) ifMatch: string | undefined,
    @Body() dto: ReviseInnovationDto,
    @Actor() ctx: CommandContext,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<InnovationSnapshot> {
    return withEtag(reply, await this.innovations.revise(id, ifMatch, dto, ctx));
  }

  @Post(':id/stage')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Move to a later stage (inisiatif → uji-coba → penerapan)' })
  @ApiOkResponse({ type: InnovationSnapshot, headers: ETAG_HEADER })
  @ApiBadRequestResponse({ description: 'The new stage needs a date that is missing', type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ description: 'Same or earlier stage, stale If-Match, or retired', type: ErrorResponse })
  async changeStage(
    @InnovationId() id: string,
    @IfMatch(IF_MATCH_OPTIONAL) ifMatch: string | undefined,
    @Body() dto: ChangeStageDto,
    @Actor() ctx: CommandContext,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<InnovationSnapshot> {
    return withEtag(reply, await this.innovations.changeStage(id, ifMatch, dto, ctx));
  }

  @Post(':id/retire')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Retire an innovation; it can no longer change' })
  @ApiOkResponse({ type: InnovationSnapshot, headers: ETAG_HEADER })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ description: 'Already retired, or stale If-Match', type: ErrorResponse })
  async retire(
    @InnovationId() id: string,
    @IfMatch(IF_MATCH_OPTIONAL) ifMatch: string | undefined,
    @Body() dto: RetireInnovationDto,
    @Actor() ctx: CommandContext,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<InnovationSnapshot> {
    return withEtag(reply, await this.innovations.retire(id, ifMatch, dto, ctx));
  }
}
