import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import pg from 'pg';
import { request, type Dispatcher } from 'undici';
import { percentile, ratioOf, type Comparison, type Measurement } from './bench-table.js';
import { BENCH_SERVICE_ENV } from './bench-env.js';
import type { ServiceServer, ServiceServerReady } from './service-servers.js';
import { startCpuMeter } from './proc-cpu.js';

/**
 * What the bench runners (bench.ts, nomination-bench.ts, replication-bench.ts) and the processes
 * hosting their servers have in common, so that every runner reads the same settings, cleans up the
 * same way and can be compared with the others. What each one measures, and what its table says
 * about it, stays in the runner.
 */

const HERE = dirname(fileURLToPath(import.meta.url));

/** An empty variable counts as unset, so `BENCH_ROUNDS= npm run bench` runs the default, not zero rounds. */
export const intOf = (name: string, fallback: number): number => (process.env[name] ? Number(process.env[name]) : fallback);

// One set of knobs for every runner: `BENCH_DURATION_S=2 npm run bench` shortens all of them alike.
export const CONNECTIONS = intOf('BENCH_CONNECTIONS', 10);
export const DURATION_S = intOf('BENCH_DURATION_S', 5);
// Five, not three: on the 2-core bench machine single 5 s rounds of the same GET ranged from 20% to
// 38% of the baseline, and the median of three still moved by several points from run to run.
export const ROUNDS = intOf('BENCH_ROUNDS', 5);
export const WARMUP_S = intOf('BENCH_WARMUP_S', 2);
export const PG_ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Progress goes to stderr, so stdout carries nothing but the tables and can be redirected to a file. */
export const benchLog =
  (tag: string) =>
  (line: string): void =>
    console.error(`[${tag}] ${line}`);

/**
 * Runs a bench and exits with its outcome: servers, pools or BullMQ connections left open by a
 * failure would otherwise keep the process, and `npm run bench`'s next runner, waiting forever.
 */
export function runBench(tag: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: Error) => {
      console.error(`[${tag}] failed: ${err.stack ?? err.message}`);
      process.exit(1);
    },
  );
}

export async function withPg<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** SCAN, not KEYS: the Redis may be shared, and KEYS would block everyone else's commands while it walks the keyspace. */
async function* scanKeys(redis: Redis, pattern: string): AsyncGenerator<string[]> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length) yield keys;
  } while (cursor !== '0');
}

