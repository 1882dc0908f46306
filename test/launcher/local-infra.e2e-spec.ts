import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import getPort from 'get-port';
import { DataDirInUseError, startEmbeddedPostgres } from '../../apps/launcher/src/embedded-postgres.server.js';
import { answersPing, findOnPath, provideRedis, RedisUnavailableError } from '../../apps/launcher/src/local-redis.provider.js';

/** The launcher's choices when nothing is configured, against real redis-server processes. */
describe('the Redis the launcher provides', () => {
  let nobodyHome: string;
  beforeAll(async () => {
    // A free port nothing listens on stands in for "no Redis on 6379".
    nobodyHome = `redis://127.0.0.1:${await getPort({ host: '127.0.0.1' })}`;
  });

  it('uses REDIS_URL as given, without probing or starting anything', async () => {
    const redis = await provideRedis('redis://redis.example:6379', { localUrl: nobodyHome, path: '' });
    expect(redis).toMatchObject({ url: 'redis://redis.example:6379', origin: 'given' });
  });

  it('uses the Redis that answers on the default address', async () => {
    const redis = await provideRedis(undefined, { localUrl: 'redis://127.0.0.1:6379' });
    expect(redis).toMatchObject({ url: 'redis://127.0.0.1:6379', origin: 'local' });
  });

  it('starts redis-server from PATH when none answers, leaves no files behind, and stops it', async () => {
    const cwdBefore = readdirSync(process.cwd());
    const redis = await provideRedis(undefined, { localUrl: nobodyHome });
    try {
      expect(redis.origin).toBe('spawned');
      expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(await answersPing(redis.url)).toBe(true);
    } finally {
      await redis.stop();
    }
    expect(await answersPing(redis.url)).toBe(false);
    expect(readdirSync(process.cwd())).toEqual(cwdBefore);
  });

  it('says how to install Redis when none answers and redis-server is not on PATH', async () => {
    const attempt = provideRedis(undefined, { localUrl: nobodyHome, path: mkdtempSync(join(tmpdir(), 'empty-path-')) });
    await expect(attempt).rejects.toThrow(RedisUnavailableError);
    await expect(attempt).rejects.toThrow(/apt-get install -y --no-install-recommends redis-server[\s\S]*REDIS_URL/);
  });

  it('finds executables on PATH only', () => {
    expect(findOnPath('redis-server')).toMatch(/redis-server$/);
    expect(findOnPath('redis-server', '')).toBeUndefined();
  });
});

describe('the embedded database directory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lumbung-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second launcher while the first is alive, naming the way out', async () => {
    const holder = spawn('sleep', ['30']);
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'pglite.lock'), String(holder.pid));
      const attempt = startEmbeddedPostgres({ dataDir: join(dir, 'pglite'), maxConnections: 5 });
      await expect(attempt).rejects.toThrow(DataDirInUseError);
      await expect(attempt).rejects.toThrow(/LUMBUNG_DATA_DIR/);
      // Refused before PGlite touched it.
      expect(existsSync(join(dir, 'pglite'))).toBe(false);
    } finally {
      holder.kill();
    }
  });
});

describe('npm start before it builds anything', () => {
  const preflight = 'apps/launcher/redis.preflight.mjs';
  const run = (env: Record<string, string>) => spawnSync(process.execPath, [preflight], { env, encoding: 'utf8' });

  it('runs the Redis check first, then the build, then the launcher', () => {
    const start: string = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start;
    const steps = start.split('&&').map((s) => s.trim());
    expect(steps[0]).toBe(`node ${preflight}`);
    expect(steps[1]).toBe('npm run -s build');
  });

  it('refuses at once, saying how to install Redis, when there is none to use', () => {
    const empty = mkdtempSync(join(tmpdir(), 'empty-path-'));
    const result = run({ PATH: empty, LUMBUNG_SPAWN_REDIS: '1' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/needs Redis[\s\S]*apt-get install -y --no-install-recommends redis-server[\s\S]*REDIS_URL/);
  });

  it('passes with REDIS_URL, with redis-server on PATH, or with a Redis answering on 6379', () => {
    const empty = mkdtempSync(join(tmpdir(), 'empty-path-'));
    expect(run({ PATH: empty, LUMBUNG_SPAWN_REDIS: '1', REDIS_URL: 'redis://redis.example:6379' }).status).toBe(0);
    expect(run({ PATH: process.env.PATH ?? '', LUMBUNG_SPAWN_REDIS: '1' }).status).toBe(0);
    // The test machine's Redis answers on 6379 (the harness uses it).
    expect(run({ PATH: empty }).status).toBe(0);
  });
});
