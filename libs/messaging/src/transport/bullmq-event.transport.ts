import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { EventConsumer, EventHandlerFn } from './event-consumer.js';

/**
 * A @nestjs/microservices transport whose "broker" is the service's BullMQ inbox queue, so event
 * handlers are ordinary `@EventPattern('replication.completed')` methods on controllers.
 * Delivery, validation, inbox and dead letters live in EventConsumer; this class only adapts
 * Nest's handler registry to it.
 */
export class BullMqEventTransport extends Server implements CustomTransportStrategy {
  constructor(private readonly consumer: EventConsumer) {
    super();
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    const handlers = new Map<string, EventHandlerFn>();
    for (const [pattern, handler] of this.messageHandlers) {
      handlers.set(pattern, async (event) => {
        // The transaction's EntityManager is a live object graph (data source, driver, pool, sockets),
        // not data: hidden from the app's global pipes, which walk every enumerable field of a payload
        // (the NUL-character scan of the ValidationPipe did, and spun on it, so no event was ever handled).
        const payload = Object.defineProperty({ ...event }, 'manager', { value: event.manager, enumerable: false });
        // Nest wraps the method with interceptors and filters; errors travel back as a failed stream.
        const result = await handler(payload);
        await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      });
    }
    try {
      this.consumer.start(handlers);
      callback();
    } catch (err) {
      callback(err);
    }
  }

  async close(): Promise<void> {
    await this.consumer.stop();
  }

  on(): never {
    throw new Error('BullMqEventTransport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }
}