export async function deleteKeys(pattern: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    for await (const keys of scanKeys(redis, pattern)) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

export interface ServerVersions {
  pgVersion: string;
  redisVersion: string;
}

/** Printed and saved beside the numbers: a result means little without the versions it was measured on. */
export async function serverVersions(): Promise<ServerVersions> {
  const [pgVersion, redisVersion] = await Promise.all([
    withPg(PG_ADMIN_URL, (c) => c.query('SHOW server_version')).then((r) => r.rows[0].server_version as string),
    (async () => {
      const r = new Redis(REDIS_URL);
      try {
        return /redis_version:(\S+)/.exec(await r.info('server'))?.[1] ?? '?';
      } finally {
        r.disconnect();
      }
    })(),
  ]);
  return { pgVersion, redisVersion };
}

/** The machine line of a table's heading; `versions` is left out by benches that do not report them. */
export const machineLine = (versions?: ServerVersions): string =>
  `${cpus().length} cores, Node ${process.version}` + (versions ? `, PostgreSQL ${versions.pgVersion}, Redis ${versions.redisVersion}` : '');

/**
 * A database and a Redis key prefix of the run's own, so a bench can run beside the tests, another
 * bench or a developer's data without touching them, and always starts from empty tables and queues.
 * `drop()` belongs in a `finally`, after the services using them are closed.
 */
/** Polls, 50 ms apart, with no job running or taken before the queues count as settled. */
const QUIET_POLLS = 6;

export class BenchScratch {
  private constructor(
    readonly dbName: string,
    readonly prefix: string,
  ) {}

  /** `kind` tells the runners' leftovers apart should a run be killed before its `drop()`. */
  static async create(kind?: string): Promise<BenchScratch> {
    const unique = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const infix = kind ? `${kind}_` : '';
    const scratch = new BenchScratch(`lumbung_bench_${infix}${unique}`, `lbench_${infix}${unique}`);
    await withPg(PG_ADMIN_URL, (c) => c.query(`CREATE DATABASE "${scratch.dbName}"`));
    return scratch;
  }

  get databaseUrl(): string {
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${this.dbName}`;
    return url.toString();
  }

  /** The environment of a service under test: this run's database and prefix, deployed as in production, then `extra`. */
  serviceEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
    return { ...process.env, DATABASE_URL: this.databaseUrl, REDIS_URL, QUEUE_PREFIX: this.prefix, ...BENCH_SERVICE_ENV, ...extra };
  }

  /**
   * Waits until what earlier phases set off is done: no unsent event in any service's outbox and no
   * job waiting or running in this run's queues. A phase that starts while consumers still work
   * through the previous phase's events shares the cores with them, and so does a raw baseline: the
   * replication bench's raw transactions ran at half their rate right after the steps' phase.
   */
  async settled({ timeoutMs = 600_000 } = {}): Promise<void> {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      await withPg(this.databaseUrl, async (db) => {
        // bench_raw's outbox is the baseline's and nothing ever sends it.
        const schemas = (await db.query(`SELECT table_schema FROM information_schema.tables WHERE table_name = 'outbox' AND table_schema <> 'bench_raw'`)).rows.map((r) => r.table_schema as string);
        const unsent = schemas.map((s) => `(SELECT count(*) FROM (SELECT 1 FROM "${s}".outbox WHERE sent_at IS NULL LIMIT 1) o)`).join(' + ') || '0';
        // A queue no service of this bench consumes (another service's inbox) keeps its jobs: the
        // queues count as done when nothing is running and nothing has been taken for a while.
        const queueKeys: string[] = [];
        for await (const keys of scanKeys(redis, `${this.prefix}:*:meta`)) queueKeys.push(...keys.map((key) => key.slice(0, -':meta'.length)));
        const queues = async () => {
          let waiting = 0;
          let active = 0;
          for (const q of queueKeys) {
            const [[, a], [, w], [, p], [, z]] = (await redis.multi().llen(`${q}:active`).llen(`${q}:wait`).llen(`${q}:paused`).zcard(`${q}:prioritized`).exec()) as [unknown, number][];
            active += a;
            waiting += w + p + z;
          }
          return { waiting, active };
        };
        let lastWaiting = -1;
        let unchanged = 0;
        await waitFor(
          async () => {
            if (Number((await db.query(`SELECT ${unsent} AS n`)).rows[0].n) !== 0) return false;
            const { waiting, active } = await queues();
            unchanged = active === 0 && waiting === lastWaiting ? unchanged + 1 : 0;
            lastWaiting = waiting;
            return unchanged >= QUIET_POLLS;
          },
          'the events of the earlier phases to be sent and consumed',
          { timeoutMs, pollMs: 50 },
        );
      });
    } finally {
      redis.disconnect();
    }
  }

  /** Logs rather than throws: a failed clean-up must not hide the bench's own error or result. */
  async drop(log: (line: string) => void): Promise<void> {
    await deleteKeys(`${this.prefix}:*`).catch((err: Error) => log(`deleting the Redis keys of ${this.prefix}: ${err.message}`));
    // FORCE: a connection a failed run left behind would otherwise keep the database alive.
    await withPg(PG_ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS "${this.dbName}" WITH (FORCE)`)).catch((err: Error) => log(`dropping ${this.dbName}: ${err.message}`));
  }
}

/**
 * Saves a run under bench-results/ for comparison with later runs; the file name sorts by time.
 * Returns the file's path.
 */
