import { Logger, type DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import type { ServiceName } from '@lumbung/contracts';
import { createHttpApp, InvalidEnvironmentError, migrateSchema, ReadinessRegistry, validateEnv, type ServiceDatabase, type ServiceEnv } from '@lumbung/platform';
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
  if (env.ROLE === 'worker') serveOperatorRoutesOnly(app);
  try {
    if (env.RUN_MIGRATIONS) await migrateSchema(app.get(DataSource), definition.database.schema);
    if (options.eventConsumer ?? true) {
      connectEventConsumer(app);
      // Nest marks a hybrid app's microservice initialised, so its listen() runs no lifecycle hooks,
      // and app.listen() ran them only after the worker had started: a job taken in that gap found
      // onModuleInit's state missing (the registry's region catalogue, so a replication.completed
      // was dead-lettered for naming an unknown region, now and then just after a restart).
      await app.init();
      await app.startAllMicroservices();
    }
  } catch (err) {
    await app.close();
    throw err;
  }
  return { app, env };
}

/** What a worker process still answers: probes, scrapes and the operator's queue and dead-letter views. */
const WORKER_ROUTES = /^\/(health|metrics|admin)(\/|\?|$)/;

/**
 * A worker shares the image and module of its service, so the API routes exist in it; they are refused
 * here rather than left reachable beside the HTTP deployment that is meant to serve them.
 */
function serveOperatorRoutesOnly(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      if (WORKER_ROUTES.test(request.url)) return;
      await reply.code(404).send({ statusCode: 404, error: 'Not Found', message: 'This process runs event workers only (ROLE=worker); the API is served by ROLE=http or ROLE=all' });
    });
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
      exitGracefullyOnSignals(app, env.SHUTDOWN_GRACE_MS);
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

/**
 * SIGTERM (a deploy, a scale-down) or SIGINT: readiness fails at once so no new traffic is routed
 * here, then Nest closes the app in order (the relay stops after its batch, the HTTP listener stops
 * and finishes in-flight requests, the workers finish the jobs in hand, connections close) and the
 * process exits 0. Jobs still running when the grace period ends are left to BullMQ's stalled
 * check, which re-runs them in another worker once their lock lapses (the inbox keeps one effect);
 * the process then exits 1 so the overrun shows.
 *
 * Nest's own shutdown hook (enabled in createHttpApp) is replaced here: it waits without a limit
 * (BullMQ's worker.close() has none) and re-raises the signal, so the process ended "killed by
 * SIGTERM" rather than with exit code 0.
 */
export function exitGracefullyOnSignals(app: NestFastifyApplication, graceMs: number): void {
  (app as unknown as { unsubscribeFromProcessSignals(): void }).unsubscribeFromProcessSignals();
  const logger = new Logger('Shutdown');
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    app.get(ReadinessRegistry).markShuttingDown();
    logger.log({ msg: 'shutting down', signal, graceMs });
    const overrun = setTimeout(() => {
      logger.error({ msg: 'grace period over with work still in hand; exiting, active jobs will be re-run after their lock lapses', graceMs });
      process.exit(1);
    }, graceMs);
    overrun.unref();
    app.close().then(
      () => {
        clearTimeout(overrun);
        process.exit(0);
      },
      (err: Error) => {
        logger.error({ msg: 'shutdown failed', error: err.stack ?? err.message });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
