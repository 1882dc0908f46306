import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../apps/launcher/src/embedded-postgres.server.js';

/**
 * The embedded database as the services use it: many pg connections at once, parameterized
 * statements (pg sends Parse/Bind/Execute/Sync), transactions, and connections that go away.
 */
describe('the embedded PostgreSQL', () => {
  let dir: string;
  let embedded: EmbeddedPostgres;
  const clients: pg.Client[] = [];
  const connect = async () => {
    const client = new pg.Client({ connectionString: embedded.url });
    client.on('error', () => undefined);
    await client.connect();
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lumbung-pglite-'));
    embedded = await startEmbeddedPostgres({ dataDir: join(dir, 'pglite'), maxConnections: 20 });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await embedded?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('starts a new data directory with pgcrypto and hands out a postgres:// URL on loopback', async () => {
    expect(embedded.created).toBe(true);
    expect(embedded.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const client = await connect();
    const { rows } = await client.query(`SELECT extname FROM pg_extension WHERE extname = 'pgcrypto'`);
    expect(rows).toEqual([{ extname: 'pgcrypto' }]);
  });

  it("keeps each connection's statements whole while other connections run transactions", async () => {
    // With pglite-socket's own queue this failed with "unnamed prepared statement does not exist"
    // and returned another connection's rows.
    const connections = await Promise.all(Array.from({ length: 9 }, connect));
    const outcomes = await Promise.all(
      connections.map(async (client, k) => {
        const wrong: string[] = [];
        for (let i = 0; i < 60; i++) {
          const inTransaction = k % 3 === 0;
          if (inTransaction) await client.query('BEGIN');
          const { rows } = await client.query(`SELECT $1::int + ${k} AS n, $2::text AS who`, [i, `c${k}`]);
          if (inTransaction) await client.query('COMMIT');
          if (rows.length !== 1 || rows[0].n !== i + k || rows[0].who !== `c${k}`) wrong.push(`c${k}#${i}: ${JSON.stringify(rows)}`);
        }
        return wrong;
      }),
    );
    expect(outcomes.flat()).toEqual([]);
  }, 60_000);

  it('rolls back the transaction of a connection that goes away, and lets the others in', async () => {
    const setup = await connect();
    await setup.query('CREATE TABLE IF NOT EXISTS leftover (id int)');
    const leaving = await connect();
    await leaving.query('BEGIN');
    await leaving.query('INSERT INTO leftover (id) VALUES ($1)', [1]);
    leaving.end().catch(() => undefined);

    const other = await connect();
    const { rows } = await other.query('SELECT count(*)::int AS n FROM leftover WHERE id = $1', [1]);
    expect(rows).toEqual([{ n: 0 }]);
  }, 30_000);

  it('keeps serving after a statement fails inside a transaction', async () => {
    const failing = await connect();
    await failing.query('BEGIN');
    await expect(failing.query('SELECT * FROM no_such_table WHERE id = $1', [1])).rejects.toThrow(/no_such_table/);
    await failing.query('ROLLBACK');
    const other = await connect();
    expect((await other.query('SELECT $1::int AS n', [7])).rows).toEqual([{ n: 7 }]);
  }, 30_000);

  it('releases the data directory on stop, so the next start reopens it', async () => {
    await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
    await embedded.stop();
    expect(existsSync(join(dir, 'pglite.lock'))).toBe(false);
    embedded = await startEmbeddedPostgres({ dataDir: join(dir, 'pglite'), maxConnections: 20 });
    expect(embedded.created).toBe(false);
    const client = await connect();
    expect((await client.query('SELECT count(*)::int AS n FROM leftover')).rows).toEqual([{ n: 0 }]);
  }, 120_000);
});
