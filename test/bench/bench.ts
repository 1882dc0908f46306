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
import { formatTable, medianRound, ratioOf, type Comparison, type Measurement } from './bench-table.js';
import type { ServerCommand, ServerReply } from './bench-servers.js';
import { drainWorker, rawAddBulkAndDrain, rawRowAndOutboxTransactions, sampleRecord } from './raw-baselines.js';

/**
 * `npm run bench`: the registry against baselines measured in the same run, on the real
 * PostgreSQL and Redis, in a database and a Redis key prefix of its own that are dropped at the
 * end. Ratios are the result; absolute numbers depend on whatever else the machine is doing.
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const env = process.env;
const intOf = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);

const CONNECTIONS = intOf('BENCH_CONNECTIONS', 10);
const DURATION_S = intOf('BENCH_DURATION_S', 5);
const ROUNDS = intOf('BENCH_ROUNDS', 3);
const WARMUP_S = intOf('BENCH_WARMUP_S', 2);
const EVENTS = intOf('BENCH_EVENTS', 2000);
const SUBSCRIBER_CONCURRENCY = intOf('BENCH_SUBSCRIBER_CONCURRENCY', 8);
const RELAY_BATCH_SIZE = 200;
const PG_ADMIN_URL = env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

const unique = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const DB_NAME = `lumbung_bench_${unique}`;
const PREFIX = `lbench_${unique}`;
const log = (line: string) => console.error(`[bench] ${line}`);

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

class Servers {
  private constructor(
    private readonly child: ChildProcess,
    readonly registryUrl: string,
    readonly bareUrl: string,
  ) {}

  static start(childEnv: Record<string, string | undefined>): Promise<Servers> {
    const child = fork(join(HERE, 'bench-servers.js'), { env: childEnv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      child.once('message', (reply: ServerReply) => {
        if (reply.type === 'ready') resolve(new Servers(child, reply.registryUrl, reply.bareUrl));
        else reject(new Error(`the servers did not start: ${reply.type === 'failed' ? reply.message : reply.type}`));
      });
      child.once('exit', (code) => reject(new Error(`the servers exited with code ${code} before they were ready`)));
    });
  }

  command(command: ServerCommand): Promise<void> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (reply: ServerReply) => (reply.type === 'done' ? resolve() : reject(new Error(reply.type === 'failed' ? reply.message : reply.type))));
      this.child.send(command);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    await this.command({ type: 'close' }).catch(() => this.child.kill('SIGKILL'));
    await exited;
  }
}

async function load(options: autocannon.Options): Promise<Measurement> {
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

async function call(url: string, token: string, method: string, body?: unknown): Promise<any> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function deleteKeys(pattern = `${PREFIX}:*`): Promise<void> {
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

async function main(): Promise<void> {
  const url = databaseUrl(DB_NAME);
  await admin((c) => c.query(`CREATE DATABASE "${DB_NAME}"`));
  let servers: Servers | undefined;
  try {
    const [pgVersion, redisInfo] = await Promise.all([
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

    log(`starting the registry and a bare Nest app in a child process (database ${DB_NAME}, Redis prefix ${PREFIX})`);
    servers = await Servers.start({
      ...env,
      NODE_ENV: 'development',
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: String(CONNECTIONS),
      REDIS_URL,
      QUEUE_PREFIX: PREFIX,
      // One log line per request would measure the terminal, not the service.
      LOG_LEVEL: 'warn',
      EVENT_SUBSCRIBERS: 'bench:innovation.*',
      RELAY_BATCH_SIZE: String(RELAY_BATCH_SIZE),
      JWT_SECRET: DEV_JWT_SECRET,
    });
    const token = signToken(DEV_JWT_SECRET, { sub: 'bench', role: 'province-admin', province: '33' });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const agency = await call(`${servers.registryUrl}/agencies`, token, 'POST', { regionCode: '33.19', name: 'Dinas Kesehatan' });
    const postBody = JSON.stringify({ ...sampleRecord(), regionCode: '33.19', agencyId: agency.id });
    const postInnovations = (duration: number) => load({ url: `${servers!.registryUrl}/innovations`, method: 'POST', headers, body: postBody, duration });
    const comparisons: Comparison[] = [];

    // Subject and baseline take turns, ROUNDS times, the order flipping each round, so a burst of
    // load from elsewhere on the machine lands on both; the table shows the round of median ratio.
    const rounds = async (subject: (d: number) => Promise<Measurement>, baseline: (d: number) => Promise<Measurement>) => {
      await subject(WARMUP_S);
      await baseline(WARMUP_S);
      const pairs: { subject: Measurement; baseline: Measurement }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        if (round % 2 === 0) {
          const s = await subject(DURATION_S);
          pairs.push({ subject: s, baseline: await baseline(DURATION_S) });
        } else {
          const b = await baseline(DURATION_S);
          pairs.push({ subject: await subject(DURATION_S), baseline: b });
        }
      }
      return pairs;
    };

    // (a) The relay runs during the writes, as it does in production, and competes for the database.
    await servers.command({ type: 'relay', action: 'start' });
    log(`(a) POST /innovations and a raw pg transaction (row + outbox row): ${ROUNDS} rounds of ${DURATION_S} s each`);
    const rawTransactions = (duration: number) => rawRowAndOutboxTransactions(url, CONNECTIONS, duration * 1000);
    comparisons.push({
      label: '(a) POST /innovations',
      ...medianRound(await rounds(postInnovations, rawTransactions)),
      baselineLabel: 'raw pg tx: row + outbox row',
      aim: 0.4,
    });

    // (b)
    const one = await call(`${servers.registryUrl}/innovations`, token, 'POST', JSON.parse(postBody));
    const getInnovation = (duration: number) => load({ url: `${servers!.registryUrl}/innovations/${one.id}`, headers, duration });
    const getConstant = (duration: number) => load({ url: `${servers!.bareUrl}/constant`, duration });
    log(`(b) GET /innovations/:id and a bare Nest+Fastify endpoint: ${ROUNDS} rounds of ${DURATION_S} s each`);
    comparisons.push({
      label: '(b) GET /innovations/:id',
      ...medianRound(await rounds(getInnovation, getConstant)),
      baselineLabel: 'bare Nest+Fastify, constant JSON',
      aim: 0.25,
    });

    // (c) A backlog of EVENTS registrations waits in the outbox; the clock runs from the relay's
    // start until a plain worker on the outside subscriber's queue has taken every one of them.
    log(`(c) events: registering ${EVENTS} innovations with the relay stopped`);
    const backlog = (c: pg.Client) => c.query(`SELECT count(*)::int AS n FROM registry.outbox WHERE sent_at IS NULL`).then((r) => r.rows[0].n as number);
    await admin((c) => waitFor(async () => (await backlog(c)) === 0, 'the outbox of (a) and (b) to drain'), url);
    await servers.command({ type: 'relay', action: 'stop' });
    // Events of (a) and (b) waiting for services that do not run here; the registry's own inbox is left alone.
    for (const queue of ['bench-events', 'replication-inbox', 'nomination-inbox']) await deleteKeys(`${PREFIX}:${queue}:*`);
    const registered = await load({ url: `${servers.registryUrl}/innovations`, method: 'POST', headers, body: postBody, amount: EVENTS });
    if (registered.count !== EVENTS) throw new Error(`(c) registered ${registered.count} of ${EVENTS} innovations (${registered.errors} errors)`);
    const subscriber = drainWorker(REDIS_URL, PREFIX, 'bench-events', EVENTS, SUBSCRIBER_CONCURRENCY);
    await subscriber.ready();
    const relayStarted = performance.now();
    await servers.command({ type: 'relay', action: 'start' });
    const drainedAt = await Promise.race([
      subscriber.drained,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`(c) the subscriber got ${subscriber.processed()} of ${EVENTS} events in 5 minutes`)), 300_000)),
    ]);
    await subscriber.close();
    const relayed: Measurement = { opsPerSec: EVENTS / ((drainedAt - relayStarted) / 1000), count: EVENTS, errors: 0, totalMs: drainedAt - relayStarted };
    log(`(c) raw BullMQ: addBulk of ${EVENTS} jobs in batches of ${RELAY_BATCH_SIZE} and a worker draining them`);
    const rawQueue = await rawAddBulkAndDrain(REDIS_URL, PREFIX, EVENTS, RELAY_BATCH_SIZE, SUBSCRIBER_CONCURRENCY);
    comparisons.push({ label: `(c) events outbox -> subscriber (${EVENTS})`, subject: relayed, baselineLabel: 'raw BullMQ addBulk + drain', baseline: rawQueue, ratios: [] });

    console.log(
      [
        '',
        `Lumbung bench: ${cpus().length} cores, Node ${process.version}, PostgreSQL ${pgVersion}, Redis ${redisInfo}; ` +
          `${CONNECTIONS} connections; (a) and (b): ${ROUNDS} alternating rounds of ${DURATION_S} s after ${WARMUP_S} s of warm-up`,
        '',
        formatTable(comparisons),
        '',
        '(a) one POST validates the body, checks the token and scope, and in one transaction reads the agency and type,',
        '    writes the innovation, its history row and the outbox row; the relay runs meanwhile. The baseline is only',
        '    the two INSERTs in a transaction over a pg pool of the same size.',
        '(b) GET checks the token and reads the innovation with its replications; the baseline has no guard, pipe or database.',
        '(c) events/s from the relay start to the last job taken by a plain BullMQ worker on the subscriber queue',
        `    (concurrency ${SUBSCRIBER_CONCURRENCY}); the relay also fans each event out to the replication and nomination inboxes.`,
        '    The baseline adds the same number of jobs to one queue in the same batch size and drains it the same way.',
        'ratio: of the round with the median ratio (its numbers are the ones shown); range: lowest and highest ratio of all rounds.',
        'Request logging is off (LOG_LEVEL=warn) in both the registry and the bare app. Ratios are the result: absolute',
        'numbers move with whatever else the machine runs.',
      ].join('\n'),
    );

    const resultsDir = join(process.cwd(), 'bench-results');
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        { at: new Date().toISOString(), cores: cpus().length, node: process.version, pgVersion, redisVersion: redisInfo, connections: CONNECTIONS, durationS: DURATION_S, rounds: ROUNDS, events: EVENTS, comparisons: comparisons.map((c) => ({ ...c, ratio: ratioOf(c) })) },
        null,
        2,
      ),
    );
    log(`results written to ${file}`);
  } finally {
    await servers?.close().catch((err: Error) => log(`closing the servers: ${err.message}`));
    await deleteKeys().catch((err: Error) => log(`deleting the Redis keys of ${PREFIX}: ${err.message}`));
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`)).catch((err: Error) => log(`dropping ${DB_NAME}: ${err.message}`));
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`[bench] failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
