import { DEV_JWT_SECRET, ServiceEnv, validateEnv } from './service-env.js';

const base = { PORT: '3001', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/lumbung', REDIS_URL: 'redis://127.0.0.1:6379' };

describe('service environment', () => {
  it('fills defaults and converts types', () => {
    const env = validateEnv(ServiceEnv, { ...base, RUN_MIGRATIONS: 'false' });
    expect(env).toMatchObject({ PORT: 3001, RUN_MIGRATIONS: false, QUEUE_PREFIX: 'lumbung', JWT_SECRET: DEV_JWT_SECRET, NODE_ENV: 'development' });
  });

  it('refuses to start naming every bad variable', () => {
    expect(() => validateEnv(ServiceEnv, { PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: '' })).toThrow(
      /PORT[\s\S]*DATABASE_URL must be a postgres:\/\/ URL[\s\S]*REDIS_URL must be a redis:\/\/ URL/,
    );
  });

  it('refuses the development JWT secret, or a short one, in production', () => {
    expect(() => validateEnv(ServiceEnv, { ...base, NODE_ENV: 'production' })).toThrow(/JWT_SECRET is the development default/);
    expect(() => validateEnv(ServiceEnv, { ...base, NODE_ENV: 'production', JWT_SECRET: 'only-twenty-chars-xx' })).toThrow(/at least 32 characters/);
    expect(validateEnv(ServiceEnv, { ...base, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).NODE_ENV).toBe('production');
  });
});
