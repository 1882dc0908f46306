import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { EVENT_CATALOG, type EventEnvelope, type EventType, type PayloadOf } from '@lumbung/contracts';
import { SERVICE_NAME, type CommandContext } from '@lumbung/platform';
import { OutboxMessage } from './outbox-message.entity.js';

export interface NewEvent<T extends EventType = EventType> {
  type: T;
  aggregateId: string;
  aggregateVersion: number;
  payload: PayloadOf<T>;
}

export const outboxChannel = (schema: string) => `lumbung_outbox_${schema}`;

/**
 * Appends events to the outbox inside the caller's transaction: the change and its events commit
 * together or not at all. Nothing is sent to Redis here; the relay does that after commit.
 */
@Injectable()
export class OutboxService {
  constructor(@Inject(SERVICE_NAME) private readonly service: string) {}

  async append(manager: EntityManager, ctx: CommandContext, events: NewEvent[]): Promise<EventEnvelope[]> {
    const envelopes = events.map((event) => this.envelope(ctx, event));
    await manager.insert(
      OutboxMessage,
      envelopes.map((envelope) => ({ id: envelope.id, type: envelope.type, envelope }) as never),
    );
    // Delivered on commit; wakes the relay at once on a real PostgreSQL. It also polls, always.
    await manager.query(`SELECT pg_notify($1, '')`, [outboxChannel(this.service)]);
    return envelopes;
  }

  private envelope(ctx: CommandContext, event: NewEvent): EventEnvelope {
    const contract = EVENT_CATALOG[event.type];
    // A producer bug must fail the write, not reach consumers as a poison message.
    const errors = validateSync(plainToInstance(contract.payload as new () => object, event.payload), { forbidUnknownValues: false });
    if (errors.length) throw new Error(`Event ${event.type} does not satisfy its contract: ${errors.map((e) => e.toString()).join('; ')}`);
    return {
      id: randomUUID(),
      type: event.type,
      version: contract.version,
      occurredAt: new Date().toISOString(),
      producer: this.service,
      correlationId: ctx.correlationId,
      causationId: ctx.causationId ?? null,
      aggregateId: event.aggregateId,
      aggregateVersion: event.aggregateVersion,
      payload: JSON.parse(JSON.stringify(event.payload)) as Record<string, unknown>,
    };
  }
}
