import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional } from 'class-validator';
import { Roles } from '@lumbung/platform';
import { SubscriberQueues } from '../outbox/subscriber-queues.js';
import { DeadLetterService } from './dead-letter.service.js';

export class ReplayDeadLetterDto {
  @ApiPropertyOptional({ description: 'A corrected payload to send instead of the one that failed' })
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

class QueueCounts {
  @ApiProperty() queue: string;
  @ApiProperty({ example: { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 12 } }) counts: Record<string, number>;
}

/** Operators' view of event delivery: queue depths, dead letters, and their replay. */
@ApiTags('operations')
@Roles('national-admin', 'service')
@Controller('admin')
export class MessagingAdminController {
  constructor(
    private readonly deadLetters: DeadLetterService,
    private readonly queues: SubscriberQueues,
  ) {}

  @Get('dead-letters')
  @ApiOperation({ summary: 'Events this service could not handle' })
  list(@Query() query: ListDeadLettersQuery) {
    return this.deadLetters.list(query.status ?? 'open');
  }

  @Get('dead-letters/:id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.deadLetters.get(id);
  }

  @Post('dead-letters/:id/replay')
  @ApiOperation({ summary: 'Put a dead letter back on its queue, optionally with a corrected payload' })
  replay(@Param('id', ParseUUIDPipe) id: string, @Body() body: ReplayDeadLetterDto) {
    return this.deadLetters.replay(id, body.payload);
  }

  @Get('queues')
  @ApiOperation({ summary: 'Depth of every subscriber queue this service publishes to' })
  @ApiOkResponse({ type: [QueueCounts] })
  async queueCounts(): Promise<QueueCounts[]> {
    return Promise.all(
      this.queues.all().map(async (q) => ({ queue: q.name, counts: await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed') })),
    );
  }
}
