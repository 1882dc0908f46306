import type { INestApplication } from '@nestjs/common';
import { BullMqEventTransport } from './transport/bullmq-event.transport.js';
import { EventConsumer } from './transport/event-consumer.js';

/**
 * Attaches the service's inbox queue to its @EventPattern handlers; call before app.init().
 * inheritAppConfig: the app's global filter hands handler errors back to the transport unchanged.
 */
export function connectEventConsumer(app: INestApplication): void {
  app.connectMicroservice({ strategy: new BullMqEventTransport(app.get(EventConsumer)) }, { inheritAppConfig: true });
}
