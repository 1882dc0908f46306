import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { sampleRecord } from './raw-baselines.js';
import { percentile } from './bench-table.js';
import { benchToken } from './bench-env.js';
import { BenchScratch, benchLog, call, intOf, listenLocal, loadUpTo, machineLine, runBench, serverVersions } from './bench-kit.js';
import { COMMON_WORD, CORPUS_REGIONS, loadInnovations } from './innovation-corpus.js';

/**
 * `npm run bench:size` (also in `npm run bench`): what the registry's reads and a registration cost
 * as it grows (issue 20: "each grows no faster than logarithmically"). At each size of
 * BENCH_SIZE_SIZES (10000,100000; 1000000 works and takes about ten minutes more to load), loaded
 * by SQL with Indonesian texts (innovation-corpus.ts), each request runs BENCH_SIZE_RUNS times one
 * after another over HTTP against the registry in this process, and the table gives each one's p50
 * at every size and how much it grew per tenfold size. One caller at a time: this is the cost of a
 * request, not the throughput (the other benches measure that).
 *
 * A registration's cost is measured on the registry as loaded; the rows it adds (BENCH_SIZE_RUNS a
 * size) are a rounding error of the next size.
 */
const SIZES = (process.env.BENCH_SIZE_SIZES ?? '10000,100000').split(',').map(Number);
const RUNS = intOf('BENCH_SIZE_RUNS', 200);
const BATCH = 50_000;
/**
 * Logarithmic growth is 5/4 = 1.25x from 10,000 to 100,000 rows and 6/5 = 1.2x on to 1,000,000 (the
 * depth of a B-tree goes up by one level at most); the aim allows the noise of a shared machine on top.
 */
const GROWTH_AIM = 1.5;
const log = benchLog('bench:size');

const KUDUS = CORPUS_REGIONS[0];

interface Case {
  label: string;
  /** The request's path for its `run`th call at this size. */
  path: (run: number) => string;
  method?: 'GET' | 'POST';
  body?: () => unknown;
}

async function main(): Promise<void> {
  const scratch = await BenchScratch.create('size');
  const versions = await serverVersions();
  const { app } = await createRegistryApp(scratch.serviceEnv({ PORT: '0', ROLE: 'http', DATABASE_POOL_SIZE: '4' }), { eventConsumer: false });
  try {
    const url = await listenLocal(app);
    const db = app.get(DataSource);
    const token = benchToken({ sub: 'bench-size', role: 'region-admin', region: KUDUS });
    const table: Record<string, number[]> = {};
    let loaded = 0;
    for (const size of SIZES) {
      loaded = await loadUpTo((sql, params) => db.query(sql, params), loadInnovations, { loaded, size, batch: BATCH, tables: 'registry.innovation', log });

      // Ids spread over the whole table, a different one each call, so the reads are not of one cached row.
      const ids = (await db.query(`SELECT id FROM registry.innovation ORDER BY md5(id::text) LIMIT $1`, [RUNS])) as { id: string }[];
      const [agency] = (await db.query(`SELECT id FROM registry.agency WHERE region_code = $1 AND retired_at IS NULL LIMIT 1`, [KUDUS])) as { id: string }[];
      // A page deep in the list: the cursor the tenth page is asked with.
      let cursor: string | null = null;
      for (let page = 0; page < 9; page++) cursor = ((await call(`${url}/innovations?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, token, 'GET')) as { nextCursor: string | null }).nextCursor;
      let registered = 0;
      const cases: Case[] = [
        { label: 'GET /innovations/:id', path: (run) => `/innovations/${ids[run % ids.length].id}` },
        { label: 'GET /innovations (first page)', path: () => '/innovations?limit=20' },
        { label: 'GET /innovations (tenth page)', path: () => `/innovations?limit=20&cursor=${encodeURIComponent(cursor ?? '')}` },
        { label: `GET /innovations?q=${COMMON_WORD}`, path: () => `/innovations?limit=20&q=${COMMON_WORD}` },
        { label: `GET /innovations?q=${COMMON_WORD}&region`, path: () => `/innovations?limit=20&q=${COMMON_WORD}&region=${KUDUS}` },
        { label: 'GET /compliance (province 33)', path: () => '/compliance?region=33&year=2024' },
        { label: 'GET /compliance (a regency)', path: () => `/compliance?region=${KUDUS}&year=2024` },
        {
          label: 'POST /innovations',
          path: () => '/innovations',
          method: 'POST',
          body: () => ({ ...sampleRecord(), name: `Inovasi ukuran ${size} ${++registered}`, regionCode: KUDUS, agencyId: agency.id }),
        },
      ];
      for (const c of cases) {
        // Warm-up: plans, buffers, the route's first compile.
        for (let run = 0; run < 5; run++) await call(`${url}${c.path(run)}`, token, c.method ?? 'GET', c.body?.());
        const samples: number[] = [];
        for (let run = 0; run < RUNS; run++) {
          const t = performance.now();
          await call(`${url}${c.path(run)}`, token, c.method ?? 'GET', c.body?.());
          samples.push(performance.now() - t);
        }
        samples.sort((a, b) => a - b);
        (table[c.label] ??= []).push(percentile(samples, 50));
      }
      log(`measured at ${size}`);
    }

    const header = ['request', ...SIZES.map((s) => `p50 ms at ${s.toLocaleString('en')}`), 'growth per 10x', `aim <= ${GROWTH_AIM}x`];
    const rows = Object.entries(table).map(([label, p50s]) => {
      // Per tenfold size, whatever the sizes given: the geometric mean of the steps between them.
      const growth = p50s.length > 1 ? Math.pow(p50s[p50s.length - 1] / p50s[0], 1 / Math.log10(SIZES[SIZES.length - 1] / SIZES[0])) : NaN;
      return [label, ...p50s.map((p) => p.toFixed(2)), Number.isNaN(growth) ? '-' : `${growth.toFixed(2)}x`, Number.isNaN(growth) ? '-' : growth <= GROWTH_AIM ? 'met' : 'NO'];
    });
    console.log(`\nCost by size: p50 of ${RUNS} calls one at a time over HTTP (${machineLine(versions)})\n`);
    console.log([`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n'));
  } finally {
    await app.close();
    await scratch.drop(log);
  }
}

runBench('bench:size', main);
