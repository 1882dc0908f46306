import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

export const SERVICE_ROLES = ['all', 'http', 'worker'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

export const DEV_JWT_SECRET = 'lumbung-development-secret-do-not-use-in-production';

const toBool = () => Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value));

/**
 * Environment every service reads. Each service may extend it. A service refuses to start, with
 * one line per bad variable, rather than run half-configured.
 */
export class ServiceEnv {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  PORT: number;

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  @Type(() => Number) @IsInt() @Min(1) @Max(200)
  DATABASE_POOL_SIZE = 10;

  /**
   * Run the hottest statements as named prepared statements, planned once per connection. Off for
   * the embedded engine (the launcher does that), and behind a pooler that cannot keep them
   * (PgBouncer before 1.21 in transaction mode).
   */
  @toBool() @IsBoolean()
  DATABASE_PREPARED_STATEMENTS = true;

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL: string;

  /** Prefix of every BullMQ key; tests give each run its own. */
  @Matches(/^[a-zA-Z0-9_-]+$/, { message: 'QUEUE_PREFIX may hold letters, digits, _ and -' })
  QUEUE_PREFIX = 'lumbung';

  @IsString() @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters (32 in production)' })
  JWT_SECRET: string = DEV_JWT_SECRET;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Outside consumers' queues, e.g. `analytics:innovation.*,nomination.*`. */
  @IsOptional() @IsString()
  EVENT_SUBSCRIBERS?: string;

  /**
   * What this process runs. `all` (the default, and the embedded `npm start`): HTTP API, outbox relay
   * and event workers. `http`: the API only, so it scales with requests. `worker`: the event workers
   * and the relay, with HTTP kept for health, metrics and the operator's admin routes only.
   */
  @IsIn(SERVICE_ROLES)
  ROLE: ServiceRole = 'all';

  /** Apply pending migrations at start. Compose and Kubernetes run them as a one-shot step instead. */
  @toBool() @IsBoolean()
  RUN_MIGRATIONS = true;

  /** Run the outbox relay in this process. */
  @toBool() @IsBoolean()
  RELAY_ENABLED = true;

  /** Consume this service's inbox queue in this process. */
  @toBool() @IsBoolean()
  WORKER_ENABLED = true;

  /** The relay's poll interval when NOTIFY does not wake it (embedded PostgreSQL never delivers it). */
  @Type(() => Number) @IsInt() @Min(10) @Max(60_000)
  RELAY_POLL_MS = 250;

  @Type(() => Number) @IsInt() @Min(1) @Max(5000)
  RELAY_BATCH_SIZE = 200;

  /**
   * On SIGTERM, how long in-flight requests and jobs may take before the process exits anyway. The
   * default stays below Kubernetes' default terminationGracePeriodSeconds (30 s), so the process exits
   * on its own rather than being killed.
   */
  @Type(() => Number) @IsInt() @Min(1) @Max(3_600_000)
  SHUTDOWN_GRACE_MS = 25_000;

  /**
   * Writes (POST/PUT/PATCH/DELETE) one token subject may make per window, across the service's
   * replicas; 0 turns the limit off. 120 a minute is two a second, sustained: far above what a busy
   * regency admin clicks through a form, well below what a runaway script sends.
   */
  @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000)
  RATE_LIMIT_PER_TOKEN = 120;

  /** Writes one client address may make per window, whatever the token (offices share a NAT); 0 turns it off. */
  @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000)
  RATE_LIMIT_PER_ADDRESS = 600;

  @Type(() => Number) @IsInt() @Min(1) @Max(86_400)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /**
   * Proxies in front of the service that set X-Forwarded-For (the front door in Compose, the
   * ingress in Kubernetes: 1). The per-address limit keys on the entry that many hops from the
   * right; what lies left of it the client wrote. 0 (the default): the TCP peer itself, so a
   * service reached directly, as `npm start` also serves it, cannot be fooled by a written header.
   */
  @Type(() => Number) @IsInt() @Min(0) @Max(10)
  TRUSTED_PROXY_HOPS = 0;

  /**
   * Browser origins allowed to call the API, comma-separated (`https://lumbung.jatengprov.go.id`).
   * Empty: no CORS headers at all, so a browser page of another origin cannot read any answer.
   */
  @IsOptional() @IsString()
  CORS_ORIGINS = '';
}

/** An origin as browsers send it: scheme, host and optional port, no path and no trailing slash. */
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

/** The configured CORS origins; an empty list means CORS stays closed. */
export function corsOrigins(env: Pick<ServiceEnv, 'CORS_ORIGINS'>): string[] {
  return (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}

export class InvalidEnvironmentError extends Error {}

/** Validates `source` (process.env by default) into `EnvClass`, or throws naming every bad variable. */
export function validateEnv<T extends ServiceEnv>(EnvClass: new () => T, source: Record<string, string | undefined> = process.env): T {
  const known = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(EnvClass, known, { exposeDefaultValues: true });
  const problems = validateSync(env, { whitelist: false }).flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `  - ${m}`));
  for (const origin of corsOrigins(env)) {
    // A wildcard or a pattern would reopen what an empty list closes; each origin is named.
    if (!ORIGIN.test(origin)) problems.push(`  - CORS_ORIGINS: "${origin}" is not an origin like https://example.go.id (no path, no wildcard)`);
  }
  if (env.NODE_ENV === 'production') {
    if (env.JWT_SECRET === DEV_JWT_SECRET) problems.push('  - JWT_SECRET is the development default; set a secret of your own in production');
    else if (env.JWT_SECRET.length < 32) problems.push('  - JWT_SECRET must be at least 32 characters in production');
  }
  if (problems.length) throw new InvalidEnvironmentError(`Invalid configuration, refusing to start:\n${problems.join('\n')}`);
  // The role decides what runs; RELAY_ENABLED / WORKER_ENABLED can only turn more off.
  if (env.ROLE === 'http') env.RELAY_ENABLED = env.WORKER_ENABLED = false;
  return env;
}
