import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import autocannon, { type Request, type Result } from 'autocannon';
import getPort from 'get-port';
import pg from 'pg';
import { WebSocket } from 'ws';
import type { Principal } from '@lumbung/platform';
import { createTestDatabase, createTestRedis, newSigningKey, productionSecrets, signingKeysEnv, spawnService, tokenSignedWith, waitUntilDrained, type Reconciliation, type ServiceProcess } from '@lumbung/testing';
import { BackendWatch, CLK_TCK, statOf } from '../bench/proc-cpu.js';

/**
 * `npm run bench:load`: a bounded load run over a realistic mix (catalogue searches, registrations,
 * replication steps, scoring) against the three services, each a process of its own as in
 * production, on the real PostgreSQL and Redis in a database and key prefix of its own. Two
 * consecutive runs of LOAD_SECONDS (default 60) with LOAD_CONNECTIONS (default 50) in all; after each,
 * the backlog must drain and every event reach every subscriber (reconciliation), and the memory of
 * each service is read. Exits 1 on any error that is the system's fault (5xx, dropped connections,
 * timeouts), on an event lost, or on heap growth from run 1 to run 2 beyond the stated tolerance.
 * Each run also prints the CPU time per request of each service, of PostgreSQL and of the load
 * generator, read from /proc: CPU time moves less with a shared machine's noise than wall time does.
 */
const env = process.env;
const SECONDS = Number(env.LOAD_SECONDS ?? 60);
const CONNECTIONS = Number(env.LOAD_CONNECTIONS ?? 50);
const RUNS = Number(env.LOAD_RUNS ?? 2);
/**
 * This machine kind's PostgreSQL runs with autovacuum off, so no statistics follow the tables as the
 * run fills them (40 innovations to 14,000 in two minutes), and the planner keeps plans made for 40
 * rows: a search then tests every innovation of its region. A deployed PostgreSQL has autovacuum on;
 * in its stead the run analyses the database this often (seconds, 0: never), as an autovacuum with
 * a naptime tuned for tables growing this fast would. Only while the server's autovacuum is off.
 */
const ANALYZE_EVERY_S = Number(env.LOAD_ANALYZE_S ?? 15);
/** Heap may grow this much from run 1 to run 2 (caches warming, the JIT); beyond it counts as a leak. */
const HEAP_GROWTH_TOLERANCE = { ratio: 0.25, bytes: 24 * 1024 * 1024 };
const KUDUS = '33.19';
const DEMAK = '33.21';
const log = (line: string) => console.error(`[bench:load] ${line}`);
/** Production mode refuses the development key: the registry signs with this one, and so does this script. */
const KEY = newSigningKey();
const token = (p: Principal) => tokenSignedWith(KEY, p);
const kudus = token({ sub: 'load-kudus', role: 'region-admin', region: KUDUS });
const demak = token({ sub: 'load-demak', role: 'region-admin', region: DEMAK });
const JUROR = 'juri-beban';

const innovation = (agencyId: string, name: string) => ({
  regionCode: KUDUS,
  agencyId,
  name,
  typeCode: 'teknologi',
  stage: 'penerapan',
  initiator: 'opd',
  digital: true,
  form: 'pelayanan-publik',
  governmentAffair: 'penanaman modal',
  trialStartedOn: '2019-06-01',
  implementedOn: '2020-01-15',
  problem: 'Warga harus datang berkali-kali ke kantor untuk mengurus izin usaha.',
  design: 'Permohonan izin diajukan dan dilacak secara daring.',
  yearRegistered: 2022,
});

