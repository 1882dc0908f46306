import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import pg from 'pg';
import { DEV_JWT_SECRET, signToken } from '@lumbung/platform';
import { formatTable, medianRound, percentile, ratioOf, type Comparison, type Measurement } from './bench-table.js';
import { rawRowAndOutboxTransactions, sampleRecord } from './raw-baselines.js';
import type { ReplicationServerReply } from './replication-bench-servers.js';

/**
 * `npm run bench` (after the registry's and nomination's tables) or `npm run bench:replication`:
 * replication cycles through both services, on the real PostgreSQL and Redis, beside two ceilings
 * measured in the same run, in a database and Redis key prefix of its own that are dropped at the end.
 *
 * One cycle is the shortest lifecycle a request can have (mandiri): file it (replication), the
 * origin accepts, one progress report, implemented, completed; then the completion travels outbox →
 * relay → registry inbox and the registry records the adopter's innovation. A round's cycles/s
 * counts from its start until the registry has recorded every cycle of it.
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const env = process.env;
const intOf = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);

const CONNECTIONS = intOf('BENCH_CONNECTIONS', 10);
const DURATION_S = intOf('BENCH_DURATION_S', 5);
const ROUNDS = intOf('BENCH_ROUNDS', 3);
const WARMUP_S = intOf('BENCH_WARMUP_S', 2);
const PG_ADMIN_URL = env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Writes of one cycle: five on the replication service, one on the registry; each a row (or update) + timeline/history + outbox row. */
const WRITES_PER_CYCLE = 6;
const HTTP_CALLS_PER_CYCLE = 5;

const unique = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const DB_NAME = `lumbung_bench_repl_${unique}`;
const PREFIX = `lbench_repl_${unique}`;
const log = (line: string) => console.error(`[bench:replication] ${line}`);
const KUDUS = '33.19';
const DEMAK = '33.21';

function databaseUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>, url = PG_ADMIN_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

