import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import type { ServiceName } from '@lumbung/contracts';
import { createHttpApp, InvalidEnvironmentError, migrateSchema, validateEnv, type ServiceDatabase, type ServiceEnv } from '@lumbung/platform';
import { connectEventConsumer } from './connect-event-consumer.js';

/** What makes a Lumbung service: its name, env class, root module and schema. */
export interface ServiceDefinition<E extends ServiceEnv = ServiceEnv> {
  service: ServiceName;
  env: new () => E;
  module: (env: E) => DynamicModule;
  database: ServiceDatabase;
  title: string;
  description: string;
}

export interface ServiceAppOptions {
  /**
   * Attach the inbox consumer (default true). The one-shot migration step turns it off, so
   * migrating never starts a worker that would take jobs and then be closed mid-way.
   */
  eventConsumer?: boolean;
}

/**
 * Builds a service (HTTP API, event consumer, relay) from an environment, migrated and ready to
 * listen. main.ts, the launcher and the tests all start services through here.
 */
export async function createServiceApp<E extends ServiceEnv>(
  definition: ServiceDefinition<E>,
  source: Record<string, string | undefined> = process.env,
  options: ServiceAppOptions = {},
): Promise<{ app: NestFastifyApplication; env: E }> {
  const env = validateEnv(definition.env, source);
  const app = await createHttpApp(definition.module(env) as never, { title: definition.title, description: definition.description });
  try {
    if (env.RUN_MIGRATIONS) await migrateSchema(app.get(DataSource), definition.database.schema);
    if (options.eventConsumer ?? true) {
      connectEventConsumer(app);
      await app.startAllMicroservices();
    }
  } catch (err) {
    await app.close();
    throw err;
  }
  return { app, env };
}

/**
 * The body of every service's main.ts. `node main.js` serves on PORT; `node main.js migrate` is the
 * one-shot migration step (Compose, a Kubernetes Job): it applies pending migrations and exits,
 * with no relay and no worker, so it never touches the queues.
 */
export async function runServiceMain<E extends ServiceEnv>(definition: ServiceDefinition<E>, argv = process.argv.slice(2)): Promise<void> {
  try {
    if (argv.includes('migrate')) {
      const { app } = await createServiceApp(
        definition,
        { ...process.env, RUN_MIGRATIONS: 'false', RELAY_ENABLED: 'false', WORKER_ENABLED: 'false' },
        { eventConsumer: false },
      );
      try {
        const applied = await migrateSchema(app.get(DataSource), definition.database.schema);
        console.log(`${definition.service}: ${applied.length} migration(s) applied${applied.length ? `: ${applied.join(', ')}` : ''}`);
      } finally {
        await app.close();
      }
    } else {
      const { app, env } = await createServiceApp(definition);
      await app.listen({ port: env.PORT, host: '0.0.0.0' });
    }
  } catch (err) {
    if (err instanceof InvalidEnvironmentError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
