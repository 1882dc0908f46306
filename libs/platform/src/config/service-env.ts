import { plainToInstance, Transform, Type } from 'class-transformer';
import type { SigningKey } from '../auth/signing-keys.js';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

export const SERVICE_ROLES = ['all', 'http', 'worker'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

export const DEV_BOARD_SESSION_SECRET = 'lumbung-development-secret-do-not-use-in-production';

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

  /**
   * Signs the queue dashboard's own session cookie, and nothing else: API tokens are signed by the
   * accounts side's keys, so a dashboard session can never be used as a bearer token.
   */
  @IsString() @MinLength(16, { message: 'BOARD_SESSION_SECRET must be at least 16 characters (32 in production)' })
  BOARD_SESSION_SECRET: string = DEV_BOARD_SESSION_SECRET;

  /**
   * The accounts side's published keys (`http://registry:3001/.well-known/jwks.json`). Required in
   * production by every service that does not sign tokens itself; elsewhere, without it, only
   * tokens signed with the development key are accepted.
   */
  @IsOptional() @Matches(/^https?:\/\/.+/, { message: 'ACCOUNTS_JWKS_URL must be an http(s):// URL' })
  ACCOUNTS_JWKS_URL?: string;

  /** Least time between two fetches of the JWKS for a kid not seen before. */
  @Type(() => Number) @IsInt() @Min(0) @Max(3_600_000)
  ACCOUNTS_JWKS_COOLDOWN_MS = 10_000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * Outside consumers' queues, e.g. `analytics:innovation.*,nomination.*`: seeds the subscribers an
   * operator then manages at run time (/admin/subscribers); one already stored is left as it is.
   */
  @IsOptional() @IsString()
  EVENT_SUBSCRIBERS?: string;

  /** How often a process reads the subscriber list again: the longest an operator's change takes to reach it. */
  @Type(() => Number) @IsInt() @Min(100) @Max(60_000)
  SUBSCRIBERS_REFRESH_MS = 2000;

  /** How often the relay's process weighs each outside subscriber's backlog against its bound. */
  @Type(() => Number) @IsInt() @Min(100) @Max(600_000)
  SUBSCRIBER_CHECK_MS = 5000;

  /**
   * Events a second one replay (or backfill) sends per producer process: replays share Redis and the
   * outbox's disk with live traffic, and a bound keeps a backfill of months from crowding it out.
   */
  @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000)
  REPLAY_RATE_PER_SECOND = 2000;

  /** Webhook endpoints may be plain http (a local receiver in development and tests); https only otherwise. */
  @toBool() @IsBoolean()
  WEBHOOK_ALLOW_HTTP = false;

  /** How long a webhook receiver may take to answer before the delivery counts as failed and is retried. */
  @Type(() => Number) @IsInt() @Min(100) @Max(120_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

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

  /**
   * Publish the service's reminders (deadline, stalled replication, compliance) from this process's
   * worker. Off, the reminder schedule is removed; each reminder is still sent once by the replicas
   * that have it on. The test harness turns it off except in the reminder tests, so the other tests
   * count only the events they cause.
   */
  @toBool() @IsBoolean()
  REMINDERS_ENABLED = true;

  /** The relay's poll interval when NOTIFY does not wake it (embedded PostgreSQL never delivers it). */
  @Type(() => Number) @IsInt() @Min(10) @Max(60_000)
  RELAY_POLL_MS = 250;

  @Type(() => Number) @IsInt() @Min(1) @Max(5000)
  RELAY_BATCH_SIZE = 200;

  /**
   * Days a sent outbox row is kept before the relay's process removes it; 0 keeps every row. 30 is
   * how long BullMQ keeps a failed job (the dead-letter queue), so every event a dead letter can
   * point at is still in its producer's outbox. Unsent rows are never removed, whatever their age.
   */
  @Type(() => Number) @IsInt() @Min(0) @Max(3650)
  OUTBOX_RETENTION_DAYS = 30;

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

  /**
   * Reads (GET/HEAD) one token subject may make per window, counted apart from its writes; 0 turns
   * the limit off. 1,200 a minute is twenty a second, sustained: a console page makes a handful, an
   * exporter paging through a national list at 100 a page still moves 2,000 records a second.
   */
  @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000)
  RATE_LIMIT_READS_PER_TOKEN = 1200;

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
   * How long one list or search read may run in PostgreSQL before it is cancelled and answered 503
   * with a Retry-After. Writes are not bounded by it. The slowest honest read (a search for a word
   * nearly every record holds) takes a small fraction of it; see docs/performance.md.
   */
  @Type(() => Number) @IsInt() @Min(100) @Max(600_000)
  DATABASE_READ_TIMEOUT_MS = 5000;

  /**
   * Searches one process runs at once; the rest wait SEARCH_QUEUE_MS for a place, then get 503 with a
   * Retry-After. 0: half of DATABASE_POOL_SIZE (at least one), so searches can never hold every
   * pooled connection and writes and readiness always find one.
   */
  @Type(() => Number) @IsInt() @Min(0) @Max(200)
  SEARCH_CONCURRENCY = 0;

  @Type(() => Number) @IsInt() @Min(0) @Max(60_000)
  SEARCH_QUEUE_MS = 1000;

  /**
   * How long a client has to send a request's headers, from the moment it connects (or its
   * previous answer): a socket that stays silent, or drips its headers a byte at a time, is closed then.
   */
  @Type(() => Number) @IsInt() @Min(100) @Max(600_000)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** How long a client has to send a whole request, body included; a body written slowly is cut off then. */
  @Type(() => Number) @IsInt() @Min(100) @Max(3_600_000)
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  /**
   * How long a keep-alive connection may sit idle between requests. Above the 60 s idle timeout of
   * the usual proxies (nginx, cloud load balancers), so the proxy, not the service, closes a pooled
   * connection, and never races a request onto a socket being closed (Fastify's default, kept).
   */
  @Type(() => Number) @IsInt() @Min(100) @Max(3_600_000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 72_000;

  /**
   * Open connections one process accepts; past it each new socket is closed at once. 0: no cap.
   * A proxy in front keeps a few dozen; a thousand is far above honest use and far below what
   * exhausts a process's file descriptors or memory.
   */
  @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000)
  HTTP_MAX_CONNECTIONS = 1000;

  /** The largest evidence document accepted, in bytes (20 MB: a scanned decree or a report with photos). */
  @Type(() => Number) @IsInt() @Min(1) @Max(1024 * 1024 * 1024)
  DOCUMENTS_MAX_BYTES = 20 * 1024 * 1024;

  /** The folder evidence documents are kept in when no bucket is named (`npm start` puts it beside its database). */
  @IsString()
  DOCUMENTS_DIR = '.data/documents';

  /** An S3-compatible bucket for evidence documents, in production; credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. */
  @IsOptional() @IsString()
  DOCUMENTS_S3_BUCKET?: string;

  /** The S3 endpoint of a provider other than AWS (MinIO, a government cloud), path-style. */
  @IsOptional() @Matches(/^https?:\/\/[^\s]+$/, { message: 'DOCUMENTS_S3_ENDPOINT must be an http(s):// URL' })
  DOCUMENTS_S3_ENDPOINT?: string;

  @IsString()
  DOCUMENTS_S3_REGION = 'ap-southeast-3';

  /**
   * Browser origins allowed to call the API, comma-separated (`https://lumbung.jatengprov.go.id`).
   * Empty: no CORS headers at all, so a browser page of another origin cannot read any answer.
   */
  @IsOptional() @IsString()
  CORS_ORIGINS = '';

  /** The keys this service signs access tokens with; only the accounts side (the registry) has any. */
  ownSigningKeys(): SigningKey[] {
    return [];
  }

  /** What a production deployment must set that development may leave out, one line per problem. */
  productionProblems(): string[] {
    const problems: string[] = [];
    if (this.BOARD_SESSION_SECRET === DEV_BOARD_SESSION_SECRET) problems.push('BOARD_SESSION_SECRET is the development default; set a secret of your own in production');
    else if (this.BOARD_SESSION_SECRET.length < 32) problems.push('BOARD_SESSION_SECRET must be at least 32 characters in production');
    if (!this.ACCOUNTS_JWKS_URL && this.ownSigningKeys().length === 0) problems.push('ACCOUNTS_JWKS_URL is required in production: the accounts JWKS that tokens are verified against');
    return problems;
  }
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

