import type { DataSource } from 'typeorm';

/**
 * Creates the service's schema and applies pending migrations under an advisory lock, so replicas
 * starting together (or a one-shot migration job beside a starting app) never migrate twice.
 */
export async function migrateSchema(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [`lumbung-migrate-${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`lumbung-migrate-${schema}`]).catch(() => undefined);
    await runner.release();
  }
}