class Server {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static start(which: 'registry' | 'replication' | 'bare', childEnv: Record<string, string | undefined>): Promise<Server> {
    // BENCH_PROFILE_DIR=/tmp/prof writes a V8 CPU profile of each server when it exits (open it in Chrome DevTools).
    const execArgv = env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${env.BENCH_PROFILE_DIR}`, `--cpu-prof-name=${which}.cpuprofile`] : [];
    const child = fork(join(HERE, 'replication-bench-servers.js'), [which], { env: childEnv, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      child.once('message', (reply: ReplicationServerReply) => {
        if (reply.type === 'ready') resolve(new Server(child, reply.url));
        else reject(new Error(`${which} did not start: ${reply.type === 'failed' ? reply.message : reply.type}`));
      });
      child.once('exit', (code) => reject(new Error(`${which} exited with code ${code} before it was ready`)));
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send({ type: 'close' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}

async function call(url: string, token: string, method: string, body?: unknown): Promise<any> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function deleteKeys(pattern: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

interface Cycler {
  /** Runs cycles from CONNECTIONS loops (one adopting agency each) for `durationS`, then waits until the registry recorded them all. */
  run(durationS: number): Promise<Measurement>;
}

function cycler(replicationUrl: string, db: pg.Client, originId: string, agencyIds: string[]): Cycler {
  const kudus = signToken(DEV_JWT_SECRET, { sub: 'bench-kudus', role: 'region-admin', region: KUDUS });
  const demak = signToken(DEV_JWT_SECRET, { sub: 'bench-demak', role: 'region-admin', region: DEMAK });
  const base = `${replicationUrl}/replication-requests`;
  let expected = 0;
  const recorded = async () =>
    (await db.query(`SELECT count(*)::int AS n FROM registry.innovation WHERE replication_request_id IS NOT NULL`)).rows[0].n as number;

  const steps: Record<string, number[]> = { request: [], accept: [], progress: [], implement: [], complete: [] };
  const timed = async <T>(step: string, op: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await op();
    steps[step].push(performance.now() - t);
    return result;
  };
  const cycle = async (agencyId: string): Promise<void> => {
    const request = await timed('request', () => call(base, demak, 'POST', {
      originInnovationId: originId,
      adopterRegionCode: DEMAK,
      adopterAgencyId: agencyId,
      model: 'mandiri',
      reason: 'Antrian perizinan masih panjang.',
      plan: 'Studi tiru, adaptasi formulir, uji coba.',
      contact: { name: 'Siti Rahayu', email: 'perizinan@demakkab.go.id' },
    }));
    try {
      await timed('accept', () => call(`${base}/${request.id}/accept`, kudus, 'POST', {}));
      await timed('progress', () => call(`${base}/${request.id}/progress`, demak, 'POST', { kind: 'trial', summary: 'Uji coba di dua kecamatan.' }));
      await timed('implement', () => call(`${base}/${request.id}/implement`, demak, 'POST', { implementedOn: '2024-09-02', adopterInnovationName: 'Jos Pakk Demak' }));
      await timed('complete', () => call(`${base}/${request.id}/complete`, demak, 'POST', { benefitEvaluation: 'Izin terbit 3 hari, sebelumnya 12.' }));
    } catch (err) {
      // Free the agency for its next cycle: one open request per (innovation, agency).
      await call(`${base}/${request.id}/withdraw`, demak, 'POST', { reason: 'bench' }).catch(() => undefined);
      throw err;
    }
  };

  return {
    async run(durationS) {
      const latencies: number[] = [];
      let errors = 0;
      let firstError: string | undefined;
      const started = performance.now();
      const deadline = started + durationS * 1000;
      await Promise.all(
        agencyIds.map(async (agencyId) => {
          while (performance.now() < deadline) {
            const t = performance.now();
            try {
              await cycle(agencyId);
              latencies.push(performance.now() - t);
            } catch (err) {
              errors++;
              firstError ??= (err as Error).message;
            }
          }
        }),
      );
      if (firstError) log(`${errors} cycles failed, the first with: ${firstError}`);
      const httpDone = performance.now();
      expected += latencies.length;
      await waitFor(async () => (await recorded()) >= expected, `the registry to record ${expected} replications`);
      const elapsed = performance.now() - started;
      const p50s = Object.entries(steps).map(([step, samples]) => `${step} ${percentile(samples.sort((a, b) => a - b), 50).toFixed(1)}`);
      log(`${latencies.length} cycles; HTTP p50 ms per step: ${p50s.join(', ')}; the registry recorded the last ${(elapsed - (httpDone - started)).toFixed(0)} ms after the last HTTP call`);
      for (const samples of Object.values(steps)) samples.length = 0;
      latencies.sort((a, b) => a - b);
      return { opsPerSec: latencies.length / (elapsed / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99), count: latencies.length, errors, totalMs: elapsed };
    },
  };
}

/** Divides a baseline's ops/s into cycles/s: `perCycle` of its operations make one cycle. */
function perCycle(m: Measurement, n: number): Measurement {
  return { ...m, opsPerSec: m.opsPerSec / n, p50: m.p50 === undefined ? undefined : m.p50 * n, p99: m.p99 === undefined ? undefined : m.p99 * n };
}

async function main(): Promise<void> {
  const url = databaseUrl(DB_NAME);
  await admin((c) => c.query(`CREATE DATABASE "${DB_NAME}"`));
  const servers: Server[] = [];
  let db: pg.Client | undefined;
  try {
    const [pgVersion, redisVersion] = await Promise.all([
      admin((c) => c.query('SHOW server_version')).then((r) => r.rows[0].server_version as string),
      (async () => {
        const r = new Redis(REDIS_URL);
        try {
          return /redis_version:(\S+)/.exec(await r.info('server'))?.[1] ?? '?';
        } finally {
          r.disconnect();
        }
      })(),
    ]);
    const childEnv = {
      ...env,
      NODE_ENV: 'development',
      DATABASE_URL: url,
      // At least 4: migrating holds one connection (the advisory lock) while the migrations take another.
      DATABASE_POOL_SIZE: String(Math.max(CONNECTIONS, 4)),
      REDIS_URL,
      QUEUE_PREFIX: PREFIX,
      LOG_LEVEL: 'warn',
      JWT_SECRET: DEV_JWT_SECRET,
    };
    log(`starting the registry, the replication service and a bare Nest app, each in a process of its own (database ${DB_NAME}, Redis prefix ${PREFIX})`);
    // The registry first: the replication service's migrations share nothing with it, but its inbox fills from the registry's relay.
    const registry = await Server.start('registry', childEnv);
    servers.push(registry);
    const replication = await Server.start('replication', childEnv);
    servers.push(replication);
    const bare = await Server.start('bare', childEnv);
    servers.push(bare);

    const kudusToken = signToken(DEV_JWT_SECRET, { sub: 'bench-kudus', role: 'region-admin', region: KUDUS });
    const demakToken = signToken(DEV_JWT_SECRET, { sub: 'bench-demak', role: 'region-admin', region: DEMAK });
    const kudusAgency = await call(`${registry.url}/agencies`, kudusToken, 'POST', { regionCode: KUDUS, name: 'DPMPTSP Kudus' });
    const origin = await call(`${registry.url}/innovations`, kudusToken, 'POST', { ...sampleRecord(), regionCode: KUDUS, agencyId: kudusAgency.id });
    const agencyIds: string[] = [];
    for (let i = 0; i < CONNECTIONS; i++) agencyIds.push((await call(`${registry.url}/agencies`, demakToken, 'POST', { regionCode: DEMAK, name: `Dinas ${i + 1} Demak` })).id);
    db = new pg.Client({ connectionString: url });
    await db.connect();
    const dbc = db;
    await waitFor(
      async () =>
        (await dbc.query(`SELECT (SELECT count(*) FROM replication.agency_view) + (SELECT count(*) FROM replication.innovation_view WHERE id = $1) AS n`, [origin.id])).rows[0].n >=
        CONNECTIONS + 2,
      'the replication service to learn the agencies and the origin from the registry',
    );

    const cycles = cycler(replication.url, db, origin.id, agencyIds);
    const rawWrites = async (d: number) => perCycle(await rawRowAndOutboxTransactions(url, CONNECTIONS, d * 1000), WRITES_PER_CYCLE);
    const bareHttp = async (d: number) => {
      const result = await autocannon({ url: `${bare.url}/constant`, connections: CONNECTIONS, duration: d });
      const m: Measurement = { opsPerSec: result['2xx'] / result.duration, p50: result.latency.p50, p99: result.latency.p99, count: result['2xx'], errors: result.non2xx + result.errors + result.timeouts };
      return perCycle(m, HTTP_CALLS_PER_CYCLE);
    };

    log(`warm-up: ${WARMUP_S} s of each`);
    await cycles.run(WARMUP_S);
    await rawWrites(WARMUP_S);
    await bareHttp(WARMUP_S);

    // The three take turns, ROUNDS times, the order rotating each round, so load from elsewhere on
    // the machine lands on all of them; each row of the table shows its round of median ratio.
    const pairsRaw: { subject: Measurement; baseline: Measurement }[] = [];
    const pairsBare: { subject: Measurement; baseline: Measurement }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      log(`round ${round + 1} of ${ROUNDS}: cycles, raw pg writes and bare HTTP for ${DURATION_S} s each`);
      const results: Partial<Record<'cycles' | 'raw' | 'bare', Measurement>> = {};
      const order = (['cycles', 'raw', 'bare'] as const).map((_, i, all) => all[(i + round) % all.length]);
      for (const which of order) {
        results[which] = which === 'cycles' ? await cycles.run(DURATION_S) : which === 'raw' ? await rawWrites(DURATION_S) : await bareHttp(DURATION_S);
      }
      pairsRaw.push({ subject: results.cycles!, baseline: results.raw! });
      pairsBare.push({ subject: results.cycles!, baseline: results.bare! });
    }
    const comparisons: Comparison[] = [
      { label: '(d) replication cycles/s through both services', ...medianRound(pairsRaw), baselineLabel: `raw pg: ${WRITES_PER_CYCLE} row+outbox tx per cycle` },
      { label: '(d) replication cycles/s through both services', ...medianRound(pairsBare), baselineLabel: `bare Nest+Fastify: ${HTTP_CALLS_PER_CYCLE} GETs per cycle` },
    ];

    console.log(
      [
        '',
        `Lumbung replication bench: ${cpus().length} cores, Node ${process.version}, PostgreSQL ${pgVersion}, Redis ${redisVersion}; ` +
          `${CONNECTIONS} adopting agencies cycling at once; ${ROUNDS} rotating rounds of ${DURATION_S} s after ${WARMUP_S} s of warm-up`,
        '',
        formatTable(comparisons),
        '',
        '(d) one cycle: POST a mandiri request, accept (origin), one progress report, implement, complete: five HTTP calls to the',
        '    replication service, each a transaction (request row, timeline row, outbox row); then the relay sends replication.completed',
        "    to the registry, whose handler records the adopter's innovation (inbox row, innovation, history, outbox row), and",
        '    innovation.registered comes back to the replication read model. cycles/s counts from the round start until the',
        '    registry recorded every cycle; p50/p99 are of the five HTTP calls of a cycle. The services run in separate processes.',
        `    Baselines, in cycles/s: raw pg runs ${WRITES_PER_CYCLE} bare "row + outbox row" transactions per cycle over a pool of the same`,
        `    size; bare HTTP answers ${HTTP_CALLS_PER_CYCLE} GETs of constant JSON per cycle (no guard, validation or database). Their p50/p99`,
        `    are those of one operation times the operations per cycle.`,
        'Ratios are the result; absolute numbers move with whatever else the machine runs.',
      ].join('\n'),
    );

    const resultsDir = join(process.cwd(), 'bench-results');
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `bench-replication-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        { at: new Date().toISOString(), cores: cpus().length, node: process.version, pgVersion, redisVersion, connections: CONNECTIONS, durationS: DURATION_S, rounds: ROUNDS, comparisons: comparisons.map((c) => ({ ...c, ratio: ratioOf(c) })) },
        null,
        2,
      ),
    );
    log(`results written to ${file}`);
  } finally {
    await db?.end().catch(() => undefined);
    for (const server of servers.reverse()) await server.close().catch((err: Error) => log(`closing a server: ${err.message}`));
    await deleteKeys(`${PREFIX}:*`).catch((err: Error) => log(`deleting the Redis keys of ${PREFIX}: ${err.message}`));
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`)).catch((err: Error) => log(`dropping ${DB_NAME}: ${err.message}`));
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`[bench:replication] failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