async function must(svc: ServiceProcess, method: string, path: string, tok: string, body?: unknown): Promise<any> {
  const res = await svc.request(method, path, { token: tok, body, timeoutMs: 30_000 });
  if (res.status >= 300) throw new Error(`${svc.name} ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

interface World {
  /** The next (adopting agency, origin) pair a replication cycle takes. */
  nextPair: number;
  kudusAgencies: string[];
  demakAgencies: string[];
  origins: string[];
  entries: string[];
  editionId: string;
  criteria: string[];
}

async function seed(registry: ServiceProcess, nomination: ServiceProcess, drained: () => Promise<unknown>): Promise<World> {
  const kudusAgencies: string[] = [];
  const demakAgencies: string[] = [];
  for (let i = 0; i < 10; i++) kudusAgencies.push((await must(registry, 'POST', '/agencies', kudus, { regionCode: KUDUS, name: `Dinas ${i + 1} Kudus` })).id);
  // Adopting agencies × origins is how many replication cycles pass before a pair repeats (see mix()):
  // 150 × 40 = 6,000, more than two runs make on this machine kind (docs/performance.md, "Load run").
  for (let i = 0; i < 150; i++) demakAgencies.push((await must(registry, 'POST', '/agencies', demak, { regionCode: DEMAK, name: `Dinas ${i + 1} Demak` })).id);
  const origins: string[] = [];
  for (let i = 0; i < 40; i++) origins.push((await must(registry, 'POST', '/innovations', kudus, innovation(kudusAgencies[i % 10], `Layanan perizinan daring ${i + 1}`))).id);
  await drained();
  const edition = await must(nomination, 'POST', '/editions', kudus, {
    level: 'regency', ownerRegionCode: KUDUS, year: 2022, name: 'KIPP Kudus beban', criteriaPreset: 'kipp-2023', autoAdvance: false,
    eligibility: { minAgeYears: 0, entriesPerAgency: 100 }, winnerCount: 3,
    schedule: [{ phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-13' }, { phase: 'scoring', startsOn: '2022-11-17', endsOn: '2022-11-22' }, { phase: 'decision', startsOn: '2022-12-05', endsOn: '2022-12-09' }],
  });
  await must(nomination, 'POST', `/editions/${edition.id}/phase`, kudus, { phase: 'submission' });
  const entries: string[] = [];
  for (const id of origins) entries.push((await must(nomination, 'POST', `/editions/${edition.id}/entries`, kudus, { innovationId: id })).id);
  for (const id of entries) await must(nomination, 'POST', `/entries/${id}/admission`, kudus, { decision: 'admit' });
  await must(nomination, 'POST', `/editions/${edition.id}/phase`, kudus, { phase: 'scoring' });
  await must(nomination, 'POST', `/editions/${edition.id}/jurors`, kudus, { jurorId: JUROR, name: JUROR });
  return { nextPair: 0, kudusAgencies, demakAgencies, origins, entries, editionId: edition.id, criteria: (edition.criteria as { code: string }[]).map((c) => c.code) };
}

type Mix = { label: string; url: string; connections: number; requests: Request[] };

/** The mix: 40% catalogue searches, 20% registrations, 20% replication steps, 20% scoring. */
function mix(urls: Record<string, string>, world: World): Mix[] {
  const share = (p: number) => Math.max(1, Math.round(CONNECTIONS * p));
  const json = (tok: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${tok}` });
  const words = ['perizinan', 'daring', 'layanan', 'izin usaha', 'kesehatan'];
  let n = 0;
  const juror = token({ sub: JUROR, role: 'juror', editions: [world.editionId] } as Principal);
  const step = (action: string, tok: string, body: unknown): Request => ({
    method: 'POST',
    headers: json(tok),
    // No request id: the create was refused, so the steps are skipped (a falsy value restarts the sequence).
    setupRequest: (req, ctx: any) => ctx.requestId && { ...req, path: `/replication-requests/${ctx.requestId}/${action}`, body: JSON.stringify(body) },
  });
  return [
    {
      label: 'registry GET /innovations?q= (catalogue search)',
      url: urls.registry,
      connections: share(0.4),
      requests: [{ method: 'GET', headers: json(kudus), setupRequest: (req) => ({ ...req, path: `/innovations?q=${encodeURIComponent(words[n++ % words.length])}&region=${KUDUS}` }) }],
    },
    {
      label: 'registry POST /innovations (registration)',
      url: urls.registry,
      connections: share(0.2),
      requests: [{ method: 'POST', path: '/innovations', headers: json(kudus), setupRequest: (req) => ({ ...req, body: JSON.stringify(innovation(world.kudusAgencies[n % 10], `Inovasi beban ${n++}`)) }) }],
    },
    {
      label: 'replication request + accept/progress/implement/complete',
      url: urls.replication,
      connections: share(0.2),
      requests: [
        {
          method: 'POST',
          path: '/replication-requests',
          headers: json(demak),
          setupRequest: (req) => {
            // A pair (origin, agency) may have one open request, and a run's end leaves up to one cycle
            // per connection open: every cycle takes the next pair, across both runs, so none repeats
            // until agencies × origins cycles have passed.
            const pair = world.nextPair++;
            const agency = world.demakAgencies[pair % world.demakAgencies.length];
            const origin = world.origins[Math.floor(pair / world.demakAgencies.length) % world.origins.length];
            return {
              ...req,
              body: JSON.stringify({
                originInnovationId: origin, adopterRegionCode: DEMAK, adopterAgencyId: agency, model: 'mandiri',
                reason: 'Antrian perizinan masih panjang.', plan: 'Studi tiru, adaptasi formulir, uji coba.', contact: { name: 'Siti Rahayu', email: 'perizinan@demakkab.go.id' },
              }),
            };
          },
          onResponse: (status, body, ctx: any) => {
            if (status === 201) ctx.requestId = JSON.parse(body).id;
          },
        },
        step('accept', kudus, { note: 'Siap mendampingi.' }),
        step('progress', demak, { kind: 'trial', summary: 'Uji coba di dua kecamatan.' }),
        step('implement', demak, { implementedOn: '2024-09-02', adopterInnovationName: 'Jos Pakk Demak' }),
        step('complete', demak, { benefitEvaluation: 'Izin terbit 3 hari, sebelumnya 12.' }),
      ],
    },
    {
      label: 'nomination PUT /entries/:id/scores (scoring)',
      url: urls.nomination,
      connections: share(0.2),
      requests: [
        {
          method: 'PUT',
          headers: json(juror),
          setupRequest: (req) => {
            const i = n++;
            return { ...req, path: `/entries/${world.entries[i % world.entries.length]}/scores`, body: JSON.stringify({ scores: world.criteria.map((c) => ({ criterion: c, value: 50 + (i % 50) })) }) };
          },
        },
      ],
    },
  ];
}

