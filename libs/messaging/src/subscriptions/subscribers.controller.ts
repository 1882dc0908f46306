import { Body, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { ErrorResponse } from '@lumbung/contracts';
import { Actor, invalidField, Roles, SERVICE_NAME, ServiceEnv, type CommandContext } from '@lumbung/platform';
import { OPERATOR_ROLES } from '../dashboard/operator-access.js';
import { SubscriberQueues } from '../outbox/subscriber-queues.js';
import { BacklogGuard } from './backlog-guard.js';
import { EventReplays } from './event-replays.js';
import { DEFAULT_MAX_AGE_SECONDS, DEFAULT_MAX_BACKLOG } from './subscriber.js';
import { SubscriberOperations } from './subscriber-operations.js';

export class CreateSubscriberDto {
  @ApiProperty({ example: 'analytics', description: 'Lowercase letters, digits and dashes; the queue is `<name>-events`' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,54}$/, { message: 'name must be lowercase letters, digits and dashes, at most 55 characters' })
  name: string;

  @ApiPropertyOptional({ enum: ['queue', 'webhook'], default: 'queue', description: 'A BullMQ queue the consumer reads, or an HTTPS endpoint the producers POST each event to, signed' })
  @IsOptional()
  @IsIn(['queue', 'webhook'])
  kind?: 'queue' | 'webhook';

  @ApiProperty({ example: ['innovation.*', 'replication.completed'], description: 'Event types, or `aggregate.*`, or `*`' })
  @IsString({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  patterns: string[];

  @ApiPropertyOptional({ type: String, nullable: true, example: '33', description: 'Only events naming a region of this province' })
  @IsOptional()
  @IsString()
  provinceCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'https://hooks.example.go.id/lumbung', description: 'A webhook endpoint (https)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string | null;

  @ApiPropertyOptional({ enum: ['now', 'beginning'], default: 'now', description: '`beginning`: first every event still in the outbox history (a backfill), then live ones' })
  @IsOptional()
  @IsIn(['now', 'beginning'])
  from?: 'now' | 'beginning';

  @ApiPropertyOptional({ default: DEFAULT_MAX_BACKLOG, description: 'Past this many waiting events the subscriber is paused so nobody stalls' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  maxBacklog?: number;

  @ApiPropertyOptional({ default: DEFAULT_MAX_AGE_SECONDS, description: 'Past this age (seconds) of its oldest waiting event the subscriber is paused' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90 * 24 * 3600)
  maxAgeSeconds?: number;
}

export class ResumeSubscriberDto {
  @ApiPropertyOptional({ default: true, description: 'Send every event since the pause first (the events stayed in the outbox history)' })
  @IsOptional()
  @IsBoolean()
  replay?: boolean;
}

export class ReplayEventsDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Every event sent at or after this time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Every event after this one (an event of this service's outbox)" })
  @IsOptional()
  @IsUUID()
  afterEventId?: string;
}

class BacklogView {
  @ApiProperty({ example: 12 }) waiting: number;
  @ApiProperty({ example: 3.5 }) oldestAgeSeconds: number;
}

class ReplayProgressView {
  @ApiProperty() sent: number;
  @ApiProperty() total: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) cursor: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) head: number | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) startedAt: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) doneAt: string | null;
}

class ReplayView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() subscriber: string;
  @ApiProperty({ format: 'date-time' }) since: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) afterEventId: string | null;
  @ApiProperty({ description: 'True: sent again even if the subscriber had them; false: an event already in its queue is not added twice' }) redeliver: boolean;
  @ApiProperty() requestedBy: string;
  @ApiProperty({ enum: ['operator', 'backfill', 'catch-up', 'resume'] }) reason: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/ReplayProgressView' }, description: "Each producer's part, by service" })
  progress: Record<string, ReplayProgressView>;
}

class SubscriberView {
  @ApiProperty({ example: 'analytics' }) name: string;
  @ApiProperty({ example: 'analytics-events' }) queue: string;
  @ApiProperty({ enum: ['queue', 'webhook'] }) kind: string;
  @ApiProperty({ type: [String] }) patterns: string[];
  @ApiPropertyOptional({ type: String, nullable: true }) provinceCode: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) url: string | null;
  @ApiProperty({ enum: ['active', 'paused'] }) state: string;
  @ApiPropertyOptional({ type: String, enum: ['operator', 'backlog'], nullable: true }) pausedReason: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) pausedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) pausedNote: string | null;
  @ApiProperty() maxBacklog: number;
  @ApiProperty() maxAgeSeconds: number;
  @ApiProperty({ enum: ['env', 'operator'] }) source: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiPropertyOptional({ type: BacklogView }) backlog?: BacklogView;
  @ApiProperty({ type: [ReplayView] }) replays: ReplayView[];
}

