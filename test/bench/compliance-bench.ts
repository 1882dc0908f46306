import 'reflect-metadata';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { ComplianceService, PROVINCE_COMPLIANCE_SQL } from '../../apps/registry/src/compliance/compliance.service.js';
import { endOfYear } from '../../apps/registry/src/compliance/compliance-counts.js';
import { InnovationStore } from '../../apps/registry/src/innovations/innovation.store.js';
import { BenchScratch, benchLog, call, intOf, listenLocal, loadUpTo, machineLine, runBench, serverVersions } from './bench-kit.js';
import { benchToken } from './bench-env.js';
import { FIRST_YEAR, loadComplianceInnovations, PROVINCE_BY_INNOVATIONS, REGENCY_BY_INNOVATIONS, YEARS } from './compliance-corpus.js';
import { sampleRecord } from './raw-baselines.js';

/**
 * `npm run bench:compliance`: what "Satu OPD Satu Inovasi" compliance costs as the registry grows,
 * before (the walk over every innovation of each agency, the old queries kept in
 * compliance-corpus.ts) and after (the per-(agency, year) counts), each as a p95 of
 * BENCH_COMPLIANCE_RUNS runs and as a ratio to the plain first list page measured in the same run.
 * The aim (issue 20): the province's compliance within 3x of that page at 1,000,000 innovations.
 *
 * Then the outbox's size per event: BENCH_OUTBOX_EVENTS registrations through HTTP, and what their
 * outbox rows weigh (pg_column_size of the rows, and the table with its indexes per row).
 *
 * BENCH_COMPLIANCE_SIZES=1000 BENCH_COMPLIANCE_RUNS=3 BENCH_OUTBOX_EVENTS=50 is a smoke run (seconds);
 * the default sizes take a few minutes. BENCH_EXPLAIN=1 prints EXPLAIN ANALYZE of both province
 * queries at each size.
 */
const SIZES = (process.env.BENCH_COMPLIANCE_SIZES ?? '10000,100000').split(',').map(Number);
const RUNS = intOf('BENCH_COMPLIANCE_RUNS', 30);
const OUTBOX_EVENTS = intOf('BENCH_OUTBOX_EVENTS', 2000);
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
const WRITE_TRANSACTIONS = intOf('BENCH_COMPLIANCE_WRITES', 2000);
const WRITE_CONNECTIONS = 10;
const BATCH = 50_000;
const log = benchLog('compliance');

/** A year under way (most agencies have an innovation) and one just begun (none have yet: the old walk's worst case). */
const UNDER_WAY = FIRST_YEAR + YEARS - 1;
const JUST_BEGUN = FIRST_YEAR + YEARS;

const p95 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.ceil(samples.length * 0.95) - 1)];

async function timed(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up: plan cache, buffers
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return p95(samples);
}

async function main(): Promise<void> {
  const scratch = await BenchScratch.create('compliance');
  const versions = await serverVersions();
  const { app } = await createRegistryApp(scratch.serviceEnv({ PORT: '0', ROLE: 'all', DATABASE_POOL_SIZE: '4' }), { eventConsumer: false });
  try {
    await app.init(); // module init: the region catalog the reports read
    const db = app.get(DataSource);
    const store = app.get(InnovationStore);
    const compliance = app.get(ComplianceService);
    const rows: string[] = [];
    let loaded = 0;
    for (const size of SIZES) {
      loaded = await loadUpTo((sql, params) => db.query(sql, params), loadComplianceInnovations, {
        loaded,
        size,
        batch: BATCH,
        tables: 'registry.innovation, registry.agency, registry.compliance_count',
        log,
      });
      if (EXPLAIN) {
        for (const year of [UNDER_WAY, JUST_BEGUN]) {
          for (const [label, sql] of [
            ['before: the walk', PROVINCE_BY_INNOVATIONS],
            ['after: the counts', PROVINCE_COMPLIANCE_SQL],
          ] as const) {
            const plan: { 'QUERY PLAN': string }[] = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, ['33', year, endOfYear(year)]);
            console.log(`\nEXPLAIN ANALYZE, province 33, ${year}, ${label}, ${size} innovations:\n${plan.map((r) => r['QUERY PLAN']).join('\n')}\n`);
          }
        }
      }
      const page = await timed(() => store.list({ includeRetired: false }, null, 20));
      const ratio = (ms: number) => `${(ms / page).toFixed(1)}x`;
      rows.push(`| ${size.toLocaleString('en')} | first list page | - | ${page.toFixed(2)} | 1.0x |`);
      for (const year of [UNDER_WAY, JUST_BEGUN]) {
        const walk = await timed(() => db.query(PROVINCE_BY_INNOVATIONS, ['33', year, endOfYear(year)]));
        const counts = await timed(() => compliance.of('33', year));
        rows.push(`| ${size.toLocaleString('en')} | province 33, ${year} | before | ${walk.toFixed(2)} | ${ratio(walk)} |`);
        rows.push(`| ${size.toLocaleString('en')} | province 33, ${year} | after | ${counts.toFixed(2)} | ${ratio(counts)} |`);
      }
      const regencyWalk = await timed(() => db.query(REGENCY_BY_INNOVATIONS, ['33.19', UNDER_WAY, endOfYear(UNDER_WAY)]));
      const regencyCounts = await timed(() => compliance.of('33.19', UNDER_WAY));
      rows.push(`| ${size.toLocaleString('en')} | Kudus 33.19, ${UNDER_WAY} | before | ${regencyWalk.toFixed(2)} | ${ratio(regencyWalk)} |`);
      rows.push(`| ${size.toLocaleString('en')} | Kudus 33.19, ${UNDER_WAY} | after | ${regencyCounts.toFixed(2)} | ${ratio(regencyCounts)} |`);
    }
    console.log(`\nCompliance p95 by size (${RUNS} runs a case, ${machineLine(versions)})\n`);
    console.log('| innovations | case | query | p95 ms | vs first page |\n|---|---|---|---|---|');
    console.log(rows.join('\n'));

    if (WRITE_TRANSACTIONS > 0) await writeCost(db, scratch.databaseUrl);
    if (OUTBOX_EVENTS > 0) await outboxSize(app, db);
  } finally {
    await app.close();
    await scratch.drop(log);
  }
}