interface Row {
  label: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  serverErrors: number;
  errors: number;
  statuses: string;
}

function rowOf(label: string, r: Result): Row {
  const stats = (r as Result & { statusCodeStats?: Record<string, { count?: number }> }).statusCodeStats ?? {};
  const serverErrors = Object.entries(stats).filter(([code]) => Number(code) >= 500).reduce((s, [, v]) => s + (v.count ?? 0), 0);
  return {
    label,
    reqPerSec: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    non2xx: r.non2xx,
    serverErrors,
    errors: r.errors + r.timeouts,
    statuses: Object.entries(stats).map(([code, v]) => `${code}:${v.count ?? 0}`).join(' '),
  };
}

function table(header: string[], lines: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n');
}

interface Memory {
  rss: number;
  heapUsed: number;
}

/**
 * A service's heap after a full collection, through its inspector (each service runs with
 * `--inspect` on a loopback port of its own). The heap in use without one counted whatever garbage
 * the last run left, so a run that left more of it read as a leak (docs/performance.md, "Load run").
 */
async function heapAfterCollection(inspectorPort: number): Promise<number> {
  const [target] = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise<void>((opened, failed) => socket.once('open', opened).once('error', failed));
  let next = 0;
  const call = (method: string) =>
    new Promise<any>((answered, failed) => {
      const id = ++next;
      const onMessage = (data: Buffer) => {
        const message = JSON.parse(data.toString('utf8'));
        if (message.id !== id) return;
        socket.off('message', onMessage);
        if (message.error) failed(new Error(`${method}: ${message.error.message}`));
        else answered(message.result);
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, method }));
    });
  try {
    await call('HeapProfiler.collectGarbage');
    return (await call('Runtime.getHeapUsage')).usedSize as number;
  } finally {
    socket.close();
  }
}