export function writeResults(stem: string, fields: Record<string, unknown>, comparisons: Comparison[]): string {
  const dir = join(process.cwd(), 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${stem}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const run = { at: new Date().toISOString(), cores: cpus().length, node: process.version, ...fields, comparisons: comparisons.map((c) => ({ ...c, ratio: ratioOf(c) })) };
  writeFileSync(file, JSON.stringify(run, null, 2));
  return file;
}

/** Only 2xx answers count as done; anything else is an error, so a failing endpoint cannot look fast. */
/** A timed call of a write bench: its latency is kept when it succeeds; a failure is counted and answers false. */
export type Timed = (op: () => Promise<unknown>) => Promise<boolean>;

/**
 * One phase of a write bench: `lanes` callers at once, each timing its own calls; the phase's ops/s
 * is its successful calls over the phase's own time. Failures are counted and the first one logged.
 */
export async function timedPhase(
  lanes: number,
  label: string,
  log: (message: string) => void,
  work: (lane: number, timed: Timed) => Promise<void>,
  servicePids: number[] = [],
): Promise<Measurement> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const timed: Timed = async (op) => {
    const t = performance.now();
    try {
      await op();
      latencies.push(performance.now() - t);
      return true;
    } catch (err) {
      errors++;
      firstError ??= (err as Error).message;
      return false;
    }
  };
  const cpuOf = startCpuMeter(servicePids);
  const started = performance.now();
  await Promise.all(Array.from({ length: lanes }, (_, lane) => work(lane, timed)));
  const elapsed = performance.now() - started;
  const cpu = cpuOf(latencies.length);
  if (firstError) log(`${errors} calls of ${label} failed, the first with: ${firstError}`);
  latencies.sort((a, b) => a - b);
  return { opsPerSec: latencies.length / (elapsed / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99), count: latencies.length, errors, totalMs: elapsed, cpu };
}

/**
 * Grows a corpus loaded by SQL to `size` rows, `batch` rows a statement, from the `loaded` there
 * already are (the benches measure at growing sizes), then VACUUM ANALYZEs `tables` so the
 * planner sees the new size. Returns the rows now loaded.
 */
