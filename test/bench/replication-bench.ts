import 'reflect-metadata';
import pg from 'pg';
import { formatCpuTable, formatTable, medianRound, percentile, type Comparison, type Measurement } from './bench-table.js';
import { rawRowAndOutboxTransactions, sampleRecord } from './raw-baselines.js';
import { benchToken } from './bench-env.js';
import { BenchScratch, CONNECTIONS, ChildServers, DURATION_S, startServiceServer, ROUNDS, WARMUP_S, benchLog, call as callJson, intOf, load, machineLine, runBench, serverVersions, timedPhase, waitFor, writeResults, type Timed } from './bench-kit.js';
import type { ServiceServerReady } from './service-servers.js';

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

/** The five write endpoints of a mandiri request's life, in order: (e) measures each alone. */
const WRITE_STEPS = ['request', 'accept', 'progress', 'implement', 'complete'] as const;
type WriteStep = (typeof WRITE_STEPS)[number];
const STEP_LABELS: Record<WriteStep, string> = {
  request: 'POST /replication-requests',
  accept: 'POST …/:id/accept',
  progress: 'POST …/:id/progress',
  implement: 'POST …/:id/implement',
  complete: 'POST …/:id/complete',
};
/** Issue 20: every write endpoint of the replication service at least this share of the raw transaction rate. */
const WRITE_AIM = 0.4;
/** Origins each adopting agency can file against in one round: more than one round's requests at any rate seen. */
const ORIGINS = intOf('BENCH_REPLICATION_ORIGINS', 200);

interface Stepper {
  /** One round of (e): files requests for `durationS`, then takes every one of them through each later step in turn. */
  round(durationS: number): Promise<Record<WriteStep, Measurement>>;
}

/**
 * (e) Each write endpoint alone, CONNECTIONS callers at once, one adopting agency each. A round
 * files requests for `durationS` (each agency against its next origin: one open request per
 * (innovation, agency)), then accepts every request filed, then reports progress on each, implements
 * and completes them, each step its own phase; a phase's ops/s is its calls over its own time. Every
 * request is completed by the round's end, so the next round files against the same origins again.
 */
function stepper(replicationUrl: string, originIds: string[], agencyIds: string[], settled: () => Promise<void>, servicePids: number[]): Stepper {
  const kudus = benchToken({ sub: 'bench-kudus', role: 'region-admin', region: KUDUS });
  const demak = benchToken({ sub: 'bench-demak', role: 'region-admin', region: DEMAK });
  const base = `${replicationUrl}/replication-requests`;
  const calls: Record<Exclude<WriteStep, 'request'>, (id: string) => Promise<unknown>> = {
    accept: (id) => call(`${base}/${id}/accept`, kudus, 'POST', {}),
    progress: (id) => call(`${base}/${id}/progress`, demak, 'POST', { kind: 'trial', summary: 'Uji coba di dua kecamatan.' }),
    implement: (id) => call(`${base}/${id}/implement`, demak, 'POST', { implementedOn: '2024-09-02', adopterInnovationName: 'Jos Pakk Demak' }),
    complete: (id) => call(`${base}/${id}/complete`, demak, 'POST', { benefitEvaluation: 'Izin terbit 3 hari, sebelumnya 12.' }),
  };
  const phase = async (step: WriteStep, work: (lane: number, timed: Timed) => Promise<void>) => {
    await settled();
    return timedPhase(agencyIds.length, `(e) ${STEP_LABELS[step]}`, log, work, servicePids);
  };
  return {
    async round(durationS) {
      const filed: string[][] = agencyIds.map(() => []);
      const deadline = performance.now() + durationS * 1000;
      const result = {} as Record<WriteStep, Measurement>;
      result.request = await phase('request', async (lane, timed) => {
        for (let o = 0; o < originIds.length && performance.now() < deadline; o++) {
          const body = {
            originInnovationId: originIds[o],
            adopterRegionCode: DEMAK,
            adopterAgencyId: agencyIds[lane],
            model: 'mandiri',
            reason: 'Antrian perizinan masih panjang.',
            plan: 'Studi tiru, adaptasi formulir, uji coba.',
            contact: { name: 'Siti Rahayu', email: 'perizinan@demakkab.go.id' },
          };
          let id: string | undefined;
          if (await timed(async () => (id = (await call(base, demak, 'POST', body)).id))) filed[lane].push(id!);
        }
      });
      for (const step of WRITE_STEPS.slice(1) as Exclude<WriteStep, 'request'>[]) {
        result[step] = await phase(step, async (lane, timed) => {
          for (const id of filed[lane]) await timed(() => calls[step](id));
        });
      }
      return result;
    },
  };
}

