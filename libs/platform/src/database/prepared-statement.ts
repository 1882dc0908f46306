import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { QueryFailedError, type DataSource } from 'typeorm';

/**
 * A statement PostgreSQL parses and plans once per connection and then only binds and runs. For the
 * registry's detail read (a join and a json_agg subquery) planning cost twice the execution: named,
 * raw pg ran it three times as fast (5k/s → 15k/s on the bench machine).
 *
 * pg prepares a query config that has a `name` on first use on each connection; TypeORM hands the
 * query argument of `query()` to pg unchanged, so the same object works through a DataSource, an
 * EntityManager or a transaction's manager. The name is derived from the text, so two texts never
 * share a name (pg refuses that) and a text built the same way twice is one statement.
 *
 * Only for hot statements whose text takes few shapes: each shape stays prepared on every pooled
 * connection for its life. Behind PgBouncer in transaction mode this needs PgBouncer 1.21 or later
 * with `max_prepared_statements` set.
 */
export class PreparedStatement {
  private static readonly known = new Map<string, PreparedStatement>();

  private constructor(
    readonly name: string,
    readonly text: string,
  ) {}

  static of(text: string): PreparedStatement {
    let statement = PreparedStatement.known.get(text);
    if (!statement) {
      statement = new PreparedStatement(`lumbung_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text);
      PreparedStatement.known.set(text, statement);
    }
    return statement;
  }

  /** TypeORM's query log and errors print the query as a string: the SQL, not [object Object]. */
  toString(): string {
    return this.text;
  }
}

/** Anything with TypeORM's `query(sql, parameters)`: a DataSource, an EntityManager, a QueryRunner. */
export interface Queryable {
  query(query: string, parameters?: unknown[]): Promise<unknown>;
}

const unpreparedDataSources = new WeakSet<object>();

/**
 * For a database where named statements cannot be kept per connection: the embedded engine's socket
 * server puts every pooled connection on its one session, where a second connection preparing the
 * same name is refused ("prepared statement … already exists"). DATABASE_PREPARED_STATEMENTS=false.
 */
export function runUnprepared(dataSource: object): void {
  unpreparedDataSources.add(dataSource);
}

/**
 * Runs `text` as a named prepared statement (plainly where runUnprepared said so); the rows, as `query()` returns them.
 * On a DataSource (outside any transaction) it goes straight to the pg pool under it: see runOnPool.
 */
export function queryPrepared<T = Record<string, unknown>>(runner: Queryable, text: string, parameters: unknown[]): Promise<T[]> {
  const dataSource = (runner as { dataSource?: object }).dataSource ?? (runner as { manager?: { dataSource?: object } }).manager?.dataSource ?? runner;
  if (unpreparedDataSources.has(dataSource)) return runner.query(text, parameters) as Promise<T[]>;
  const statement = PreparedStatement.of(text);
  const pool = dataSource === runner ? ((runner as Partial<DataSource>).driver as { master?: Pool } | undefined)?.master : undefined;
  if (pool) return runOnPool<T>(runner as DataSource, pool, statement, parameters);
  return runner.query(statement as unknown as string, parameters) as Promise<T[]>;
}

/**
 * A statement outside a transaction, on the pg pool under the DataSource (its postgres driver's
 * `master`). TypeORM's query() around it made a query runner, broadcast before and after events that
 * no subscriber listens to and wrapped the result: about a tenth of the registry's CPU for a read
 * (GET /innovations/:id, 116 -> 104 us per request). A failure keeps TypeORM's shape: logged by its
 * logger, thrown as a QueryFailedError that names the SQL and carries the driver's error and code.
 */
function runOnPool<T>(dataSource: DataSource, pool: Pool, statement: PreparedStatement, parameters: unknown[]): Promise<T[]> {
  return pool.query({ name: statement.name, text: statement.text, values: parameters }).then(
    (result) => result.rows as T[],
    (err: Error) => {
      dataSource.logger.logQueryError(err, statement.text, parameters);
      throw new QueryFailedError(statement.text, parameters, err);
    },
  );
}
