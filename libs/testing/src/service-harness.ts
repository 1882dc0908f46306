import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { signToken, type Principal } from '@lumbung/platform';
import { createTestDatabase, createTestRedis, type TestDatabase, type TestRedis } from './test-infra.js';
import { requestJson, type JsonRequestOptions, type JsonResponse } from './request-json.js';

export type AppFactory = (env: Record<string, string | undefined>) => Promise<{ app: NestFastifyApplication }>;

export interface RunningService {
  app: NestFastifyApplication;
  baseUrl: string;
  env: Record<string, string>;
  db: TestDatabase;
  redis: TestRedis;
  /** fetch against the service; `token` adds a bearer header, objects are sent as JSON. */
  request(method: string, path: string, options?: Omit<JsonRequestOptions, 'timeoutMs'>): Promise<JsonResponse>;
  close(): Promise<void>;
}

export const tokenFor = (principal: Principal, ttlSeconds?: number) => signToken(principal, ttlSeconds);

export interface StartOptions {
  env?: Record<string, string>;
  /** Reuse a database/Redis prefix (two services, or a restart); by default the harness makes new ones. */
  db?: TestDatabase;
  redis?: TestRedis;
}

/**
 * Boots a service exactly as main.ts does, on a free port, against a fresh database and a Redis
 * key prefix of its own. close() stops it and drops what it made.
 */
export async function startService(factory: AppFactory, options: StartOptions = {}): Promise<RunningService> {
  const ownDb = !options.db;
  const ownRedis = !options.redis;
  const db = options.db ?? (await createTestDatabase());
  const redis = options.redis ?? createTestRedis();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: redis.url,
    QUEUE_PREFIX: redis.prefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RELAY_POLL_MS: '50',
    // Tests write many times with one token from 127.0.0.1; the rate-limit tests turn limits back on.
    RATE_LIMIT_PER_TOKEN: '0',
    RATE_LIMIT_PER_ADDRESS: '0',
    PUBLIC_RATE_LIMIT_PER_ADDRESS: '0',
    RATE_LIMIT_READS_PER_TOKEN: '0',
    // Reminders fall due on today's calendar; only the reminder tests turn them back on.
    REMINDERS_ENABLED: 'false',
    ...options.env,
  };
  const { app } = await factory(env);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  let closed = false;
  return {
    app,
    baseUrl,
    env,
    db,
    redis,
    request: (method, path, opts) => requestJson(baseUrl, method, path, opts),
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      if (ownRedis) await redis.cleanup();
      if (ownDb) await db.drop();
    },
  };
}
