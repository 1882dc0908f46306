import type { Principal } from '@lumbung/platform';
import { newSigningKey, productionSecrets, signingKeysEnv, startJwksServer, tokenSignedWith } from '@lumbung/testing';

/** Production refuses the development key: the bench's registry signs with this one, the other services verify it. */
const BENCH_KEY = newSigningKey('bench');
const jwks = await startJwksServer([BENCH_KEY]);

/** An access token as the accounts side would mint it, for the bench's requests (15 minutes). */
export const benchToken = (principal: Principal) => tokenSignedWith(BENCH_KEY, principal);

/**
 * What every benchmark's services run with, beside their database and Redis: production mode, as
 * they would be deployed. Request logging is off (one line per request would measure the terminal,
 * not the service), and so are the write rate limits: a benchmark is one client writing as fast as
 * it can, exactly what they refuse.
 */
export const BENCH_SERVICE_ENV = {
  NODE_ENV: 'production',
  ...productionSecrets(),
  ACCOUNTS_SIGNING_KEYS: signingKeysEnv(BENCH_KEY),
  ACCOUNTS_JWKS_URL: jwks.url,
  LOG_LEVEL: 'warn',
  RATE_LIMIT_PER_TOKEN: '0',
  RATE_LIMIT_PER_ADDRESS: '0',
  RATE_LIMIT_READS_PER_TOKEN: '0',
} as const;
