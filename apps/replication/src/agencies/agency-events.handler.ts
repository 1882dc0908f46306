import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { ReceivedEvent } from '@lumbung/messaging';
import { AgencyProjection } from './agency-projection.service.js';

@Controller()
export class AgencyEventsHandler {
  constructor(private readonly projection: AgencyProjection) {}

  @EventPattern('agency.registered')
  async registered(@Payload() event: ReceivedEvent<'agency.registered'>): Promise<void> {
    await this.projection.apply(event);
  }

  @EventPattern('agency.renamed')
  async renamed(@Payload() event: ReceivedEvent<'agency.renamed'>): Promise<void> {
    await this.projection.apply(event);
  }

  @EventPattern('agency.retired')
  async retired(@Payload() event: ReceivedEvent<'agency.retired'>): Promise<void> {
    await this.projection.apply(event);
  }
}
