import type { DataSourceOptions, MigrationInterface } from 'typeorm';
import type { ServiceEnv } from '../config/service-env.js';

export type EntityClass = abstract new (...args: never[]) => object;
export type MigrationClass = new () => MigrationInterface;

export interface ServiceDatabase {
  /** The PostgreSQL schema the service owns; no other service reads it. */
  schema: string;
  entities: EntityClass[];
  migrations: MigrationClass[];
}

export function databaseOptions(env: Pick<ServiceEnv, 'DATABASE_URL' | 'DATABASE_POOL_SIZE'>, db: ServiceDatabase, applicationName: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: env.DATABASE_URL,
    schema: db.schema,
    entities: db.entities,
    migrations: db.migrations,
    migrationsTableName: 'migrations',
    // Schema changes go through reviewed migrations only.
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    // gen_random_uuid() is built in since PostgreSQL 13 and exists on the embedded engine too.
    uuidExtension: 'pgcrypto',
    poolSize: env.DATABASE_POOL_SIZE,
    extra: { application_name: applicationName, connectionTimeoutMillis: 5000 },
    logging: ['error', 'warn'],
  };
}
