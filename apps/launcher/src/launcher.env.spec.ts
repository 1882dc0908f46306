import { join } from 'node:path';
import { InvalidLauncherEnvironmentError, portOf, projectRoot, readLauncherSettings } from './launcher.env.js';

describe('launcher settings', () => {
  it('defaults to the embedded database under .data/pglite of the project, on loopback, with quiet logs and small pools', () => {
    const settings = readLauncherSettings({});
    expect(settings.databaseUrl).toBeUndefined();
    expect(settings.redisUrl).toBeUndefined();
    expect(settings.dataDir).toBe(join(projectRoot(), '.data', 'pglite'));
    expect(settings.host).toBe('127.0.0.1');
    expect(settings.pgliteMaxConnections).toBe(50);
    expect(settings.serviceEnv).toMatchObject({ LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '5', DATABASE_PREPARED_STATEMENTS: 'false' });
  });

  it('takes DATABASE_URL and REDIS_URL as given and leaves the pool size to the services then', () => {
    const settings = readLauncherSettings({ DATABASE_URL: 'postgres://db/lumbung', REDIS_URL: 'redis://cache:6379', LOG_LEVEL: 'info' });
    expect(settings).toMatchObject({ databaseUrl: 'postgres://db/lumbung', redisUrl: 'redis://cache:6379' });
    expect(settings.serviceEnv.DATABASE_POOL_SIZE).toBeUndefined();
    expect(settings.serviceEnv.DATABASE_PREPARED_STATEMENTS).toBeUndefined();
    expect(settings.serviceEnv.LOG_LEVEL).toBe('info');
  });

  it('passes the services their own variables unchanged', () => {
    const settings = readLauncherSettings({ QUEUE_PREFIX: 'mine', EVENT_SUBSCRIBERS: 'analytics:innovation.*' });
    expect(settings.serviceEnv).toMatchObject({ QUEUE_PREFIX: 'mine', EVENT_SUBSCRIBERS: 'analytics:innovation.*' });
  });

  it('resolves LUMBUNG_DATA_DIR', () => {
    expect(readLauncherSettings({ LUMBUNG_DATA_DIR: '/tmp/x/../pg' }).dataDir).toBe('/tmp/pg');
  });

  it('refuses bad values, one line for each', () => {
    const attempt = () => readLauncherSettings({ DATABASE_URL: 'mysql://x', REDIS_URL: 'http://x', LUMBUNG_PGLITE_MAX_CONNECTIONS: 'many' });
    expect(attempt).toThrow(InvalidLauncherEnvironmentError);
    expect(attempt).toThrow(/DATABASE_URL[\s\S]*REDIS_URL[\s\S]*LUMBUNG_PGLITE_MAX_CONNECTIONS/);
  });

  it('reads a service port from its variable, 0 meaning any free port', () => {
    expect(portOf({}, 'REGISTRY_PORT', 3001)).toBe(3001);
    expect(portOf({ REGISTRY_PORT: '0' }, 'REGISTRY_PORT', 3001)).toBe(0);
    expect(() => portOf({ REGISTRY_PORT: '70000' }, 'REGISTRY_PORT', 3001)).toThrow(/REGISTRY_PORT must be an integer from 0 to 65535/);
  });

  it('puts the front door on 3000 unless FRONT_DOOR_PORT says otherwise (0: a free port, off: none)', () => {
    expect(readLauncherSettings({}).frontDoorPort).toBe(3000);
    expect(readLauncherSettings({ FRONT_DOOR_PORT: '0' }).frontDoorPort).toBe(0);
    expect(readLauncherSettings({ FRONT_DOOR_PORT: 'off' }).frontDoorPort).toBeUndefined();
    expect(() => readLauncherSettings({ FRONT_DOOR_PORT: 'door' })).toThrow(/FRONT_DOOR_PORT must be an integer from 0 to 65535/);
  });

  it('leaves the services on the TCP peer for the rate limit: every one of them also answers directly', () => {
    expect(readLauncherSettings({}).serviceEnv.TRUSTED_PROXY_HOPS).toBeUndefined();
  });
});
