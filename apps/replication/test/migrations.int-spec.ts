import { DataSource } from 'typeorm';
import { databaseOptions, migrateSchema } from '@lumbung/platform';
import { createTestDatabase, type TestDatabase } from '@lumbung/testing';
import { REPLICATION_DATABASE } from '../src/database/replication.database.js';

describe('replication migrations', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource(databaseOptions({ DATABASE_URL: db.url, DATABASE_POOL_SIZE: 2 }, REPLICATION_DATABASE, 'migration-test'));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('migrates an empty database to head with no pending schema difference from the entities', async () => {
    const applied = await migrateSchema(dataSource, REPLICATION_DATABASE.schema);
    expect(applied.length).toBe(REPLICATION_DATABASE.migrations.length);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('creates the partial unique index that keeps one open request per innovation and agency', async () => {
    const [index] = await dataSource.query(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'replication' AND indexname = 'replication_request_open_uq'`);
    expect(index.indexdef).toMatch(/UNIQUE INDEX .* \(origin_innovation_id, adopter_agency_id\) WHERE/);
  });

  it('applies nothing the second time (replicas starting together migrate once)', async () => {
    expect(await migrateSchema(dataSource, REPLICATION_DATABASE.schema)).toEqual([]);
  });

  it('reverts every migration and applies them again', async () => {
    for (let i = 0; i < REPLICATION_DATABASE.migrations.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const [{ tables }] = await dataSource.query(
      `SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = 'replication' AND table_name <> 'migrations'`,
    );
    expect(tables).toBe(0);
    expect((await migrateSchema(dataSource, REPLICATION_DATABASE.schema)).length).toBe(REPLICATION_DATABASE.migrations.length);
  });
});
