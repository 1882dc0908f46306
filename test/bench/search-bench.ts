import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { InnovationStore, type ListFilters } from '../../apps/registry/src/innovations/innovation.store.js';
import { BenchScratch, benchLog, intOf, loadUpTo, machineLine, runBench, serverVersions } from './bench-kit.js';
import { COMMON_WORD, CORPUS_REGIONS, loadInnovations, RARE_WORD } from './innovation-corpus.js';

/**
 * `npm run bench:search`: what a search costs as the registry grows. At each size (loaded by SQL,
 * see innovation-corpus.ts) every case runs BENCH_SEARCH_RUNS times through the registry's own
 * list read (InnovationStore.list: the SQL, its statement timeout and the search gate, without
 * HTTP), and the table gives each case's p95 and its ratio to the plain first list page measured
 * in the same run. The aim (issue 20): every search within 3x of that page, at every size.
 *
 * BENCH_SEARCH_SIZES=1000 BENCH_SEARCH_RUNS=3 is the smoke check CI runs (seconds); the default
 * sizes take a few minutes, 1000000 about ten more. BENCH_EXPLAIN=1 prints EXPLAIN ANALYZE of the
 * common-word search at each size.
 */
const SIZES = (process.env.BENCH_SEARCH_SIZES ?? '10000,100000').split(',').map(Number);
const RUNS = intOf('BENCH_SEARCH_RUNS', 30);
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
const BATCH = 50_000;
const log = benchLog('search');

const KUDUS = CORPUS_REGIONS[0];
const CASES: { label: string; q?: string; regionCode?: string }[] = [
  { label: 'first list page' },
  { label: `common word (${COMMON_WORD})`, q: COMMON_WORD },
  { label: 'two words', q: `${COMMON_WORD} desa` },
  { label: `rare word (${RARE_WORD})`, q: RARE_WORD },
  { label: 'first list page, one region', regionCode: KUDUS },
  { label: 'common word, one region', q: COMMON_WORD, regionCode: KUDUS },
  { label: 'two words, one region', q: `${COMMON_WORD} desa`, regionCode: KUDUS },
  { label: 'rare word, one region', q: RARE_WORD, regionCode: KUDUS },
];

const p95 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.ceil(samples.length * 0.95) - 1)];

async function main(): Promise<void> {
  const scratch = await BenchScratch.create('search');
  const versions = await serverVersions();
  const { app } = await createRegistryApp(scratch.serviceEnv({ PORT: '0', ROLE: 'http', DATABASE_POOL_SIZE: '4', SEARCH_QUEUE_MS: '60000' }), { eventConsumer: false });
  try {
    const db = app.get(DataSource);
    const store = app.get(InnovationStore);
    const rows: string[] = [];
    let loaded = 0;
    for (const size of SIZES) {
      loaded = await loadUpTo((sql, params) => db.query(sql, params), loadInnovations, { loaded, size, batch: BATCH, tables: 'registry.innovation', log });
      if (EXPLAIN) {
        const { sql, params } = store.listStatement({ includeRetired: false, q: COMMON_WORD }, null, 20);
        const plan: { 'QUERY PLAN': string }[] = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        console.log(`\nEXPLAIN ANALYZE, common word, ${size} innovations:\n${plan.map((r) => r['QUERY PLAN']).join('\n')}\n`);
      }
      let baseline = 0;
      for (const c of CASES) {
        const filters: ListFilters = { includeRetired: false, q: c.q, regionCode: c.regionCode };
        await store.list(filters, null, 20); // warm-up: plan cache, buffers
        const samples: number[] = [];
        let found = 0;
        for (let run = 0; run < RUNS; run++) {
          const t = process.hrtime.bigint();
          found = (await store.list(filters, null, 20)).length;
          samples.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
        const ms = p95(samples);
        if (!c.q && !c.regionCode) baseline = ms;
        rows.push(`| ${size.toLocaleString('en')} | ${c.label} | ${found} | ${ms.toFixed(2)} | ${(ms / baseline).toFixed(1)}x |`);
      }
    }
    console.log(`\nSearch p95 by size (${RUNS} runs a case, ${machineLine(versions)})\n`);
    console.log('| innovations | case | rows | p95 ms | vs first page |\n|---|---|---|---|---|');
    console.log(rows.join('\n'));
  } finally {
    await app.close();
    await scratch.drop(log);
  }
}

runBench('search', main);
