import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export class InvalidLauncherEnvironmentError extends Error {}

export interface LauncherSettings {
  /** Set: the services use this PostgreSQL. Unset: one embedded PGlite is started for all of them. */
  databaseUrl?: string;
  /** Set: the services use this Redis. Unset: 127.0.0.1:6379 if it answers, else a spawned redis-server. */
  redisUrl?: string;
  dataDir: string;
  host: string;
  pgliteMaxConnections: number;
  /** The front door's port (FRONT_DOOR_PORT, default 3000, 0 a free one); undefined: no front door (off). */
  frontDoorPort?: number;
  /** The console's static build the front door serves at `/`. */
  consoleDir: string;
  /** LUMBUNG_SPAWN_REDIS=1: start a private redis-server even when one answers on 6379. */
  spawnRedis: boolean;
  /** How long a stop may take before what is left is killed (LUMBUNG_STOP_GRACE_MS). */
  stopGraceMs: number;
  /** Handed to every service; their own variables (QUEUE_PREFIX, EVENT_SUBSCRIBERS, ACCOUNTS_SIGNING_KEYS, …) pass through. */
  serviceEnv: Record<string, string | undefined>;
}

/** The folder holding package.json, found upwards from this file, so dist/ and src/ agree on it. */
export function projectRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

function intOf(source: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = source[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) problems.push(`  - ${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  return value;
}

export function readLauncherSettings(source: Record<string, string | undefined> = process.env): LauncherSettings {
  const problems: string[] = [];
  const databaseUrl = source.DATABASE_URL || undefined;
  const redisUrl = source.REDIS_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\/.+/.test(databaseUrl)) problems.push('  - DATABASE_URL must be a postgres:// URL (or unset for the embedded database)');
  if (redisUrl && !/^rediss?:\/\/.+/.test(redisUrl)) problems.push('  - REDIS_URL must be a redis:// URL (or unset to find or start one)');
  const pgliteMaxConnections = intOf(source, 'LUMBUNG_PGLITE_MAX_CONNECTIONS', 50, 4, 500, problems);
  const stopGraceMs = intOf(source, 'LUMBUNG_STOP_GRACE_MS', 30_000, 1000, 600_000, problems);
  const frontDoorPort = source.FRONT_DOOR_PORT === 'off' ? undefined : intOf(source, 'FRONT_DOOR_PORT', 3000, 0, 65535, problems);
  if (problems.length) throw new InvalidLauncherEnvironmentError(`Invalid configuration, refusing to start:\n${problems.join('\n')}`);
  return {
    databaseUrl,
    redisUrl,
    dataDir: resolve(source.LUMBUNG_DATA_DIR || join(projectRoot(), '.data', 'pglite')),
    // Loopback by default: a development system signs tokens with a well-known secret.
    host: source.LUMBUNG_HOST || '127.0.0.1',
    pgliteMaxConnections,
    frontDoorPort,
    spawnRedis: source.LUMBUNG_SPAWN_REDIS === '1' || source.LUMBUNG_SPAWN_REDIS === 'true',
    stopGraceMs,
    consoleDir: resolve(source.LUMBUNG_CONSOLE_DIR || join(projectRoot(), 'apps', 'console', 'dist')),
    serviceEnv: {
      ...source,
      // One JSON log line per route at start would bury the banner; LOG_LEVEL=info shows requests.
      LOG_LEVEL: source.LOG_LEVEL || 'warn',
      // Evidence documents beside the embedded database, so one data folder holds everything of a system.
      DOCUMENTS_DIR: source.DOCUMENTS_DIR || join(dirname(resolve(source.LUMBUNG_DATA_DIR || join(projectRoot(), '.data', 'pglite'))), 'documents'),
      // The embedded engine runs one transaction at a time, so big pools only hold sockets.
      DATABASE_POOL_SIZE: source.DATABASE_POOL_SIZE || (databaseUrl ? undefined : '5'),
      // The embedded engine's connections share one session, where named statements would collide.
      DATABASE_PREPARED_STATEMENTS: source.DATABASE_PREPARED_STATEMENTS || (databaseUrl ? undefined : 'false'),
    },
  };
}

/** The port a service listens on: its variable (REGISTRY_PORT) when set, else its default. */
export function portOf(source: Record<string, string | undefined>, variable: string, fallback: number): number {
  const problems: string[] = [];
  const port = intOf(source, variable, fallback, 0, 65535, problems);
  if (problems.length) throw new InvalidLauncherEnvironmentError(`Invalid configuration, refusing to start:\n${problems.join('\n')}`);
  return port;
}
