import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional } from 'class-validator';
import { ErrorResponse } from '@lumbung/contracts';
import { Actor, Roles, type CommandContext } from '@lumbung/platform';
import { OPERATOR_ROLES } from '../dashboard/operator-access.js';
import { QUEUE_DEPTH_STATES, ServiceQueues } from '../metrics/service-queues.js';
import { DeadLetterService, PAYLOAD_CHANGE_ROLES } from './dead-letter.service.js';

export class ReplayDeadLetterDto {
  @ApiPropertyOptional({
    description: `A corrected payload to send instead of the one that failed (${PAYLOAD_CHANGE_ROLES.join(', ')} only): it must hold the event type's contract and keep every id of the original payload; type, aggregate and event id stay the original's`,
  })
  @IsOptional()
  @IsObject()
  payload?: Record<string, unknown>;
}

export class ListDeadLettersQuery {
  @ApiPropertyOptional({ enum: ['open', 'replayed', 'all'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'replayed', 'all'])
  status?: 'open' | 'replayed' | 'all';
}

class DeadLetterView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'registry-inbox' }) queue: string;
  @ApiProperty({ description: 'The BullMQ job id (the event id when the message carried one)' }) jobId: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Null when the message was too broken to carry one' }) eventId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'replication.completed' }) type: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The job data as received (or as corrected by a replay)' }) message: unknown;
  @ApiProperty({ example: 'connection terminated unexpectedly' }) error: string;
  @ApiProperty({ description: 'True when it failed its contract and was never retried' }) unrecoverable: boolean;
  @ApiProperty({ example: 8 }) attempts: number;
  @ApiProperty({ format: 'date-time' }) failedAt: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) replayedAt: Date | null;
  @ApiProperty({ example: 0 }) replayCount: number;
}

class DeadLetterReplayView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) deadLetterId: string;
  @ApiProperty({ description: 'Subject of the token that replayed it' }) actorSub: string;
  @ApiProperty({ example: 'national-admin' }) actorRole: string;
  @ApiProperty({ format: 'date-time' }) replayedAt: Date;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: 'The payload before this replay' }) payloadBefore: unknown;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: 'The corrected payload; null when replayed unchanged' }) payloadAfter: unknown;
}

class QueueCounts {
  @ApiProperty({ example: 'registry-inbox' }) queue: string;
  @ApiProperty({ enum: ['inbox', 'publishes-to'], description: "The service's own inbox, or a queue it publishes to" }) role: 'inbox' | 'publishes-to';
  @ApiPropertyOptional({ example: { waiting: 0, prioritized: 0, delayed: 0, active: 0, failed: 1 }, description: `Jobs by state (${QUEUE_DEPTH_STATES.join(', ')})` })
  counts?: Record<string, number>;
  @ApiPropertyOptional({ description: 'Why the queue could not be read (Redis unreachable)' }) error?: string;
}

/** Operators' view of event delivery: queue depths, dead letters, and their replay. The dashboard at /admin/board shows the same queues. */
@ApiTags('operations')
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No token, or a bad one' })
@ApiForbiddenResponse({ type: ErrorResponse, description: `Only ${OPERATOR_ROLES.join(' and ')} tokens` })
@Roles(...OPERATOR_ROLES)
@Controller('admin')
export class MessagingAdminController {
  constructor(
    private readonly deadLetters: DeadLetterService,
    private readonly queues: ServiceQueues,
  ) {}

  @Get('dead-letters')
  @ApiOperation({ summary: 'Events this service could not handle' })
  @ApiOkResponse({ type: [DeadLetterView] })
  list(@Query() query: ListDeadLettersQuery) {
    return this.deadLetters.list(query.status ?? 'open');
  }

  @Get('dead-letters/:id')
  @ApiOperation({ summary: 'One dead letter: the message as received, the error and its attempts' })
  @ApiOkResponse({ type: DeadLetterView })
  @ApiNotFoundResponse({ type: ErrorResponse })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.deadLetters.get(id);
  }

  @Post('dead-letters/:id/replay')
  @ApiOperation({ summary: 'Put a dead letter back on its queue, optionally with a corrected payload; audited' })
  @ApiCreatedResponse({ type: DeadLetterView, description: 'Replayed: the record with replayedAt and replayCount updated' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: "The corrected payload breaks the event type's contract" })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Already replayed and no corrected payload sent; or the corrected payload changes an id of the original' })
  replay(@Actor() ctx: CommandContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReplayDeadLetterDto) {
    return this.deadLetters.replay(id, ctx.actor, body.payload);
  }

  @Get('dead-letters/:id/replays')
  @ApiOperation({ summary: 'Who replayed a dead letter, when, and its payload before and after' })
  @ApiOkResponse({ type: [DeadLetterReplayView] })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async replays(@Param('id', ParseUUIDPipe) id: string) {
    await this.deadLetters.get(id);
    return this.deadLetters.replays(id);
  }

  @Get('queues')
  @ApiOperation({ summary: "Depth of this service's inbox and of every subscriber queue it publishes to" })
  @ApiOkResponse({ type: [QueueCounts] })
  async queueCounts(): Promise<QueueCounts[]> {
    const results = await this.queues.depths();
    return results.map((r, i) =>
      r.status === 'fulfilled' ? r.value : { queue: this.queues.subscriptions[i].queue, role: this.queues.subscriptions[i].role, error: (r.reason as Error).message },
    );
  }
}
