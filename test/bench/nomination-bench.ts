import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createNominationApp } from '../../apps/nomination/src/nomination.app.js';
import { rankEntries, type CriterionScore } from '../../apps/nomination/src/scoring/ranking.js';
import { formatCpuTable, formatTable, percentile } from './bench-table.js';
import { benchToken } from './bench-env.js';
import { BenchScratch, CONNECTIONS, DURATION_S, ROUNDS, WARMUP_S, benchLog, intOf, listenLocal, machineLine, runBench, serverVersions, writeResults } from './bench-kit.js';
import { measureNominationWrites, WRITES_NOTE } from './nomination-writes.js';
import { CRITERIA, seedTracking } from './tracking-corpus.js';

/**
 * `npm run bench` (after the registry's table) or `npm run bench:nomination`: the nomination
 * service's two heavy reads, on the real PostgreSQL and Redis, in a database and key prefix of
 * their own, dropped at the end.
 *  (r) ranking 5,000 entries × 5 jurors × 8 criteria: the pure function, and GET /editions/:id/ranking
 *      (load 200,000 scores + rank + serialise); aim < 1 s.
 *  (t) GET /tracking for a province of 35 regencies/cities × 30 entries, with winners forwarded to the
 *      province and some on to the national contest; aim p95 < 100 ms.
 *  (w) the write endpoints of a deadline burst (entering, proposal, submission, a juror's scores), each
 *      alone, against the raw "row + outbox row" transaction in the same round; aim >= 40% (issue 20).
 *      See nomination-writes.ts.
 */
const ENTRIES = intOf('BENCH_RANK_ENTRIES', 5000);
const JURORS = 5;
const RUNS = intOf('BENCH_RUNS', 15);
const TRACKING_REQUESTS = intOf('BENCH_TRACKING_REQUESTS', 200);
const log = benchLog('bench:nomination');
/** BENCH_NOMINATION_WRITES_ONLY=1: (w) alone, for working on the write paths. */
const WRITES_ONLY = process.env.BENCH_NOMINATION_WRITES_ONLY === '1';


interface Timing {
  label: string;
  samples: number[];
  aimMs: number;
  aimAt: 'p50' | 'p95';
}

const ms = (n: number) => n.toFixed(n < 10 ? 2 : 0);

function table(timings: Timing[]): string {
  const rows = timings.map((t) => {
    const sorted = [...t.samples].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const p95 = percentile(sorted, 95);
    const judged = t.aimAt === 'p50' ? p50 : p95;
    return `| ${t.label} | ${sorted.length} | ${ms(p50)} | ${ms(p95)} | ${ms(sorted[sorted.length - 1])} | ${t.aimAt} < ${t.aimMs} ms | ${judged < t.aimMs ? 'met' : 'MISSED'} |`;
  });
  return ['| measurement | runs | p50 ms | p95 ms | max ms | aim | result |', '|---|---:|---:|---:|---:|---|---|', ...rows].join('\n');
}

/** Score rows straight into the table: generate_series makes 200,000 of them in a second or two. */
async function seedRanking(db: pg.Client): Promise<string> {
  const editionId = randomUUID();
  await db.query(
    `INSERT INTO nomination.edition (id, level, owner_region_code, province_code, year, name, phase, auto_advance, schedule, criteria, eligibility, winner_count, presentation_weight, version, created_by)
     VALUES ($1, 'province', '33', '33', 2021, 'Bench ranking', 'scoring', false, '[]', $2, $3, 3, 0, 1, 'bench')`,
    [editionId, JSON.stringify(CRITERIA), JSON.stringify({ minAgeYears: 0, requiredStage: null, entriesPerAgency: 100, previousWinnersAllowed: true })],
  );
  await db.query(
    `INSERT INTO nomination.entry (edition_id, innovation_id, innovation_version, innovation_name, agency_id, agency_name, region_code, province_code, snapshot, state, submitted_by, submitted_at, version)
     SELECT $1, gen_random_uuid(), 1, 'Inovasi ' || i, gen_random_uuid(), 'Dinas ' || i, '33.19', '33', '{}'::jsonb, 'scored', 'bench', now() - (i || ' minutes')::interval, 1
       FROM generate_series(1, $2) AS i`,
    [editionId, ENTRIES],
  );
  await db.query(
    `INSERT INTO nomination.score (entry_id, juror_id, criterion, edition_id, value)
     SELECT e.id, 'juror-' || j, c.code, $1, round((40 + random() * 60)::numeric, 2)
       FROM nomination.entry e CROSS JOIN generate_series(1, ${JURORS}) AS j CROSS JOIN jsonb_to_recordset($2::jsonb) AS c(code text)
      WHERE e.edition_id = $1`,
    [editionId, JSON.stringify(CRITERIA)],
  );
  await db.query('ANALYZE nomination.score; ANALYZE nomination.entry');
  return editionId;
}

