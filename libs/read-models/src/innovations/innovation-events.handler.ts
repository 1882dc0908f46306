import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { ReceivedEvent } from '@lumbung/messaging';
import { InnovationProjection } from './innovation-projection.service.js';

/** The registry's innovation events, projected into the consuming service's innovation view. */
@Controller()
export class InnovationEventsHandler {
  constructor(private readonly projection: InnovationProjection) {}

  @EventPattern('innovation.registered')
  async registered(@Payload() event: ReceivedEvent<'innovation.registered'>): Promise<void> {
    await this.projection.apply('innovation.registered', event);
  }

  @EventPattern('innovation.revised')
  async revised(@Payload() event: ReceivedEvent<'innovation.revised'>): Promise<void> {
    await this.projection.apply('innovation.revised', event);
  }

  @EventPattern('innovation.stage-changed')
  async stageChanged(@Payload() event: ReceivedEvent<'innovation.stage-changed'>): Promise<void> {
    await this.projection.apply('innovation.stage-changed', event);
  }

  @EventPattern('innovation.retired')
  async retired(@Payload() event: ReceivedEvent<'innovation.retired'>): Promise<void> {
    await this.projection.apply('innovation.retired', event);
  }
}
