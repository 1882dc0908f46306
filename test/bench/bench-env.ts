import { randomBytes } from 'node:crypto';

/** Production refuses the development secret; each bench run makes its own. */
export const BENCH_JWT_SECRET = randomBytes(32).toString('hex');

/**
 * What every benchmark's services run with, beside their database and Redis: production mode, as
 * they would be deployed. Request logging is off (one line per request would measure the terminal,
 * not the service), and so are the write rate limits: a benchmark is one client writing as fast as
 * it can, exactly what they refuse.
 */
export const BENCH_SERVICE_ENV = {
  NODE_ENV: 'production',
  JWT_SECRET: BENCH_JWT_SECRET,
  LOG_LEVEL: 'warn',
  RATE_LIMIT_PER_TOKEN: '0',
  RATE_LIMIT_PER_ADDRESS: '0',
  RATE_LIMIT_READS_PER_TOKEN: '0',
} as const;
