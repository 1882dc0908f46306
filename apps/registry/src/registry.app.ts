import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { connectEventConsumer } from '@lumbung/messaging';
import { createHttpApp, migrateSchema, validateEnv } from '@lumbung/platform';
import { REGISTRY_DATABASE } from './database/registry.database.js';
import { RegistryEnv } from './registry.env.js';
import { RegistryModule } from './registry.module.js';

/**
 * Builds the registry (HTTP API, event consumer, relay) from an environment, migrated and ready to
 * listen. main.ts, the launcher and the tests all start it through here.
 */
export async function createRegistryApp(source: Record<string, string | undefined> = process.env): Promise<{ app: NestFastifyApplication; env: RegistryEnv }> {
  const env = validateEnv(RegistryEnv, source);
  const app = await createHttpApp(RegistryModule.forRoot(env) as never, {
    title: 'Lumbung registry',
    description: 'Regions, agencies (OPD), innovation types and the innovation master record of Central Java and beyond.',
  });
  if (env.RUN_MIGRATIONS) await migrateSchema(app.get(DataSource), REGISTRY_DATABASE.schema);
  connectEventConsumer(app);
  await app.startAllMicroservices();
  return { app, env };
}
