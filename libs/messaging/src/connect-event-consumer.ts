import type { INestApplication } from '@nestjs/common';
import { BullMqEventTransport } from './transport/bullmq-event.transport.js';
import { EventConsumer } from './transport/event-consumer.js';
import { RethrowEventErrorsFilter } from './transport/rethrow-event-errors.filter.js';

/** Attaches the service's inbox queue to its @EventPattern handlers; call before app.init(). */
export function connectEventConsumer(app: INestApplication): void {
  const microservice = app.connectMicroservice({ strategy: new BullMqEventTransport(app.get(EventConsumer)) });
  microservice.useGlobalFilters(new RethrowEventErrorsFilter());
}
