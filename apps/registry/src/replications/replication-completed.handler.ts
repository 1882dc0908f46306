import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { ReceivedEvent } from '@lumbung/messaging';

@Controller()
export class ReplicationCompletedHandler {
  @EventPattern('replication.completed')
  async handle(@Payload() _event: ReceivedEvent<'replication.completed'>): Promise<void> {
    throw new Error('replication.completed is not handled yet');
  }
}
