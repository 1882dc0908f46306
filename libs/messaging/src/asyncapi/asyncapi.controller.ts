import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { buildAsyncApiDocument } from '@lumbung/contracts';
import { Public } from '@lumbung/platform';
import { SubscriberQueues } from '../outbox/subscriber-queues.js';

/**
 * The AsyncAPI document of the events, public like /docs-json. Built for this service's own
 * topology, so the queues of the outside subscribers it is configured with are in it too.
 */
@ApiExcludeController()
@Public()
@Controller('asyncapi.json')
export class AsyncApiController {
  private document?: { version: number; body: Record<string, unknown> };

  constructor(private readonly queues: SubscriberQueues) {}

  @Get()
  get(): Record<string, unknown> {
    if (this.document?.version !== this.queues.version) {
      this.document = { version: this.queues.version, body: buildAsyncApiDocument({ subscriptions: this.queues.subscriptions }) };
    }
    return this.document.body;
  }
}
