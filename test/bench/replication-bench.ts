import 'reflect-metadata';
import pg from 'pg';
import { formatTable, medianRound, percentile, type Comparison, type Measurement } from './bench-table.js';
import { rawRowAndOutboxTransactions, sampleRecord } from './raw-baselines.js';
import type { ReplicationServerReady } from './replication-bench-servers.js';
import { benchToken } from './bench-env.js';
import { BenchScratch, CONNECTIONS, ChildServers, DURATION_S, ROUNDS, WARMUP_S, benchLog, call as callJson, load, machineLine, runBench, serverVersions, waitFor, writeResults } from './bench-kit.js';

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
/** Writes of one cycle: five on the replication service, one on the registry; each a row (or update) + timeline/history + outbox row. */
const WRITES_PER_CYCLE = 6;
const HTTP_CALLS_PER_CYCLE = 5;

const log = benchLog('bench:replication');
const KUDUS = '33.19';
const DEMAK = '33.21';

// Some steps of a cycle answer without a body.
const call = (url: string, token: string, method: string, body?: unknown) => callJson(url, token, method, body, { allowEmptyBody: true });
/**
 * For events crossing between the services. The wait in cycler() runs on a round's clock, so it
 * polls every 20 ms rather than adding up to 100 ms to a round; a round's backlog may take minutes
 * to cross on a loaded machine.
 */
const CROSSING_WAIT = { timeoutMs: 300_000, pollMs: 20 };

/** BENCH_PROFILE_DIR=/tmp/prof writes a V8 CPU profile of each server when it exits (open it in Chrome DevTools). */
function startServer(which: 'registry' | 'replication' | 'bare', childEnv: Record<string, string | undefined>) {
  const dir = process.env.BENCH_PROFILE_DIR;
  const execArgv = dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${which}.cpuprofile`] : [];
  return ChildServers.start<ReplicationServerReady>('replication-bench-servers.js', which, childEnv, { args: [which], execArgv });
}

interface Cycler {
  /** Runs cycles from CONNECTIONS loops (one adopting agency each) for `durationS`, then waits until the registry recorded them all. */
  run(durationS: number): Promise<Measurement>;
}

function cycler(replicationUrl: string, db: pg.Client, originId: string, agencyIds: string[]): Cycler {
  const kudus = benchToken({ sub: 'bench-kudus', role: 'region-admin', region: KUDUS });
  const demak = benchToken({ sub: 'bench-demak', role: 'region-admin', region: DEMAK });
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
      await waitFor(async () => (await recorded()) >= expected, `the registry to record ${expected} replications`, CROSSING_WAIT);
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
  const scratch = await BenchScratch.create('repl');
  const url = scratch.databaseUrl;
  const servers: ChildServers<ReplicationServerReady>[] = [];
  let db: pg.Client | undefined;
  try {
    const versions = await serverVersions();
    // At least 4: migrating holds one connection (the advisory lock) while the migrations take another.
    const childEnv = scratch.serviceEnv({ DATABASE_POOL_SIZE: String(Math.max(CONNECTIONS, 4)) });
    log(`starting the registry, the replication service and a bare Nest app, each in a process of its own (database ${scratch.dbName}, Redis prefix ${scratch.prefix})`);
    // The registry first: the replication service's migrations share nothing with it, but its inbox fills from the registry's relay.
    const registry = await startServer('registry', childEnv);
    servers.push(registry);
    const replication = await startServer('replication', childEnv);
    servers.push(replication);
    const bare = await startServer('bare', childEnv);
    servers.push(bare);

    const kudusToken = benchToken({ sub: 'bench-kudus', role: 'region-admin', region: KUDUS });
    const demakToken = benchToken({ sub: 'bench-demak', role: 'region-admin', region: DEMAK });
    const kudusAgency = await call(`${registry.ready.url}/agencies`, kudusToken, 'POST', { regionCode: KUDUS, name: 'DPMPTSP Kudus' });
    const origin = await call(`${registry.ready.url}/innovations`, kudusToken, 'POST', { ...sampleRecord(), regionCode: KUDUS, agencyId: kudusAgency.id });
    const agencyIds: string[] = [];
    for (let i = 0; i < CONNECTIONS; i++) agencyIds.push((await call(`${registry.ready.url}/agencies`, demakToken, 'POST', { regionCode: DEMAK, name: `Dinas ${i + 1} Demak` })).id);
    db = new pg.Client({ connectionString: url });
    await db.connect();
    const dbc = db;
    await waitFor(
      async () =>
        (await dbc.query(`SELECT (SELECT count(*) FROM replication.agency_view) + (SELECT count(*) FROM replication.innovation_view WHERE id = $1) AS n`, [origin.id])).rows[0].n >=
        CONNECTIONS + 2,
      'the replication service to learn the agencies and the origin from the registry',
      CROSSING_WAIT,
    );

    const cycles = cycler(replication.ready.url, db, origin.id, agencyIds);
    const rawWrites = async (d: number) => perCycle(await rawRowAndOutboxTransactions(url, CONNECTIONS, d * 1000), WRITES_PER_CYCLE);
    const bareHttp = async (d: number) => perCycle(await load({ url: `${bare.ready.url}/constant`, duration: d }), HTTP_CALLS_PER_CYCLE);

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
        `Lumbung replication bench: ${machineLine(versions)}; ` +
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

    const file = writeResults('bench-replication', { ...versions, connections: CONNECTIONS, durationS: DURATION_S, rounds: ROUNDS }, comparisons);
    log(`results written to ${file}`);
  } finally {
    await db?.end().catch(() => undefined);
    for (const server of servers.reverse()) await server.close().catch((err: Error) => log(`closing a server: ${err.message}`));
    await scratch.drop(log);
  }
}

runBench('bench:replication', main);
