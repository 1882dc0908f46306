import { ShutdownSignal } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.server.js';
import { LAUNCHABLE_SERVICES, type LaunchableService } from './launchable-services.js';
import { portOf, readLauncherSettings, type LauncherSettings } from './launcher.env.js';
import { provideRedis, type ProvidedRedis } from './local-redis.provider.js';
import { startFrontDoor } from './front-door.server.js';

export interface RunningServiceInfo {
  name: string;
  url: string;
  app: NestFastifyApplication;
  startMs: number;
}

export interface LaunchedSystem {
  settings: LauncherSettings;
  database: { url: string; embedded: boolean; dataDir?: string; created?: boolean; startMs: number };
  redis: { url: string; origin: ProvidedRedis['origin']; startMs: number };
  services: RunningServiceInfo[];
  /** One origin for the console and the three APIs (/api/registry, …); undefined with FRONT_DOOR_PORT=off. */
  frontDoor?: { url: string };
  totalMs: number;
  /** Services first (their relays and workers drain), then Redis and the database they used. */
  close(): Promise<void>;
  /**
   * When close() ran out of time: synchronously kill the spawned Redis, remove its folder and the
   * database's lock files, so an exit right after leaves nothing behind.
   */
  abandon(): void;
}

export type LaunchLog = (line: string) => void;

/**
 * Starts the whole system in this process: the database and Redis (embedded or found, unless
 * given), then every service in LAUNCHABLE_SERVICES, migrated, with its event consumer running.
 * Whatever started before a failure is closed again before the error is rethrown.
 */
export async function launchSystem(
  source: Record<string, string | undefined> = process.env,
  log: LaunchLog = () => undefined,
  services: readonly LaunchableService[] = LAUNCHABLE_SERVICES,
): Promise<LaunchedSystem> {
  const started = performance.now();
  const settings = readLauncherSettings(source);
  const ports = services.map((s) => portOf(source, s.portVariable, s.defaultPort));
  const closers: (() => Promise<void>)[] = [];
  const abandoners: (() => void)[] = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) {
      await close().catch((err: Error) => log(`while stopping: ${err.message}`));
    }
  };

  try {
    // Redis first: a missing one is reported in a second, before the database's slow first start,
    // and since closers run in reverse it stops last, after everything that drains into it.
    let t = performance.now();
    const redis = await provideRedis(settings.redisUrl, { alwaysSpawn: settings.spawnRedis });
    closers.push(() => redis.stop());
    abandoners.push(() => redis.abandon());
    const redisInfo = { url: redis.url, origin: redis.origin, startMs: performance.now() - t };

    t = performance.now();
    let embedded: EmbeddedPostgres | undefined;
    if (!settings.databaseUrl) {
      log(`starting the embedded PostgreSQL (PGlite) in ${settings.dataDir}…`);
      embedded = await startEmbeddedPostgres({ dataDir: settings.dataDir, maxConnections: settings.pgliteMaxConnections });
      closers.push(() => embedded!.stop());
      abandoners.push(() => embedded!.abandon());
    }
    const databaseUrl = settings.databaseUrl ?? embedded!.url;
    const database = { url: databaseUrl, embedded: !!embedded, dataDir: embedded?.dataDir, created: embedded?.created, startMs: performance.now() - t };

    const running: RunningServiceInfo[] = [];
    for (const [i, service] of services.entries()) {
      t = performance.now();
      const env = { ...settings.serviceEnv, DATABASE_URL: databaseUrl, REDIS_URL: redis.url, PORT: String(ports[i]) };
      const { app } = await withoutNestSignalHandlers(() => service.create(env));
      await forgetDataSourceName();
      closers.push(() => app.close());
      await app.listen({ port: ports[i], host: settings.host });
      const { port } = app.getHttpServer().address() as { port: number };
      const host = settings.host === '0.0.0.0' || settings.host === '::' ? '127.0.0.1' : settings.host;
      running.push({ name: service.name, url: `http://${host}:${port}`, app, startMs: performance.now() - t });
    }

    let frontDoor: { url: string } | undefined;
    if (settings.frontDoorPort !== undefined) {
      const url = (name: string) => running.find((s) => s.name === name)?.url ?? 'http://127.0.0.1:9';
      const door = await startFrontDoor({
        upstreams: { registry: url('registry'), replication: url('replication'), nomination: url('nomination') },
        port: settings.frontDoorPort,
        host: settings.host,
        consoleDir: settings.consoleDir,
      });
      // Closed first: no new request reaches a service that is draining.
      closers.push(() => door.close());
      frontDoor = { url: door.url };
    }

    let closing: Promise<void> | undefined;
    return {
      settings,
      database,
      redis: redisInfo,
      services: running,
      frontDoor,
      totalMs: performance.now() - started,
      close: () => (closing ??= closeAll()),
      abandon: () => {
        for (const abandon of abandoners.splice(0).reverse()) abandon();
      },
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/**
 * Each app enables Nest's shutdown hooks, which close that one app on SIGTERM and then re-raise
 * the signal, ending the process with a signal status before the other services and the embedded
 * database have stopped. The launcher owns the signals instead and closes everything in order.
 */
async function withoutNestSignalHandlers<T>(create: () => Promise<T>): Promise<T> {
  const signals = Object.values(ShutdownSignal) as NodeJS.Signals[];
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  try {
    return await create();
  } finally {
    for (const signal of signals) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
      }
    }
  }
}

/**
 * @nestjs/typeorm keeps one process-wide set of data source names and warns when a second
 * TypeOrmModule.forRoot() uses a name already in it, because within one application the second
 * would replace the first. Here each service is an application of its own with its own container,
 * so the same default name is right for all three; the name is forgotten once a service is built.
 * The registry is not exported, hence the import by file next to the package's entry point (the
 * same module instance, since ES modules are keyed by URL).
 */
async function forgetDataSourceName(name = 'default'): Promise<void> {
  const url = new URL('./data-source-name.registry.js', import.meta.resolve('@nestjs/typeorm')).href;
  const { DataSourceNameRegistry } = (await import(url)) as { DataSourceNameRegistry?: { unregister(name: string): void } };
  DataSourceNameRegistry?.unregister(name);
}
