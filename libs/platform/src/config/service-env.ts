import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

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
}

export class InvalidEnvironmentError extends Error {}

/** Validates `source` (process.env by default) into `EnvClass`, or throws naming every bad variable. */
export function validateEnv<T extends ServiceEnv>(EnvClass: new () => T, source: Record<string, string | undefined> = process.env): T {
  const known = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(EnvClass, known, { exposeDefaultValues: true });
  const problems = validateSync(env, { whitelist: false }).flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `  - ${m}`));
  if (env.NODE_ENV === 'production') {
    if (env.JWT_SECRET === DEV_JWT_SECRET) problems.push('  - JWT_SECRET is the development default; set a secret of your own in production');
    else if (env.JWT_SECRET.length < 32) problems.push('  - JWT_SECRET must be at least 32 characters in production');
  }
  if (problems.length) throw new InvalidEnvironmentError(`Invalid configuration, refusing to start:\n${problems.join('\n')}`);
  return env;
}
