import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import getPort from 'get-port';
import { Redis } from 'ioredis';

export const DEFAULT_LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

export interface ProvidedRedis {
  url: string;
  /** given: REDIS_URL; local: the one already answering on 6379; spawned: started here and stopped on exit. */
  origin: 'given' | 'local' | 'spawned';
  stop(): Promise<void>;
  /** Last resort when a clean stop ran out of time: kill what was spawned and remove its folder, now. */
  abandon(): void;
}

export class RedisUnavailableError extends Error {}

const nothingToStop = async () => undefined;
const nothingToAbandon = () => undefined;

/**
 * The Redis the services' queues live on: REDIS_URL when set; else the one on 127.0.0.1:6379 if it
 * answers; else a redis-server from PATH on a free port, without persistence and with its working
 * directory in a temporary folder, so it never leaves a dump.rdb in the work tree.
 */
export async function provideRedis(
  givenUrl: string | undefined,
  where: { localUrl?: string; path?: string; alwaysSpawn?: boolean } = {},
): Promise<ProvidedRedis> {
  const localUrl = where.localUrl ?? DEFAULT_LOCAL_REDIS_URL;
  if (givenUrl) return { url: givenUrl, origin: 'given', stop: nothingToStop, abandon: nothingToAbandon };
  if (!where.alwaysSpawn && (await answersPing(localUrl))) return { url: localUrl, origin: 'local', stop: nothingToStop, abandon: nothingToAbandon };
  const binary = findOnPath('redis-server', where.path);
  if (!binary) {
    throw new RedisUnavailableError(
      [
        'Lumbung needs Redis for its event queues, and none was found:',
        `  - REDIS_URL is not set, nothing answers PING on ${localUrl},`,
        '  - and there is no redis-server on PATH to start one.',
        'Install Redis (Debian/Ubuntu: sudo apt-get install -y --no-install-recommends redis-server;',
        'macOS: brew install redis) and run npm start again, or point REDIS_URL at a Redis of yours.',
      ].join('\n'),
    );
  }
  return spawnRedis(binary);
}

/** Starts redis-server from `binary` on a free loopback port; stop() ends it and removes its folder. */
export async function spawnRedis(binary: string): Promise<ProvidedRedis & { workDir: string }> {
  const port = await getPort({ host: '127.0.0.1' });
  const workDir = mkdtempSync(join(tmpdir(), 'lumbung-redis-'));
  const child = spawn(
    binary,
    // noeviction: BullMQ loses jobs silently when Redis evicts keys (the readiness check insists on it).
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', workDir, '--maxmemory-policy', 'noeviction'],
    // Its own process group: Ctrl+C signals the terminal's foreground group, and a Redis that died
    // with it would leave the services draining against a refused connection. The launcher stops
    // it itself, after everything that uses it.
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  // A detached child would otherwise keep this process's event loop alive after everything else closed.
  child.unref();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `redis://127.0.0.1:${port}`;
  const cleanup = () => rmSync(workDir, { recursive: true, force: true });
  try {
    await waitForPing(url, child);
  } catch (err) {
    child.kill('SIGKILL');
    cleanup();
    throw new RedisUnavailableError(`redis-server (${binary}) did not start on port ${port}: ${(err as Error).message}${stderr ? `\n${stderr}` : ''}`);
  }
  return {
    url,
    origin: 'spawned',
    workDir,
    async stop() {
      await stopChild(child);
      cleanup();
    },
    abandon() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      cleanup();
    },
  };
}

async function waitForPing(url: string, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`);
    if (await answersPing(url)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no PONG within ${timeoutMs} ms`);
}

export async function answersPing(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export function findOnPath(command: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}
