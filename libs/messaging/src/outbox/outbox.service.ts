import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { EVENT_CATALOG, type EventEnvelope, type EventType, type PayloadOf } from '@lumbung/contracts';
import { queryPrepared, SERVICE_NAME, ServiceEnv, type CommandContext } from '@lumbung/platform';
import { OutboxWake } from './outbox-wake.js';

export interface NewEvent<T extends EventType = EventType> {
  type: T;
  aggregateId: string;
  aggregateVersion: number;
  payload: PayloadOf<T>;
}

/**
 * Appends events to the outbox inside the caller's transaction: the change and its events commit
 * together or not at all. Nothing is sent to Redis here; the relay does that after commit, woken by OutboxWake.
 */
@Injectable()
export class OutboxService {
  /**
   * Checking each produced payload against its contract catches a producer's bug where it is made,
   * in development and in every test run. Production skips it: it costs more CPU than the rest of a
   * registration's event, and consumers validate every message anyway (a bad one is dead-lettered).
   */
  private readonly validatePayloads: boolean;

  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    private readonly wake: OutboxWake,
    env: ServiceEnv,
  ) {
    this.validatePayloads = env.NODE_ENV !== 'production';
  }

  async append(manager: EntityManager, ctx: CommandContext, events: NewEvent[]): Promise<EventEnvelope[]> {
    const envelopes = events.map((event) => this.envelope(ctx, event));
    // Plain SQL: TypeORM's insert builder cost more CPU than the statement it builds, on every write.
    // Prepared, one text per number of events in the write (almost always one).
    await queryPrepared(
      manager,
      `INSERT INTO "${this.service}"."outbox" (id, type, envelope) VALUES ${envelopes.map((_, n) => `($${3 * n + 1}, $${3 * n + 2}, $${3 * n + 3})`).join(', ')}`,
      envelopes.flatMap((envelope) => [envelope.id, envelope.type, JSON.stringify(envelope)]),
    );
    this.wake.afterCommitOf(manager);
    return envelopes;
  }

  private envelope(ctx: CommandContext, event: NewEvent): EventEnvelope {
    const contract = EVENT_CATALOG[event.type];
    if (this.validatePayloads) {
      // A producer bug must fail the write, not reach consumers as a poison message.
      const errors = validateSync(plainToInstance(contract.payload as new () => object, event.payload), { forbidUnknownValues: false });
      if (errors.length) throw new Error(`Event ${event.type} does not satisfy its contract: ${errors.map((e) => e.toString()).join('; ')}`);
    }
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
