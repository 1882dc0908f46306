import { createServiceApp, type ServiceAppOptions, type ServiceDefinition } from '@lumbung/messaging';
import { REPLICATION_DATABASE } from './database/replication.database.js';
import { ReplicationEnv } from './replication.env.js';
import { ReplicationModule } from './replication.module.js';

export const REPLICATION_SERVICE: ServiceDefinition<ReplicationEnv> = {
  service: 'replication',
  env: ReplicationEnv,
  module: (env) => ReplicationModule.forRoot(env),
  database: REPLICATION_DATABASE,
  title: 'Lumbung replication',
  description: "Requests between regions to replicate each other's public-service innovations, from the letter of interest to the evaluated result.",
};

/** The replication service, migrated, with its event consumer attached: main.ts, the launcher and tests start it here. */
export const createReplicationApp = (source: Record<string, string | undefined> = process.env, options: ServiceAppOptions = {}) =>
  createServiceApp(REPLICATION_SERVICE, source, options);
