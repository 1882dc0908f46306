import { jest } from '@jest/globals';
import { DataSource, QueryFailedError } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@lumbung/testing';
import { PreparedStatement, queryPrepared, runUnprepared } from '../src/index.js';

describe('prepared statements through TypeORM', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    // One connection, so the statements prepared on it are the ones the checks below look at.
    dataSource = await new DataSource({ type: 'postgres', url: db.url, extra: { max: 1 } }).initialize();
    await dataSource.query(`CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL)`);
    await dataSource.query(`INSERT INTO item VALUES (1, 'Kudus'), (2, 'Demak')`);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const preparedHere = async () =>
    (await dataSource.query(`SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'lumbung_%'`)) as { name: string; statement: string }[];

  it('prepares a text once per connection and runs it again by name, with its own parameters each time', async () => {
    const text = 'SELECT id, name FROM item WHERE id = $1';
    expect(await queryPrepared(dataSource, text, [1])).toEqual([{ id: 1, name: 'Kudus' }]);
    expect(await queryPrepared(dataSource, text, [2])).toEqual([{ id: 2, name: 'Demak' }]);
    const prepared = await preparedHere();
    expect(prepared).toEqual([{ name: PreparedStatement.of(text).name, statement: text }]);
  });

  it('works inside a transaction, whose rollback undoes its writes', async () => {
    await dataSource
      .transaction(async (manager) => {
        await queryPrepared(manager, 'INSERT INTO item VALUES ($1, $2)', [3, 'Jepara']);
        expect(await queryPrepared(manager, 'SELECT count(*)::int AS n FROM item', [])).toEqual([{ n: 3 }]);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM item')).toEqual([{ n: 2 }]);
  });

  it('gives two texts two names, and the same text one', () => {
    const a = PreparedStatement.of('SELECT 1');
    expect(PreparedStatement.of('SELECT 1')).toBe(a);
    expect(PreparedStatement.of('SELECT 2').name).not.toBe(a.name);
  });

  it('fails like any query, naming the SQL rather than an object', async () => {
    const failure = await queryPrepared(dataSource, 'SELECT nope FROM item', []).catch((err: Error & { query?: unknown }) => err);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/column "nope" does not exist/);
    expect(String((failure as { query?: unknown }).query)).toBe('SELECT nope FROM item');
  });

  it("outside a transaction skips TypeORM's query runner, and fails as TypeORM does, with the driver's code", async () => {
    const runners = jest.spyOn(dataSource, 'createQueryRunner');
    try {
      expect(await queryPrepared(dataSource, 'SELECT name FROM item WHERE id = $1', [1])).toEqual([{ name: 'Kudus' }]);
      const duplicate = await queryPrepared(dataSource, 'INSERT INTO item VALUES ($1, $2)', [1, 'Kudus lagi']).catch((err: unknown) => err);
      expect(runners).not.toHaveBeenCalled();
      // The HTTP error filter maps by this code (23505: 409) and by the driver's error.
      expect(duplicate).toBeInstanceOf(QueryFailedError);
      expect(duplicate).toMatchObject({ code: '23505', driverError: expect.objectContaining({ code: '23505' }), query: 'INSERT INTO item VALUES ($1, $2)' });
      await dataSource.transaction((manager) => queryPrepared(manager, 'SELECT 1 AS one', []));
      expect(runners).toHaveBeenCalled();
    } finally {
      runners.mockRestore();
    }
  });

  it('runs plainly on a data source told to (the embedded engine shares one session between connections)', async () => {
    const plain = await new DataSource({ type: 'postgres', url: db.url, extra: { max: 1 } }).initialize();
    try {
      runUnprepared(plain);
      const text = 'SELECT name FROM item WHERE id = $1 -- plain';
      expect(await queryPrepared(plain, text, [2])).toEqual([{ name: 'Demak' }]);
      expect(await plain.transaction((manager) => queryPrepared(manager, text, [1]))).toEqual([{ name: 'Kudus' }]);
      expect(await plain.query(`SELECT count(*)::int AS n FROM pg_prepared_statements`)).toEqual([{ n: 0 }]);
    } finally {
      await plain.destroy();
    }
  });
});
