import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { EVENT_CATALOG, type EventEnvelope, type EventType, type PayloadOf } from '@lumbung/contracts';
import { queryPrepared, SERVICE_NAME, type CommandContext, type Queryable } from '@lumbung/platform';
import { checkPayload } from '../transport/event-contract.js';
import { OutboxWake } from './outbox-wake.js';

/** Where a statement's event comes from: a CTE of that statement and SQL expressions over it. */
export interface EventSource {
  cte: string;
  aggregateId: string;
  aggregateVersion: string;
  payload: string;
}

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
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    private readonly wake: OutboxWake,
  ) {}

  async append(manager: EntityManager, ctx: CommandContext, events: NewEvent[]): Promise<EventEnvelope[]> {
    const rows = this.rows(ctx, events);
    // Plain SQL: TypeORM's insert builder cost more CPU than the statement it builds, on every write.
    // Prepared, one text per number of events in the write (almost always one).
    await queryPrepared(manager, rows.insert(1), rows.parameters);
    this.wake.afterCommitOf(manager);
    return rows.envelopes;
  }

  /**
   * As append, but the outbox INSERT goes into the caller's own statement, as a data-modifying CTE
   * (`outbox_rows AS (…)`), so a change and its events take one round trip instead of two: `write`
   * gets the CTE's text (its parameters numbered from `firstParameter`) and its parameters. The
   * envelopes are made and checked against their contracts before, as append's are. With
   * `onlyWith`, the name of a CTE of the statement, the events are stored only if that CTE has a row:
   * a conditional write (an optimistic one that lost a race) stores no event for a change it did not make.
   */
  async appendInStatement<T>(
    manager: EntityManager,
    ctx: CommandContext,
    events: NewEvent[],
    write: (outbox: { cte: (firstParameter: number, onlyWith?: string) => string; parameters: unknown[] }) => Promise<T>,
  ): Promise<T> {
    const rows = this.rows(ctx, events);
    const result = await write({ cte: (first, onlyWith) => `outbox_rows AS (${rows.insert(first, onlyWith)})`, parameters: rows.parameters });
    this.wake.afterCommitOf(manager);
    return result;
  }

  /** The events' envelopes, checked, and the INSERT that stores them with its parameters from `first` (see appendInStatement for `onlyWith`). */
  private rows(ctx: CommandContext, events: NewEvent[]): { envelopes: EventEnvelope[]; insert: (first: number, onlyWith?: string) => string; parameters: unknown[] } {
    // Consumers order and deduplicate by aggregate version: two events of one write at the same
    // version would make one of them a "duplicate" (issue 19). A producer's bug, refused where it is made.
    if (events.length > 1 && new Set(events.map((e) => `${e.aggregateId} ${e.aggregateVersion}`)).size < events.length) {
      throw new Error(`Events ${events.map((e) => `${e.type}@${e.aggregateVersion}`).join(', ')} repeat an aggregate version`);
    }
    const envelopes = events.map((event) => this.envelope(ctx, event));
    return {
      envelopes,
      insert: (first, onlyWith) => {
        const values = `VALUES ${envelopes.map((_, n) => `($${first + 3 * n}::uuid, $${first + 3 * n + 1}::text, $${first + 3 * n + 2}::jsonb)`).join(', ')}`;
        const into = `INSERT INTO "${this.service}"."outbox" (id, type, envelope)`;
        return onlyWith ? `${into} SELECT * FROM (${values}) AS v (id, type, envelope) WHERE EXISTS (SELECT 1 FROM ${onlyWith})` : `${into} ${values}`;
      },
      parameters: envelopes.flatMap((envelope) => [envelope.id, envelope.type, JSON.stringify(envelope)]),
    };
  }

  /**
   * A write and its event as one statement, with no transaction: one round trip instead of four
   * (BEGIN, the change, the outbox row, COMMIT), for the hottest writes. `write` runs the change
   * as one statement that includes `event.cte`, an outbox insert whose aggregate id, version and
   * payload are SQL over a CTE of that statement (`from`, one row per event). A statement is atomic,
   * so the change and its event still commit together or not at all.
   *
   * `expected` is the payload the statement will write, as the caller makes it from the values it
   * sends, and it is checked against its contract before the statement runs, in every environment:
   * an event that breaks its contract would be dead-lettered by every consumer while the write stood
   * (issue 19: a production registry answered 201 to `"evidence":[[…]]` and the innovation could
   * never be replicated). Until 2026-12 the statement ran in a transaction and the stored event was
   * read back and checked before commit: three more round trips, which cost a third of a
   * registration's CPU (docs/performance.md). What only the statement makes (a name joined in,
   * timestamps) is the caller's to fill in plausibly and its tests' to compare with what is stored.
   */
  async writeWithEvent<T extends EventType, R>(
    dataSource: DataSource,
    ctx: CommandContext,
    type: T,
    from: EventSource,
    expected: PayloadOf<T>,
    write: (runner: Queryable, eventCte: (param: (value: unknown) => string) => string) => Promise<R>,
  ): Promise<R> {
    this.checkContract(type, expected);
    // The envelope's head (id, type, producer, correlation…); aggregate and payload come from the statement.
    const { payload: _payload, aggregateId: _id, aggregateVersion: _version, ...head } = this.envelope(ctx, { type, aggregateId: '', aggregateVersion: 0, payload: {} } as NewEvent, false);
    const eventCte = (param: (value: unknown) => string) => `outbox_row AS (
        INSERT INTO "${this.service}"."outbox" (id, type, envelope)
        SELECT ${param(head.id)}::uuid, ${param(type)}::text, ${param(JSON.stringify(head))}::jsonb
               || jsonb_build_object('aggregateId', ${from.aggregateId}, 'aggregateVersion', ${from.aggregateVersion}, 'payload', ${from.payload})
        FROM ${from.cte}
      )`;
    const result = await write(dataSource, eventCte);
    this.wake.wake();
    return result;
  }

  private checkContract(type: EventType, payload: unknown): void {
    // A producer bug must fail the write, not reach consumers as a poison message.
    const { errors } = checkPayload(type, payload);
    if (errors.length) throw new Error(`Event ${type} does not satisfy its contract: ${errors.join('; ')}`);
  }

  private envelope(ctx: CommandContext, event: NewEvent, validate = true): EventEnvelope {
    const contract = EVENT_CATALOG[event.type];
    if (validate) this.checkContract(event.type, event.payload);
    return {
      id: randomUUID(),
      type: event.type,
      version: contract.version,
      occurredAt: new Date().toISOString(),
      producer: this.service,
      correlationId: ctx.correlationId,
      causationId: ctx.causationId ?? null,
      actor: ctx.onBehalfOf ?? { id: ctx.actor.sub, role: ctx.actor.role },
      aggregateId: event.aggregateId,
      aggregateVersion: event.aggregateVersion,
      payload: JSON.parse(JSON.stringify(event.payload)) as Record<string, unknown>,
    };
  }
}
