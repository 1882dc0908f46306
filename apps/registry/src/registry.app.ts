import { createServiceApp, type ServiceAppOptions, type ServiceDefinition } from '@lumbung/messaging';
import { REGISTRY_DATABASE } from './database/registry.database.js';
import { RegistryEnv } from './registry.env.js';
import { RegistryModule } from './registry.module.js';

export const REGISTRY_SERVICE: ServiceDefinition<RegistryEnv> = {
  service: 'registry',
  env: RegistryEnv,
  module: (env) => RegistryModule.forRoot(env),
  database: REGISTRY_DATABASE,
  title: 'Lumbung registry',
  description: 'Regions, agencies (OPD), innovation types and the innovation master record of Central Java and beyond.',
};

/** The registry, migrated, with its event consumer attached: main.ts, the launcher and tests start it here. */
export const createRegistryApp = (source: Record<string, string | undefined> = process.env, options: ServiceAppOptions = {}) =>
  createServiceApp(REGISTRY_SERVICE, source, options);