async function memoryOf(svc: ServiceProcess, inspectorPort: number): Promise<Memory> {
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${svc.pid}/status`, 'utf8'))?.[1] ?? NaN);
  return { rss: rssKb * 1024, heapUsed: await heapAfterCollection(inspectorPort) };
}

const mb = (b: number) => (b / 1024 / 1024).toFixed(1);

interface CpuSnapshot {
  at: number;
  /** Per service, in ticks. */
  services: number[];
  /** Every postgres process plus what the postmaster's exited children used, in ticks. */
  postgres: number;
  /** The bench database's backends by pid, latest seen, in ticks. */
  backends: Map<number, number>;
  live: Set<number>;
  /** The load generator, in µs. */
  generator: number;
}

function cpuSnapshot(servicePids: number[], watch: BackendWatch): CpuSnapshot {
  const at = performance.now();
  const generatorUsage = process.cpuUsage();
  const postgres = watch.sample();
  return {
    at,
    services: servicePids.map((pid) => statOf(pid)?.own ?? NaN),
    postgres,
    backends: new Map(watch.latest),
    live: watch.live,
    generator: generatorUsage.user + generatorUsage.system,
  };
}

interface CpuLine {
  label: string;
  seconds: number;
  drainSeconds: number;
}

/**
 * CPU from the start of the load to the drained backlog (the relay's and consumers' work the
 * requests caused counts too), and how much of it fell after the load stopped.
 */
function cpuLines(names: string[], start: CpuSnapshot, loadEnd: CpuSnapshot, drained: CpuSnapshot): { lines: CpuLine[]; exitedBackends: number } {
  const ticks = (t: number) => t / CLK_TCK;
  const backendsSince = (from: CpuSnapshot, to: CpuSnapshot) => [...to.backends].reduce((s, [pid, t]) => s + t - (from.backends.get(pid) ?? 0), 0);
  const line = (label: string, total: (a: CpuSnapshot, b: CpuSnapshot) => number): CpuLine => ({ label, seconds: total(start, drained), drainSeconds: total(loadEnd, drained) });
  return {
    lines: [
      ...names.map((name, i) => line(name, (a, b) => ticks(b.services[i] - a.services[i]))),
      line('PostgreSQL, all processes (other databases\' work included)', (a, b) => ticks(b.postgres - a.postgres)),
      line('PostgreSQL, this database\'s backends (no background processes)', (a, b) => ticks(backendsSince(a, b))),
      line('load generator (autocannon, this process)', (a, b) => (b.generator - a.generator) / 1e6),
    ],
    exitedBackends: [...drained.backends.keys()].filter((pid) => !drained.live.has(pid) && (start.live.has(pid) || !start.backends.has(pid))).length,
  };
}

async function main(): Promise<number> {
  const db = await createTestDatabase();
  const redis = createTestRedis();
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  const procs: ServiceProcess[] = [];
  const inspectorPorts: number[] = [];
  const watch = new BackendWatch(db.name);
  watch.start();
  let analyzer: NodeJS.Timeout | undefined;
  let failed = false;
  try {
    const serviceEnv = {
      DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, LOG_LEVEL: 'warn', NODE_ENV: 'production',
      ...productionSecrets(), RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_ADDRESS: '0', RATE_LIMIT_READS_PER_TOKEN: '0', DATABASE_POOL_SIZE: '10',
    };
    log(`booting the three services (database ${db.name})`);
    for (const service of ['registry', 'replication', 'nomination'] as const) {
      const keys: Record<string, string> = service === 'registry' ? { ACCOUNTS_SIGNING_KEYS: signingKeysEnv(KEY) } : { ACCOUNTS_JWKS_URL: `${procs[0].baseUrl}/.well-known/jwks.json` };
      const inspectorPort = await getPort();
      inspectorPorts.push(inspectorPort);
      const p = await spawnService(service, { env: { ...serviceEnv, ...keys }, nodeArgs: [`--inspect=127.0.0.1:${inspectorPort}`] });
      procs.push(p);
      await p.ready(120_000);
    }
    const [registry, replication, nomination] = procs;
    const servicePids = procs.map((p) => p.pid);
    const reconcileOptions = { query: async <T,>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[], redisUrl: redis.url, prefix: redis.prefix };
    const drained = () => waitUntilDrained(reconcileOptions, 120_000);
    const world = await seed(registry, nomination, drained);
    const [{ autovacuum }] = (await pool.query<{ autovacuum: string }>('SHOW autovacuum')).rows;
    if (autovacuum === 'off' && ANALYZE_EVERY_S > 0) {
      log(`the server's autovacuum is off: analysing ${db.name} every ${ANALYZE_EVERY_S} s in its stead`);
      await pool.query('ANALYZE');
      analyzer = setInterval(() => void pool.query('ANALYZE').catch((err: Error) => log(`ANALYZE: ${err.message}`)), ANALYZE_EVERY_S * 1000);
    }
    const memories: Memory[][] = [];
    const reconciliations: Reconciliation[] = [];
    for (let run = 1; run <= RUNS; run++) {
      log(`run ${run}/${RUNS}: ${CONNECTIONS} connections for ${SECONDS} s`);
      const parts = mix({ registry: registry.baseUrl, replication: replication.baseUrl, nomination: nomination.baseUrl }, world);
      const cpuStart = cpuSnapshot(servicePids, watch);
      const results = await Promise.all(parts.map((m) => autocannon({ url: m.url, connections: m.connections, duration: SECONDS, requests: m.requests, timeout: 30 })));
      const cpuLoadEnd = cpuSnapshot(servicePids, watch);
      const rows = parts.map((m, i) => rowOf(m.label, results[i]));
      const r = await drained();
      const cpuDrained = cpuSnapshot(servicePids, watch);
      reconciliations.push(r);
      await new Promise((res) => setTimeout(res, 3000));
      memories.push(await Promise.all(procs.map((p, i) => memoryOf(p, inspectorPorts[i]))));
      console.log(`\nLoad run ${run} (${CONNECTIONS} connections, ${SECONDS} s, loopback, services as processes)`);
      const sum = (f: (x: Row) => number) => rows.reduce((s, x) => s + f(x), 0);
      const requests = sum((x) => x.total);
      // Percentiles of separate histograms do not add up: the total shows the worst endpoint's p99.
      const totalLine = ['total, all endpoints', sum((x) => x.reqPerSec).toFixed(0), '', `${Math.max(...rows.map((x) => x.p99))} (worst)`, String(requests), String(sum((x) => x.non2xx)), String(sum((x) => x.serverErrors)), String(sum((x) => x.errors)), ''];
      console.log(table(['endpoint', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', '5xx', 'errors/timeouts', 'statuses'], [...rows.map((x) => [x.label, x.reqPerSec.toFixed(0), String(x.p50), String(x.p99), String(x.total), String(x.non2xx), String(x.serverErrors), String(x.errors), x.statuses]), totalLine]));
      const wall = (cpuDrained.at - cpuStart.at) / 1000;
      const cpu = cpuLines(procs.map((p) => p.name), cpuStart, cpuLoadEnd, cpuDrained);
      console.log(`\nCPU from /proc, from the start of the load to the drained backlog: ${wall.toFixed(1)} s of wall time (${((cpuDrained.at - cpuLoadEnd.at) / 1000).toFixed(1)} s of it draining), ${requests} requests, ${CLK_TCK} ticks/s, database ${db.name}`);
      console.log(table(['process', 'CPU s', 'CPU µs per request', 'cores (CPU s / wall s)', 'CPU s while draining'], cpu.lines.map((c) => [c.label, c.seconds.toFixed(2), (c.seconds / requests * 1e6).toFixed(0), (c.seconds / wall).toFixed(2), c.drainSeconds.toFixed(2)])));
      if (cpu.exitedBackends) console.log(`backends of this database that exited during the run: ${cpu.exitedBackends}; its line counts each up to its last half-second sample`);
      console.log(table(['service', 'RSS MB', 'heap used MB, after a full collection'], procs.map((p, i) => [p.name, mb(memories[run - 1][i].rss), mb(memories[run - 1][i].heapUsed)])));
      console.log(table(['events (outbox)', 'expected deliveries', 'delivered (inbox)', 'lost', 'unsent', 'dead letters'], [[r.events, r.expectedDeliveries, r.delivered, r.missing.length, r.unsent, r.deadLetters].map(String)]));
      if (rows.some((x) => x.serverErrors > 0 || x.errors > 0)) {
        failed = true;
        log(`run ${run}: errors that are the system's fault (5xx, dropped connections or timeouts)`);
      }
      if (r.missing.length || r.deadLetters) {
        failed = true;
        log(`run ${run}: ${r.missing.length} deliveries lost, ${r.deadLetters} dead letters`);
      }
    }
    if (memories.length >= 2) {
      const [first, second] = [memories[0], memories[memories.length - 1]];
      procs.forEach((p, i) => {
        const allowed = first[i].heapUsed * (1 + HEAP_GROWTH_TOLERANCE.ratio) + HEAP_GROWTH_TOLERANCE.bytes;
        const verdict = second[i].heapUsed <= allowed ? 'ok' : 'GROWS';
        console.log(`memory ${p.name}: heap ${mb(first[i].heapUsed)} -> ${mb(second[i].heapUsed)} MB (allowed up to ${mb(allowed)}), RSS ${mb(first[i].rss)} -> ${mb(second[i].rss)} MB: ${verdict}`);
        if (verdict !== 'ok') failed = true;
      });
      console.log(`tolerance: heap after the last run <= heap after run 1 x ${1 + HEAP_GROWTH_TOLERANCE.ratio} + ${mb(HEAP_GROWTH_TOLERANCE.bytes)} MB`);
    }
  } catch (err) {
    failed = true;
    log((err as Error).stack ?? String(err));
    for (const p of procs) log(`--- ${p.name}\n${p.tail(20)}`);
  } finally {
    clearInterval(analyzer);
    watch.stop();
    await Promise.all(procs.map((p) => p.stop(20_000)));
    await pool.end();
    await redis.cleanup();
    await db.drop();
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
