import { createServiceApp, type ServiceAppOptions, type ServiceDefinition } from '@lumbung/messaging';
import { NOMINATION_DATABASE } from './database/nomination.database.js';
import { NominationEnv } from './nomination.env.js';
import { NominationModule } from './nomination.module.js';

export const NOMINATION_SERVICE: ServiceDefinition<NominationEnv> = {
  service: 'nomination',
  env: NominationEnv,
  module: (env) => NominationModule.forRoot(env),
  database: NOMINATION_DATABASE,
  title: 'Lumbung nomination',
  description: 'Innovation competitions (KIPP) from regency to province to nation: editions, entries, jury scoring, forwarding, national results and provincial tracking.',
};

/** The nomination service, migrated, with its event consumer attached: main.ts, the launcher and tests start it here. */
export const createNominationApp = (source: Record<string, string | undefined> = process.env, options: ServiceAppOptions = {}) =>
  createServiceApp(NOMINATION_SERVICE, source, options);
