import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { UnrecoverableError } from 'bullmq';
import type { ReceivedEvent } from '@lumbung/messaging';
import { InnovationsService, ReplicationNotRecordable } from '../innovations/innovations.service.js';

/**
 * Records the adopter's innovation when a replication completes, linked to its origin, in the
 * consumer's transaction (inbox row, record, history and innovation.registered commit together).
 */
@Controller()
export class ReplicationCompletedHandler {
  private readonly logger = new Logger(ReplicationCompletedHandler.name);

  constructor(private readonly innovations: InnovationsService) {}

  @EventPattern('replication.completed')
  async handle(@Payload() event: ReceivedEvent<'replication.completed'>): Promise<void> {
    try {
      const recorded = await this.innovations.recordReplication(event.manager, event.context, event.payload);
      if (!recorded) this.logger.log({ msg: 'replication already recorded', requestId: event.payload.requestId, eventId: event.envelope.id });
    } catch (err) {
      // The same origin or agency will be just as missing on every retry: dead-letter it now.
      if (err instanceof ReplicationNotRecordable) throw new UnrecoverableError(`replication ${event.payload.requestId} cannot be recorded: ${err.message}`);
      throw err;
    }
  }
}