async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function runNominationBench(): Promise<void> {
  const scratch = await BenchScratch.create('nom');
  let app: Awaited<ReturnType<typeof createNominationApp>>['app'] | undefined;
  const db = new pg.Client({ connectionString: scratch.databaseUrl });
  try {
    const versions = await serverVersions();
    log(`starting the nomination service (database ${scratch.dbName}, Redis prefix ${scratch.prefix})`);
    ({ app } = await createNominationApp(scratch.serviceEnv({ PORT: '0', RELAY_ENABLED: 'false', WORKER_ENABLED: 'false' })));
    const base = await listenLocal(app);
    await db.connect();
    const token = benchToken({ sub: 'bench', role: 'province-admin', province: '33' });
    const get = async (path: string): Promise<any> => {
      const res = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };

    const reads: Timing[] = [];
    let seeded = 0;
    if (!WRITES_ONLY) {
      log(`(r) seeding ${ENTRIES} entries × ${JURORS} jurors × ${CRITERIA.length} criteria`);
      const editionId = await seedRanking(db);
      const { rows: scoreRows } = await db.query(`SELECT entry_id AS "entryId", juror_id AS "jurorId", criterion, value::float8 AS value FROM nomination.score WHERE edition_id = $1`, [editionId]);
      const { rows: entryRows } = await db.query(`SELECT id, submitted_at FROM nomination.entry WHERE edition_id = $1`, [editionId]);
      const entries = entryRows.map((e) => ({ id: e.id as string, submittedAt: (e.submitted_at as Date).toISOString() }));
      const scores = scoreRows as CriterionScore[];
      const pure: number[] = [];
      let ranked = rankEntries(CRITERIA, entries, scores);
      for (let i = 0; i < RUNS; i++) pure.push(await timed(() => (ranked = rankEntries(CRITERIA, entries, scores))));
      if (ranked.filter((r) => r.rank !== null).length !== ENTRIES) throw new Error('(r) not every entry was ranked');
      const http: number[] = [];
      await get(`/editions/${editionId}/ranking`);
      for (let i = 0; i < RUNS; i++) http.push(await timed(() => get(`/editions/${editionId}/ranking`)));

      log('(t) seeding 35 regencies/cities × 30 entries, forwarded winners and national results');
      seeded = await seedTracking(db);
      const tracking: number[] = [];
      const check = await get('/tracking?province=33&year=2022');
      if (check.regions.length !== 36 || check.totals.submitted !== seeded) throw new Error(`(t) tracking shows ${check.totals.submitted} of ${seeded} entries`);
      for (let i = 0; i < 20; i++) await get('/tracking?province=33&year=2022');
      for (let i = 0; i < TRACKING_REQUESTS; i++) tracking.push(await timed(() => get('/tracking?province=33&year=2022')));
      reads.push(
        { label: `(r) rankEntries, ${ENTRIES} entries × ${JURORS} jurors × ${CRITERIA.length} criteria (pure)`, samples: pure, aimMs: 1000, aimAt: 'p95' },
        { label: '(r) GET /editions/:id/ranking, same data (200k scores folded to 25k sheets in SQL, rank, JSON)', samples: http, aimMs: 1000, aimAt: 'p95' },
        { label: `(t) GET /tracking, 35 regions × 30 entries (${seeded} + forwarded)`, samples: tracking, aimMs: 100, aimAt: 'p95' },
      );
    }
    // (w) runs on an instance of its own with the relay on, as deployed; (r) and (t) keep theirs free of it.
    await app.close();
    app = undefined;
    const writes = await measureNominationWrites(scratch, db, log);

    console.log(
      [
        ...(reads.length
          ? [
              '',
              `Lumbung nomination bench: ${machineLine()}; sequential runs after warm-up, times in ms`,
              '',
              table(reads),
              '',
              '(r) exact ranking: integer hundredths, means compared as fractions, tie-break on the heaviest criterion then submission.',
              '(t) one recursive query over the forwarding links, then a pure funnel builder; the token is checked on every request.',
            ]
          : []),
        '',
        `Lumbung nomination writes: ${machineLine(versions)}; ${CONNECTIONS} callers at once; ${ROUNDS} rotating rounds of ${DURATION_S} s after ${WARMUP_S} s of warm-up`,
        '',
        formatTable(writes),
        '',
        formatCpuTable(writes),
        '',
        WRITES_NOTE,
        'Ratios are the result; absolute numbers move with whatever else the machine runs.',
      ].join('\n'),
    );
    const file = writeResults('bench-nomination', { ...versions, connections: CONNECTIONS, durationS: DURATION_S, rounds: ROUNDS }, writes);
    log(`results written to ${file}`);
  } finally {
    await db.end().catch(() => undefined);
    await app?.close().catch((err: Error) => log(`closing the service: ${err.message}`));
    await scratch.drop(log);
  }
}

runBench('bench:nomination', runNominationBench);
