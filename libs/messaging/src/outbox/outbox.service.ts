import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { EVENT_CATALOG, type EventEnvelope, type EventType, type PayloadOf } from '@lumbung/contracts';
import { PreparedStatement, queryPrepared, SERVICE_NAME, type CommandContext, type Queryable } from '@lumbung/platform';
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
/**
 * A Queryable over one pg connection. queryPrepared finds the DataSource on it (to run plainly where
 * prepared statements are off) and hands it a PreparedStatement, which is run under its name. A
 * failure keeps TypeORM's shape (logged, a QueryFailedError naming the SQL), as for any other query.
 */
function onClient(dataSource: DataSource, client: PoolClient): Queryable & { dataSource: DataSource } {
  return {
    dataSource,
    query(query: string | PreparedStatement, parameters: unknown[] = []) {
      const text = typeof query === 'string' ? query : query.text;
      const config = typeof query === 'string' ? { text, values: parameters } : { name: query.name, text, values: parameters };
      return client.query(config).then(
        (result) => result.rows,
        (err: Error) => {
          dataSource.logger.logQueryError(err, text, parameters);
          throw new QueryFailedError(text, parameters, err);
        },
      );
    },
  } as Queryable & { dataSource: DataSource };
}

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
   * envelopes are made and checked against their contracts before, as append's are.
   */
  async appendInStatement<T>(
    manager: EntityManager,
    ctx: CommandContext,
    events: NewEvent[],
    write: (outbox: { cte: (firstParameter: number) => string; parameters: unknown[] }) => Promise<T>,
  ): Promise<T> {
    const rows = this.rows(ctx, events);
    const result = await write({ cte: (first) => `outbox_rows AS (${rows.insert(first)})`, parameters: rows.parameters });
    this.wake.afterCommitOf(manager);
    return result;
  }

  /** The events' envelopes, checked, and the INSERT that stores them with its parameters from `first`. */
  private rows(ctx: CommandContext, events: NewEvent[]): { envelopes: EventEnvelope[]; insert: (first: number) => string; parameters: unknown[] } {
    // Consumers order and deduplicate by aggregate version: two events of one write at the same
    // version would make one of them a "duplicate" (issue 19). A producer's bug, refused where it is made.
    if (events.length > 1 && new Set(events.map((e) => `${e.aggregateId} ${e.aggregateVersion}`)).size < events.length) {
      throw new Error(`Events ${events.map((e) => `${e.type}@${e.aggregateVersion}`).join(', ')} repeat an aggregate version`);
    }
    const envelopes = events.map((event) => this.envelope(ctx, event));
    return {
      envelopes,
      insert: (first) =>
        `INSERT INTO "${this.service}"."outbox" (id, type, envelope) VALUES ${envelopes.map((_, n) => `($${first + 3 * n}::uuid, $${first + 3 * n + 1}::text, $${first + 3 * n + 2}::jsonb)`).join(', ')}`,
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
   * The statement runs in a transaction, and the event is read back and checked against its
   * contract before commit, in every environment: an event that breaks its contract would be
   * dead-lettered by every consumer while the write stood (issue 19: a production registry answered
   * 201 to `"evidence":[[…]]` and the innovation could never be replicated). Two more round trips on
   * the same connection, measured in `npm run bench` (the contract check's line).
   */
  async writeWithEvent<T>(
    dataSource: DataSource,
    ctx: CommandContext,
    type: EventType,
    from: EventSource,
    write: (runner: Queryable, eventCte: (param: (value: unknown) => string) => string) => Promise<T>,
  ): Promise<T> {
    // The envelope's head (id, type, producer, correlation…); aggregate and payload come from the statement.
    const { payload: _payload, aggregateId: _id, aggregateVersion: _version, ...head } = this.envelope(ctx, { type, aggregateId: '', aggregateVersion: 0, payload: {} } as NewEvent, false);
    const eventCte = (param: (value: unknown) => string) => `outbox_row AS (
        INSERT INTO "${this.service}"."outbox" (id, type, envelope)
        SELECT ${param(head.id)}::uuid, ${param(type)}::text, ${param(JSON.stringify(head))}::jsonb
               || jsonb_build_object('aggregateId', ${from.aggregateId}, 'aggregateVersion', ${from.aggregateVersion}, 'payload', ${from.payload})
        FROM ${from.cte}
      )`;
    const pool = (dataSource.driver as { master?: Pool }).master;
    if (!pool) {
      return dataSource.transaction(async (manager) => {
        const result = await write(manager, eventCte);
        await this.checkStoredEvent(manager, type, head.id);
        this.wake.afterCommitOf(manager);
        return result;
      });
    }
    // The transaction straight on a pooled pg connection, as queryPrepared does outside one: TypeORM's
    // transaction (a query runner, its events, its wrapping of each query) cost more CPU than the check.
    const client = await pool.connect();
    // A checked-out client is ours to watch: pg emits a lost connection (PostgreSQL restarting) as an
    // 'error' event, and one with no listener ends the process. The query in flight fails anyway.
    let lost: Error | undefined;
    const onLost = (err: Error) => (lost = err);
    client.on('error', onLost);
    const release = (err?: Error) => {
      client.off('error', onLost);
      client.release(err ?? lost);
    };
    const runner = onClient(dataSource, client);
    try {
      await runner.query('BEGIN');
      const result = await write(runner, eventCte);
      await this.checkStoredEvent(runner, type, head.id);
      await runner.query('COMMIT');
      release();
      this.wake.wake();
      return result;
    } catch (err) {
      // A connection that cannot even roll back is closed rather than handed to the next request.
      await client.query('ROLLBACK').then(() => release(), (rollbackError: Error) => release(rollbackError));
      throw err;
    }
  }

  /** Reads back the event a statement wrote and checks it against its contract, before the commit. */
  private async checkStoredEvent(runner: Queryable, type: EventType, id: string): Promise<void> {
    const [row] = await queryPrepared<{ payload: unknown }>(runner, `SELECT envelope->'payload' AS payload FROM "${this.service}"."outbox" WHERE id = $1`, [id]);
    if (row) this.checkContract(type, row.payload);
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