/** The searches one process runs at once (see SEARCH_CONCURRENCY). */
export function searchConcurrency(env: Pick<ServiceEnv, 'SEARCH_CONCURRENCY' | 'DATABASE_POOL_SIZE'>): number {
  return env.SEARCH_CONCURRENCY > 0 ? env.SEARCH_CONCURRENCY : Math.max(1, Math.floor(env.DATABASE_POOL_SIZE / 2));
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
  if (problems.length === 0 && env.NODE_ENV === 'production') {
    try {
      problems.push(...env.productionProblems().map((p) => `  - ${p}`));
    } catch (err) {
      problems.push(`  - ${(err as Error).message}`);
    }
  }
  if (env.SEARCH_CONCURRENCY >= env.DATABASE_POOL_SIZE && env.DATABASE_POOL_SIZE > 1) {
    problems.push(`  - SEARCH_CONCURRENCY (${env.SEARCH_CONCURRENCY}) must stay below DATABASE_POOL_SIZE (${env.DATABASE_POOL_SIZE}), or searches can take every connection`);
  }
  if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
    problems.push(`  - HTTP_HEADERS_TIMEOUT_MS (${env.HTTP_HEADERS_TIMEOUT_MS}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${env.HTTP_REQUEST_TIMEOUT_MS}): the headers are part of the request`);
  }
  if (problems.length) throw new InvalidEnvironmentError(`Invalid configuration, refusing to start:\n${problems.join('\n')}`);
  // The role decides what runs; RELAY_ENABLED / WORKER_ENABLED can only turn more off.
  if (env.ROLE === 'http') env.RELAY_ENABLED = env.WORKER_ENABLED = false;
  return env;
}