/**
 * What the count's trigger costs a registration: WRITE_TRANSACTIONS transactions shaped like one
 * (BEGIN, a one-row INSERT, a read on the same connection, COMMIT) over WRITE_CONNECTIONS connections,
 * all into ONE agency and year, the worst case (every transaction updates the same count row, and
 * waits for the one before it to commit), with the trigger enabled and disabled, alternating rounds.
 */
async function writeCost(db: DataSource, url: string): Promise<void> {
  const [{ id: agencyId }] = await db.query(`SELECT id FROM registry.agency WHERE region_code = '33.19' AND retired_at IS NULL ORDER BY name LIMIT 1`);
  const pool = new pg.Pool({ connectionString: url, max: WRITE_CONNECTIONS });
  const insert = `INSERT INTO registry.innovation (version, name, region_code, province_code, agency_id, type_code, stage, initiator, digital, form, government_affair, evidence, year_registered)
    VALUES (1, 'Inovasi tulis', '33.19', '33', $1, 'teknologi', 'penerapan', 'opd', true, 'pelayanan-publik', 'kesehatan', '[]', 2030)`;
  const round = async (): Promise<number> => {
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: WRITE_CONNECTIONS }, async () => {
        const client = await pool.connect();
        try {
          while (next++ < WRITE_TRANSACTIONS) {
            await client.query('BEGIN');
            await client.query(insert, [agencyId]);
            await client.query('SELECT 1');
            await client.query('COMMIT');
          }
        } finally {
          client.release();
        }
      }),
    );
    return WRITE_TRANSACTIONS / (Number(process.hrtime.bigint() - started) / 1e9);
  };
  const trigger = (on: boolean) => db.query(`ALTER TABLE registry.innovation ${on ? 'ENABLE' : 'DISABLE'} TRIGGER innovation_compliance_count_ins_del`);
  const results: { on: number[]; off: number[] } = { on: [], off: [] };
  try {
    for (let r = 0; r < 4; r++) {
      const on = r % 2 === 0;
      await trigger(on);
      results[on ? 'on' : 'off'].push(await round());
    }
  } finally {
    await trigger(true);
    await pool.end();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`\nRegistration-shaped writes into one agency and year, ${WRITE_CONNECTIONS} connections (${WRITE_TRANSACTIONS} transactions a round, 2 rounds each)\n`);
  console.log('| trigger | transactions/s (rounds) |\n|---|---|');
  console.log(`| on | ${results.on.map((x) => x.toFixed(0)).join(', ')} |`);
  console.log(`| off | ${results.off.map((x) => x.toFixed(0)).join(', ')} |`);
  console.log(`| on / off | ${((median(results.on) / median(results.off)) * 100).toFixed(0)}% |`);
}

/** Registrations through HTTP, then the weight of their outbox rows. */
async function outboxSize(app: Awaited<ReturnType<typeof createRegistryApp>>['app'], db: DataSource): Promise<void> {
  const url = await listenLocal(app);
  const token = benchToken({ sub: 'bench', role: 'province-admin', province: '33' });
  const agency = await call(`${url}/agencies`, token, 'POST', { regionCode: '33.19', name: 'Dinas Kesehatan Bench' });
  log(`registering ${OUTBOX_EVENTS} innovations for the outbox's size`);
  for (let n = 0; n < OUTBOX_EVENTS; n++) {
    await call(`${url}/innovations`, token, 'POST', { ...sampleRecord(), name: `${sampleRecord().name} ${n}`, regionCode: '33.19', agencyId: agency.id });
  }
  // Sent rows, as they are kept until the retention removes them; VACUUM so the table holds no dead versions of them.
  await db.query(`UPDATE registry.outbox SET sent_at = now() WHERE sent_at IS NULL`);
  await db.query('VACUUM ANALYZE registry.outbox');
  const [row] = await db.query(
    `SELECT count(*)::int AS rows,
            avg(pg_column_size(o.*))::int AS row_bytes,
            avg(pg_column_size(o.envelope))::int AS envelope_bytes,
            pg_table_size('registry.outbox')::bigint AS table_bytes,
            pg_indexes_size('registry.outbox')::bigint AS index_bytes
       FROM registry.outbox o`,
  );
  const perRow = (Number(row.table_bytes) + Number(row.index_bytes)) / row.rows;
  console.log(`\nOutbox size per event (${row.rows} innovation.registered rows, sent)\n`);
  console.log('| measure | bytes per row | per 1,000,000 events |\n|---|---|---|');
  const mb = (bytes: number) => `${((bytes * 1_000_000) / 1024 ** 3).toFixed(2)} GiB`;
  console.log(`| envelope (jsonb, pg_column_size) | ${row.envelope_bytes} | ${mb(row.envelope_bytes)} |`);
  console.log(`| whole row (pg_column_size) | ${row.row_bytes} | ${mb(row.row_bytes)} |`);
  console.log(`| table and its indexes on disk | ${perRow.toFixed(0)} | ${mb(perRow)} |`);
}

runBench('compliance', main);