async function main(): Promise<void> {
  const scratch = await BenchScratch.create('repl');
  const url = scratch.databaseUrl;
  const servers: ChildServers<ServiceServerReady>[] = [];
  let db: pg.Client | undefined;
  try {
    const versions = await serverVersions();
    // At least 4: migrating holds one connection (the advisory lock) while the migrations take another.
    const childEnv = scratch.serviceEnv({ DATABASE_POOL_SIZE: String(Math.max(CONNECTIONS, 4)) });
    log(`starting the registry, the replication service and a bare Nest app, each in a process of its own (database ${scratch.dbName}, Redis prefix ${scratch.prefix})`);
    // The registry first: the replication service's migrations share nothing with it, but its inbox fills from the registry's relay.
    const registry = await startServiceServer('registry', childEnv);
    servers.push(registry);
    const replication = await startServiceServer('replication', childEnv);
    servers.push(replication);
    const bare = await startServiceServer('bare', childEnv);
    servers.push(bare);

    const kudusToken = benchToken({ sub: 'bench-kudus', role: 'region-admin', region: KUDUS });
    const demakToken = benchToken({ sub: 'bench-demak', role: 'region-admin', region: DEMAK });
    const kudusAgency = await call(`${registry.ready.url}/agencies`, kudusToken, 'POST', { regionCode: KUDUS, name: 'DPMPTSP Kudus' });
    const origin = await call(`${registry.ready.url}/innovations`, kudusToken, 'POST', { ...sampleRecord(), regionCode: KUDUS, agencyId: kudusAgency.id });
    // (e)'s origins: each agency files against each of them once a round.
    const originIds: string[] = [];
    for (let i = 0; i < ORIGINS; i++) {
      originIds.push((await call(`${registry.ready.url}/innovations`, kudusToken, 'POST', { ...sampleRecord(), name: `Inovasi Kudus ${i + 1}`, regionCode: KUDUS, agencyId: kudusAgency.id })).id);
    }
    const agencyIds: string[] = [];
    for (let i = 0; i < CONNECTIONS; i++) agencyIds.push((await call(`${registry.ready.url}/agencies`, demakToken, 'POST', { regionCode: DEMAK, name: `Dinas ${i + 1} Demak` })).id);
    db = new pg.Client({ connectionString: url });
    await db.connect();
    const dbc = db;
    await waitFor(
      async () =>
        (await dbc.query(`SELECT (SELECT count(*) FROM replication.agency_view) + (SELECT count(*) FROM replication.innovation_view WHERE id = ANY($1::uuid[])) AS n`, [[origin.id, ...originIds]])).rows[0].n >=
        CONNECTIONS + 2 + ORIGINS,
      'the replication service to learn the agencies and the origin from the registry',
      CROSSING_WAIT,
    );

    const cycles = cycler(replication.ready.url, db, origin.id, agencyIds);
    // Both services: completing sets off the registry's handler.
    const steps = stepper(replication.ready.url, originIds, agencyIds, () => scratch.settled(), [registry.pid, replication.pid]);
    const rawWrites = (d: number) => rawRowAndOutboxTransactions(url, CONNECTIONS, d * 1000);
    const bareHttp = async (d: number) => perCycle(await load({ url: `${bare.ready.url}/constant`, duration: d }), HTTP_CALLS_PER_CYCLE);

    log(`warm-up: ${WARMUP_S} s of each`);
    await cycles.run(WARMUP_S);
    await steps.round(WARMUP_S);
    await rawWrites(WARMUP_S);
    await bareHttp(WARMUP_S);

    // The three take turns, ROUNDS times, the order rotating each round, so load from elsewhere on
    // the machine lands on all of them; each row of the table shows its round of median ratio.
    const pairsRaw: { subject: Measurement; baseline: Measurement }[] = [];
    const pairsBare: { subject: Measurement; baseline: Measurement }[] = [];
    const pairsSteps = Object.fromEntries(WRITE_STEPS.map((step) => [step, [] as { subject: Measurement; baseline: Measurement }[]])) as Record<WriteStep, { subject: Measurement; baseline: Measurement }[]>;
    for (let round = 0; round < ROUNDS; round++) {
      log(`round ${round + 1} of ${ROUNDS}: cycles, each write step alone, raw pg writes and bare HTTP for ${DURATION_S} s each`);
      const results: Partial<Record<'cycles' | 'raw' | 'bare', Measurement>> = {};
      let stepResults: Record<WriteStep, Measurement> | undefined;
      const order = (['cycles', 'steps', 'raw', 'bare'] as const).map((_, i, all) => all[(i + round) % all.length]);
      for (const which of order) {
        await scratch.settled();
        if (which === 'steps') stepResults = await steps.round(DURATION_S);
        else results[which] = which === 'cycles' ? await cycles.run(DURATION_S) : which === 'raw' ? await rawWrites(DURATION_S) : await bareHttp(DURATION_S);
      }
      pairsRaw.push({ subject: results.cycles!, baseline: perCycle(results.raw!, WRITES_PER_CYCLE) });
      pairsBare.push({ subject: results.cycles!, baseline: results.bare! });
      const rawTx = results.raw!;
      for (const step of WRITE_STEPS) pairsSteps[step].push({ subject: stepResults![step], baseline: rawTx });
      log(`(e) ops/s: ${WRITE_STEPS.map((step) => `${step} ${stepResults![step].opsPerSec.toFixed(0)} (${stepResults![step].count})`).join(', ')}; raw tx/s ${rawTx.opsPerSec.toFixed(0)}`);
    }
    const comparisons: Comparison[] = [
      { label: '(d) replication cycles/s through both services', ...medianRound(pairsRaw), baselineLabel: `raw pg: ${WRITES_PER_CYCLE} row+outbox tx per cycle` },
      { label: '(d) replication cycles/s through both services', ...medianRound(pairsBare), baselineLabel: `bare Nest+Fastify: ${HTTP_CALLS_PER_CYCLE} GETs per cycle` },
      ...WRITE_STEPS.map((step) => ({ label: `(e) ${STEP_LABELS[step]}`, ...medianRound(pairsSteps[step]), baselineLabel: 'raw pg: row+outbox tx', aim: WRITE_AIM })),
    ];

    console.log(
      [
        '',
        `Lumbung replication bench: ${machineLine(versions)}; ` +
          `${CONNECTIONS} adopting agencies cycling at once; ${ROUNDS} rotating rounds of ${DURATION_S} s after ${WARMUP_S} s of warm-up`,
        '',
        formatTable(comparisons),
        '',
        formatCpuTable(comparisons.filter((c) => c.aim !== undefined)),
        '',
        '(d) one cycle: POST a mandiri request, accept (origin), one progress report, implement, complete: five HTTP calls to the',
        '    replication service, each a transaction (request row, timeline row, outbox row); then the relay sends replication.completed',
        "    to the registry, whose handler records the adopter's innovation (inbox row, innovation, history, outbox row), and",
        '    innovation.registered comes back to the replication read model. cycles/s counts from the round start until the',
        '    registry recorded every cycle; p50/p99 are of the five HTTP calls of a cycle. The services run in separate processes.',
        `    Baselines, in cycles/s: raw pg runs ${WRITES_PER_CYCLE} bare "row + outbox row" transactions per cycle over a pool of the same`,
        `    size; bare HTTP answers ${HTTP_CALLS_PER_CYCLE} GETs of constant JSON per cycle (no guard, validation or database). Their p50/p99`,
        `    are those of one operation times the operations per cycle.`,
        '(e) each write endpoint alone, the same callers (one adopting agency each): a round files requests for the round\'s time, then',
        '    takes every request filed through accept, one progress report, implement and complete, a step at a time; each step\'s ops/s',
        '    is its calls over its own time. Baseline: raw pg "row + outbox row" transactions per second, the same pool size. Aim',
        `    (issue 20): every write endpoint >= ${(WRITE_AIM * 100).toFixed(0)}% of it.`,
        'CPU per call (from /proc, the median round\'s): the registry and the replication service together, every PostgreSQL process, and',
        '    this process (the callers, or the raw client). Every phase starts once the earlier phases\' events are sent and consumed.',
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