export async function loadUpTo(
  query: (sql: string, params?: unknown[]) => Promise<unknown>,
  load: (query: (sql: string, params?: unknown[]) => Promise<unknown>, count: number, from: number) => Promise<void>,
  { loaded, size, batch, tables, log }: { loaded: number; size: number; batch: number; tables: string; log: (message: string) => void },
): Promise<number> {
  log(`loading innovations up to ${size}`);
  const started = Date.now();
  while (loaded < size) {
    const count = Math.min(batch, size - loaded);
    await load(query, count, loaded);
    loaded += count;
  }
  await query(`VACUUM ANALYZE ${tables}`);
  log(`loaded ${size} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return loaded;
}

export async function load(options: autocannon.Options): Promise<Measurement> {
  const result = await autocannon({ connections: CONNECTIONS, ...options });
  const ok = result['2xx'];
  return {
    opsPerSec: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    count: ok,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

/**
 * One JSON request as a client makes it; a non-2xx answer throws with its body, so setup fails
 * loudly instead of measuring against missing data. `allowEmptyBody` for endpoints that answer 204.
 * Through undici's request rather than fetch: the callers share the two cores with the service they
 * measure, and fetch's web streams made them cost about as much CPU per call as PostgreSQL's share.
 */
export async function call(url: string, token: string, method: string, body?: unknown, { allowEmptyBody = false } = {}): Promise<any> {
  const res = await request(url, {
    method: method as Dispatcher.HttpMethod,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode < 200 || res.statusCode > 299) throw new Error(`${method} ${url} answered ${res.statusCode}: ${text.slice(0, 300)}`);
  return allowEmptyBody && !text ? undefined : JSON.parse(text);
}

/**
 * Polls until `condition` holds. When the wait is part of what is measured, a short `pollMs` keeps
 * the polling from adding to the result; a generous `timeoutMs` lets a slow machine finish rather
 * than fail.
 */
export async function waitFor(condition: () => Promise<boolean>, what: string, { timeoutMs = 120_000, pollMs = 100 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Messages between a runner and the process hosting its servers; every command is answered with `done` or `failed`. */
export type ChildReply<Ready extends object> = ({ type: 'ready' } & Ready) | { type: 'done'; of: string } | { type: 'failed'; message: string };
export type CloseCommand = { type: 'close' };

/**
 * The runner's handle on servers hosted in a child process, so the load generator does not share
 * their event loop and its CPU time does not count against them.
 */
export class ChildServers<Ready extends object, Command extends { type: string } = CloseCommand> {
  private constructor(
    private readonly child: ChildProcess,
    readonly ready: Ready,
  ) {}

  /**
   * `name` labels the errors: a runner that starts several children has to say which one failed.
   * BENCH_PROFILE_DIR=/tmp/prof writes a V8 CPU profile of the child, named after it, when it exits
   * (open it in Chrome DevTools).
   */
  static start<Ready extends object, Command extends { type: string } = CloseCommand>(
    script: string,
    name: string,
    childEnv: Record<string, string | undefined>,
    { args = [] as string[] } = {},
  ): Promise<ChildServers<Ready, Command>> {
    const dir = process.env.BENCH_PROFILE_DIR;
    const execArgv = dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name.replace(/\W+/g, '-')}.cpuprofile`] : [];
    const child = fork(join(HERE, script), args, { env: childEnv, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      child.once('message', (reply: ChildReply<Ready>) => {
        if (reply.type === 'ready') {
          const { type: _, ...ready } = reply;
          resolve(new ChildServers(child, ready as unknown as Ready));
        } else reject(new Error(`${name} did not start: ${reply.type === 'failed' ? reply.message : reply.type}`));
      });
      child.once('exit', (code) => reject(new Error(`${name} exited with code ${code} before being ready`)));
    });
  }

  /** For reading its CPU time from /proc. */
  get pid(): number {
    return this.child.pid!;
  }

  command(command: Command | CloseCommand): Promise<void> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (reply: ChildReply<Ready>) => (reply.type === 'done' ? resolve() : reject(new Error(reply.type === 'failed' ? reply.message : reply.type))));
      this.child.send(command);
    });
  }

  /**
   * Asks the servers to close (so a profile or the relay's last batch is written), and kills them
   * when they fail to or hang: the runner still has its scratch database to drop.
   */
  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await this.command({ type: 'close' }).catch(() => this.child.kill('SIGKILL'));
    await exited;
    clearTimeout(timer);
  }
}

/** One service (or the bare app) in a process of its own (service-servers.ts). */
export function startServiceServer(which: ServiceServer, childEnv: Record<string, string | undefined>): Promise<ChildServers<ServiceServerReady>> {
  return ChildServers.start<ServiceServerReady>('service-servers.js', which, childEnv, { args: [which] });
}

/**
 * The child's side of ChildServers: reports ready (or why not), runs the runner's commands, and on
 * `close` closes the servers and lets go of the IPC channel, so the process exits by itself once
 * nothing is left open rather than being killed mid-write.
 */
export async function serveRunner<Ready extends object, Command extends { type: string } = CloseCommand>(
  start: () => Promise<{ ready: Ready; close: () => Promise<void>; handle?: (command: Command) => Promise<string> }>,
): Promise<void> {
  const send = (reply: ChildReply<Ready>) => process.send!(reply);
  try {
    const served = await start();
    send({ type: 'ready', ...served.ready });
    process.on('message', (command: Command | CloseCommand) => {
      const run = async () => {
        if (command.type === 'close') {
          await served.close();
          send({ type: 'done', of: 'close' });
          process.disconnect();
        } else {
          if (!served.handle) throw new Error(`unknown command "${command.type}"`);
          send({ type: 'done', of: await served.handle(command as Command) });
        }
      };
      run().catch((err: Error) => send({ type: 'failed', message: err.stack ?? err.message }));
    });
  } catch (err) {
    send({ type: 'failed', message: (err as Error).stack ?? String(err) });
    process.exitCode = 1;
    process.disconnect();
  }
}

/** Listens on a free port of the loopback only: runs must not collide on a port, nor open the machine to the network. */
export async function listenLocal(app: NestFastifyApplication): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
}