class CreatedSubscriberView extends SubscriberView {
  @ApiPropertyOptional({ type: String, nullable: true, description: "A webhook's signing secret (Standard Webhooks `whsec_…`): shown in this answer only" })
  secret: string | null;
}

/**
 * Outside subscribers as data. Every service serves the same list (it lives in Redis beside the
 * queues), so an operator uses whichever is at hand; every producer follows a change within
 * SUBSCRIBERS_REFRESH_MS. Reading is for operators; changing is for national admins, since a
 * subscriber receives events of every region.
 */
@ApiTags('operations')
@ApiExtraModels(ReplayProgressView)
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No token, or a bad one' })
@ApiForbiddenResponse({ type: ErrorResponse, description: `Reading: ${OPERATOR_ROLES.join(' and ')} tokens; changes: national admins` })
@Roles(...OPERATOR_ROLES)
@Controller('admin/subscribers')
export class SubscribersController {
  private readonly operations: SubscriberOperations;

  constructor(
    private readonly queues: SubscriberQueues,
    private readonly replays: EventReplays,
    guard: BacklogGuard,
    env: ServiceEnv,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {
    this.operations = new SubscriberOperations(queues.store, replays.store, { allowHttp: env.WEBHOOK_ALLOW_HTTP, backlogOf: (name) => guard.backlogOf(name) });
  }

  @Get()
  @ApiOperation({ summary: 'Every outside subscriber: state, bound, backlog and replays' })
  @ApiOkResponse({ type: [SubscriberView] })
  list() {
    return this.operations.list();
  }

  @Get(':name')
  @ApiOperation({ summary: 'One subscriber, with its backlog and the progress of its replays' })
  @ApiOkResponse({ type: SubscriberView })
  @ApiNotFoundResponse({ type: ErrorResponse })
  get(@Param('name') name: string) {
    return this.operations.get(name);
  }

  @Post()
  @Roles('national-admin')
  @ApiOperation({ summary: 'Add a subscriber (a queue or a webhook); from=beginning backfills the outbox history first' })
  @ApiCreatedResponse({ type: CreatedSubscriberView })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'A subscriber of that name exists' })
  async add(@Actor() ctx: CommandContext, @Body() body: CreateSubscriberDto) {
    const created = await this.operations.add({ ...body, kind: body.kind ?? 'queue' }, ctx.actor.sub);
    await this.queues.refresh();
    return created;
  }

  @Post(':name/pause')
  @HttpCode(200)
  @Roles('national-admin')
  @ApiOperation({ summary: 'Stop delivering to a subscriber; its events stay in the outbox history' })
  @ApiOkResponse({ type: SubscriberView })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Already paused' })
  async pause(@Param('name') name: string) {
    const paused = await this.operations.pause(name);
    await this.queues.refresh();
    return paused;
  }

  @Post(':name/resume')
  @HttpCode(200)
  @Roles('national-admin')
  @ApiOperation({ summary: 'Deliver again, first replaying every event since the pause (unless replay=false)' })
  @ApiOkResponse({ type: SubscriberView })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Not paused' })
  async resume(@Actor() ctx: CommandContext, @Param('name') name: string, @Body() body: ResumeSubscriberDto) {
    const resumed = await this.operations.resume(name, body.replay ?? true, ctx.actor.sub);
    await this.queues.refresh();
    return resumed;
  }

  @Delete(':name')
  @HttpCode(204)
  @Roles('national-admin')
  @ApiOperation({ summary: 'Remove a subscriber and its replays (a seeded one returns at the next start unless EVENT_SUBSCRIBERS drops it)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponse })
  async remove(@Param('name') name: string) {
    await this.operations.remove(name);
    await this.queues.refresh();
  }

  @Post(':name/replays')
  @HttpCode(202)
  @Roles('national-admin')
  @ApiOperation({ summary: 'Send a subscriber every event since a time or after an event again, in per-aggregate order, rate-bounded; progress under its replays' })
  @ApiAcceptedResponse({ type: ReplayView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Neither since nor afterEventId' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: "No such subscriber, or afterEventId is not in this service's outbox history" })
  async replay(@Actor() ctx: CommandContext, @Param('name') name: string, @Body() body: ReplayEventsDto) {
    let since = body.since;
    if (body.afterEventId) {
      // The other producers start from the event's time; its own producer from right after it.
      const createdAt = await this.replays.createdAtOf(body.afterEventId);
      if (!createdAt) throw new NotFoundException(`The ${this.service} outbox history has no event ${body.afterEventId}: ask the service that published it, or give since`);
      since = createdAt.toISOString();
    }
    if (!since) throw invalidField('since', 'give since (a time) or afterEventId');
    return this.operations.replay(name, since, body.afterEventId ?? null, ctx.actor.sub);
  }
}
