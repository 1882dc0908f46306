import type { DataSource } from 'typeorm';

/**
 * Runs one read with a statement timeout of its own, in a read-only transaction, so a search that
 * would run for seconds is cancelled (SQLSTATE 57014, a 503 the client may retry) instead of holding
 * a pooled connection the writes need. SET LOCAL ends with the transaction: the connection goes back
 * to the pool with the server's own timeout, and writes are never bounded by it.
 *
 * BEGIN and SET LOCAL go as one simple-protocol message (no parameters), so the bound costs two
 * round trips (that one and COMMIT), not three.
 */
export async function queryWithin<T>(dataSource: DataSource, timeoutMs: number, sql: string, params: unknown[]): Promise<T[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  let open = false;
  try {
    await runner.query(`BEGIN READ ONLY; SET LOCAL statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
    open = true;
    const rows = (await runner.query(sql, params)) as T[];
    open = false;
    await runner.query('COMMIT');
    return rows;
  } finally {
    if (open) await runner.query('ROLLBACK').catch(() => undefined);
    await runner.release();
  }
}
