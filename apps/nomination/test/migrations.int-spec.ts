import { DataSource } from 'typeorm';
import { databaseOptions, migrateSchema } from '@lumbung/platform';
import { createTestDatabase, type TestDatabase } from '@lumbung/testing';
import { NOMINATION_DATABASE } from '../src/database/nomination.database.js';

describe('nomination migrations', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource(databaseOptions({ DATABASE_URL: db.url, DATABASE_POOL_SIZE: 2 }, NOMINATION_DATABASE, 'migration-test'));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('migrates an empty database to head with no pending schema difference from the entities', async () => {
    const applied = await migrateSchema(dataSource, NOMINATION_DATABASE.schema);
    expect(applied.length).toBe(NOMINATION_DATABASE.migrations.length);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('applies nothing the second time (replicas starting together migrate once)', async () => {
    expect(await migrateSchema(dataSource, NOMINATION_DATABASE.schema)).toEqual([]);
  });

  it('reverts every migration and applies them again', async () => {
    for (let i = 0; i < NOMINATION_DATABASE.migrations.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const [{ tables }] = await dataSource.query(
      `SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = 'nomination' AND table_name <> 'migrations'`,
    );
    expect(tables).toBe(0);
    expect((await migrateSchema(dataSource, NOMINATION_DATABASE.schema)).length).toBe(NOMINATION_DATABASE.migrations.length);
  });
});
