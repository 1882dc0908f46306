import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import getPort from 'get-port';
import { Redis } from 'ioredis';

/**
 * A redis-server of the test's own, on a free port, with AOF everysec as production runs it, so a
 * restart keeps the queues (up to the last second). For faults that stop Redis or change its
 * configuration; the shared Redis is never touched.
 */
export interface OwnRedis {
  port: number;
  url: string;
  /** SIGTERM: Redis flushes its AOF and exits, as on a planned restart. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** CONFIG SET on the running server (e.g. maxmemory-policy). */
  configSet(name: string, value: string): Promise<void>;
  destroy(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'lumbung-redis-'));
  const port = await getPort();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const url = `redis://127.0.0.1:${port}`;

  const waitForPing = async () => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        /* not up yet */
      } finally {
        probe.disconnect();
      }
      if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not answer within 20 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const redis: OwnRedis = {
    port,
    url,
    async start() {
      if (child) return;
      const proc = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--maxmemory-policy', 'noeviction'],
        { stdio: 'ignore' },
      );
      child = proc;
      exited = new Promise((resolve) => proc.once('exit', () => resolve()));
      proc.once('exit', () => {
        if (child === proc) child = undefined;
      });
      await waitForPing();
    },
    async stop() {
      if (!child) return;
      child.kill('SIGTERM');
      await exited;
    },
    async configSet(name, value) {
      const c = new Redis(url, { maxRetriesPerRequest: 1 });
      try {
        await c.config('SET', name, value);
      } finally {
        c.disconnect();
      }
    },
    async destroy() {
      if (child) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await redis.start();
  } catch (err) {
    await redis.destroy();
    throw err;
  }
  return redis;
}
