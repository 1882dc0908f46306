import { corsOrigins, DEV_BOARD_SESSION_SECRET, ServiceEnv, validateEnv } from './service-env.js';

const base = { PORT: '3001', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/lumbung', REDIS_URL: 'redis://127.0.0.1:6379' };

describe('service environment', () => {
  it('fills defaults and converts types', () => {
    const env = validateEnv(ServiceEnv, { ...base, RUN_MIGRATIONS: 'false' });
    expect(env).toMatchObject({ PORT: 3001, RUN_MIGRATIONS: false, QUEUE_PREFIX: 'lumbung', BOARD_SESSION_SECRET: DEV_BOARD_SESSION_SECRET, NODE_ENV: 'development' });
  });

  it('refuses to start naming every bad variable', () => {
    expect(() => validateEnv(ServiceEnv, { PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: '' })).toThrow(
      /PORT[\s\S]*DATABASE_URL must be a postgres:\/\/ URL[\s\S]*REDIS_URL must be a redis:\/\/ URL/,
    );
  });

  it('refuses in production a service with no JWKS to verify tokens against', () => {
    expect(() => validateEnv(ServiceEnv, { ...base, NODE_ENV: 'production', BOARD_SESSION_SECRET: 'x'.repeat(40) })).toThrow(/ACCOUNTS_JWKS_URL is required in production/);
  });

  it('refuses the development board session secret, or a short one, in production', () => {
    expect(() => validateEnv(ServiceEnv, { ...base, NODE_ENV: 'production' })).toThrow(/BOARD_SESSION_SECRET is the development default/);
    expect(() => validateEnv(ServiceEnv, { ...base, NODE_ENV: 'production', BOARD_SESSION_SECRET: 'only-twenty-chars-xx' })).toThrow(/at least 32 characters/);
    expect(validateEnv(ServiceEnv, { ...base, NODE_ENV: 'production', BOARD_SESSION_SECRET: 'x'.repeat(40), ACCOUNTS_JWKS_URL: 'http://registry:3001/.well-known/jwks.json' }).NODE_ENV).toBe('production');
  });

  it('runs everything by default; ROLE=http turns the relay and the workers off; ROLE=worker keeps them', () => {
    expect(validateEnv(ServiceEnv, base)).toMatchObject({ ROLE: 'all', RELAY_ENABLED: true, WORKER_ENABLED: true });
    expect(validateEnv(ServiceEnv, { ...base, ROLE: 'http' })).toMatchObject({ RELAY_ENABLED: false, WORKER_ENABLED: false });
    expect(validateEnv(ServiceEnv, { ...base, ROLE: 'worker' })).toMatchObject({ RELAY_ENABLED: true, WORKER_ENABLED: true });
    expect(() => validateEnv(ServiceEnv, { ...base, ROLE: 'both' })).toThrow(/ROLE must be one of/);
  });
});

describe('service environment: rate limits and CORS', () => {
  it('limits writes by default, and 0 turns a limit off', () => {
    expect(validateEnv(ServiceEnv, base)).toMatchObject({ RATE_LIMIT_PER_TOKEN: 120, RATE_LIMIT_PER_ADDRESS: 600, RATE_LIMIT_WINDOW_SECONDS: 60, CORS_ORIGINS: '' });
    expect(validateEnv(ServiceEnv, { ...base, RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_ADDRESS: '0' })).toMatchObject({ RATE_LIMIT_PER_TOKEN: 0, RATE_LIMIT_PER_ADDRESS: 0 });
    expect(() => validateEnv(ServiceEnv, { ...base, RATE_LIMIT_PER_TOKEN: '-1' })).toThrow(/RATE_LIMIT_PER_TOKEN/);
    expect(() => validateEnv(ServiceEnv, { ...base, RATE_LIMIT_WINDOW_SECONDS: '0' })).toThrow(/RATE_LIMIT_WINDOW_SECONDS/);
  });

  it('reads CORS origins as a list and refuses wildcards, paths and non-origins', () => {
    const env = validateEnv(ServiceEnv, { ...base, CORS_ORIGINS: 'https://lumbung.jatengprov.go.id, http://localhost:5173' });
    expect(corsOrigins(env)).toEqual(['https://lumbung.jatengprov.go.id', 'http://localhost:5173']);
    expect(corsOrigins(validateEnv(ServiceEnv, base))).toEqual([]);
    for (const bad of ['*', 'https://*.go.id', 'https://a.go.id/app', 'lumbung.go.id', 'https://a.go.id/']) {
      expect(() => validateEnv(ServiceEnv, { ...base, CORS_ORIGINS: bad })).toThrow(/CORS_ORIGINS/);
    }
  });
});
