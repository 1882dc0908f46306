import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify';
import { DataSource } from 'typeorm';
import { templateHeaders, type CommandContext } from '@lumbung/platform';
import { RegistryImportsService } from '../../apps/registry/src/imports/registry-imports.service.js';
import { INNOVATION_TEMPLATE } from '../../apps/registry/src/imports/registry-templates.js';
import { yearInJakarta } from '../../apps/registry/src/innovations/innovation-rules.js';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { BenchScratch, benchLog, intOf, machineLine, runBench, serverVersions } from './bench-kit.js';

/**
 * `npm run bench:import`: a spreadsheet import of innovation rows through the registry's own code
 * (the validation pipe a row at a time, then InnovationsService.registerImported a batch of
 * IMPORT_BATCH_ROWS at a time: rows, history and outbox rows in one transaction, each event checked
 * against its contract), beside raw batched INSERTs of the same rows into the innovation table,
 * measured in the same run just before and just after the import: their mean is the baseline, so a
 * change of the machine's load during the run weighs on both sides. Then the peak resident memory
 * of the import of BENCH_IMPORT_SMALL rows and of BENCH_IMPORT_ROWS rows, in one process: a
 * streamed import's memory should not follow the file's size.
 *
 * The bench runs itself again under `--max-old-space-size=BENCH_IMPORT_HEAP_MB` (128 by default; 0
 * keeps V8's default heap). With the default heap V8 lets the heap grow for as long as it runs
 * (docs/performance.md has the peaks with either heap, and the heap left after a full collection); a capped old generation makes it collect instead, so the peak shows what
 * the import holds, and an import that kept something per row would run out of heap.
 *
 * BENCH_IMPORT_ROWS=500 BENCH_IMPORT_SMALL=200 is a smoke run (seconds); the default takes minutes.
 */
const ROWS = intOf('BENCH_IMPORT_ROWS', 100_000);
const SMALL = intOf('BENCH_IMPORT_SMALL', 10_000);
const HEAP_MB = intOf('BENCH_IMPORT_HEAP_MB', 128);
const RAW_BATCH = 1000;
const AGENCIES = 40;
const REGION = '33.21';
const log = benchLog('import');
const operator: CommandContext = { actor: { sub: 'bench', role: 'national-admin' }, correlationId: 'import-bench' };
const YEAR = yearInJakarta(new Date()) - 1;

const agencyName = (i: number) => `OPD Bench ${i % AGENCIES}`;

function record(i: number, tag: string): Record<string, string | number> {
  return {
    regionCode: REGION,
    agencyName: agencyName(i),
    name: `Inovasi ${tag} ${i}`,
    yearRegistered: YEAR,
    typeCode: 'teknologi',
    stage: 'penerapan',
    initiator: 'opd',
    digital: i % 2 ? 'ya' : 'tidak',
    form: 'pelayanan-publik',
    governmentAffair: 'kesehatan',
    trialStartedOn: '',
    implementedOn: '2024-08-17',
    problem: 'Warga menunggu lama untuk layanan yang bisa dijemput ke desa.',
    design: 'Petugas datang ke desa dengan perangkat keliling; antrean dibuka daring.',
    goals: 'Layanan selesai dalam satu kunjungan.',
    benefits: 'Warga hemat waktu dan ongkos.',
    results: `Sudah ${i % 500} layanan di desa.`,
  };
}

async function writeFile(path: string, rows: number, tag: string): Promise<void> {
  const out = createWriteStream(path);
  const csv = stringify();
  csv.pipe(out);
  csv.write(templateHeaders(INNOVATION_TEMPLATE, 'id'));
  for (let i = 0; i < rows; i++) {
    const r = record(i, tag);
    if (!csv.write(INNOVATION_TEMPLATE.columns.map((c) => r[c.field]))) await once(csv, 'drain');
  }
  csv.end();
  await once(out, 'finish');
}

/**
 * The same rows as plain multi-row INSERTs of RAW_BATCH rows into the innovation table (its indexes
 * and triggers, but no history, no outbox, no checks), under other names (`tag`) so the import's
 * natural keys do not meet them.
 */
async function rawInserts(db: DataSource, rows: number, agencyIds: string[], tag: string): Promise<number> {
  const started = process.hrtime.bigint();
  for (let from = 0; from < rows; from += RAW_BATCH) {
    const params: unknown[] = [];
    const values: string[] = [];
    for (let i = from; i < Math.min(rows, from + RAW_BATCH); i++) {
      const r = record(i, tag);
      const p = (v: unknown) => `$${params.push(v)}`;
      values.push(
        `(gen_random_uuid(), 1, ${p(r.name)}, ${p(REGION)}, '33', ${p(agencyIds[i % AGENCIES])}, 'teknologi', 'penerapan', 'opd', ${p(r.digital === 'ya')}, 'pelayanan-publik', 'kesehatan', NULL, ${p(r.implementedOn)}::date, ${p(r.problem)}, ${p(r.design)}, ${p(r.goals)}, ${p(r.benefits)}, ${p(r.results)}, NULL, '[]'::jsonb, ${p(YEAR)})`,
      );
    }
    await db.query(
      `INSERT INTO registry.innovation (id, version, name, region_code, province_code, agency_id, type_code, stage, initiator, digital, form, government_affair,
         trial_started_on, implemented_on, problem, design, goals, benefits, results, adaptation_notes, evidence, year_registered) VALUES ${values.join(', ')}`,
      params,
    );
  }
  return rows / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** Imports a file, sampling the resident memory while it runs; rows per second and the peak. */
async function importFile(imports: RegistryImportsService, path: string, rows: number): Promise<{ rowsPerSec: number; peakRssMb: number; peakHeapMb: number }> {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 100);
  const started = process.hrtime.bigint();
  let lastLog = Date.now();
  const summary = await imports.run('innovations', path, 'csv', operator, 'bench.csv', {
    onProgress: (p) => {
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        log(`${p.rows} of ${rows} rows`);
      }
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(timer);
  sample();
  if (summary.created !== rows || summary.failed !== 0) throw new Error(`expected ${rows} rows created, got ${JSON.stringify(summary)}`);
  return { rowsPerSec: rows / seconds, peakRssMb: peakRss / 2 ** 20, peakHeapMb: peakHeap / 2 ** 20 };
}

const loadAverage = () => loadavg().map((n) => n.toFixed(1)).join(' ');

async function main(): Promise<void> {
  const loadBefore = loadAverage();
  const scratch = await BenchScratch.create('import');
  const versions = await serverVersions();
  const dir = await mkdtemp(join(tmpdir(), 'lumbung-import-bench-'));
  const { app } = await createRegistryApp(scratch.serviceEnv({ PORT: '0', ROLE: 'all', RELAY_ENABLED: 'false', WORKER_ENABLED: 'false', DATABASE_POOL_SIZE: '10' }), { eventConsumer: false });
  try {
    await app.init();
    const db = app.get(DataSource);
    const imports = app.get(RegistryImportsService);
    const agencyIds: string[] = [];
    for (let i = 0; i < AGENCIES; i++) {
      const [row] = await db.query(`INSERT INTO registry.agency (region_code, name, version) VALUES ($1, $2, 1) RETURNING id`, [REGION, agencyName(i)]);
      agencyIds.push(row.id);
    }
    const small = join(dir, 'small.csv');
    const large = join(dir, 'large.csv');
    await writeFile(small, SMALL, 'kecil');
    await writeFile(large, ROWS, 'besar');
    log(`files written: ${SMALL} and ${ROWS} rows`);

    const rawBefore = await rawInserts(db, ROWS, agencyIds, 'raw-sebelum');
    log(`raw batched inserts: ${Math.round(rawBefore)} rows/s`);
    const smallRun = await importFile(imports, small, SMALL);
    log(`import of ${SMALL}: ${Math.round(smallRun.rowsPerSec)} rows/s, peak RSS ${smallRun.peakRssMb.toFixed(0)} MB`);
    const largeRun = await importFile(imports, large, ROWS);
    log(`import of ${ROWS}: ${Math.round(largeRun.rowsPerSec)} rows/s, peak RSS ${largeRun.peakRssMb.toFixed(0)} MB`);
    const rawAfter = await rawInserts(db, ROWS, agencyIds, 'raw-sesudah');
    log(`raw batched inserts again: ${Math.round(rawAfter)} rows/s`);
    const rawRate = (rawBefore + rawAfter) / 2;
    const [{ events }] = await db.query(`SELECT count(*)::int AS events FROM registry.outbox WHERE type = 'innovation.registered'`);

    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    const heap = HEAP_MB > 0 ? `old generation capped at ${HEAP_MB} MB` : "V8's default heap";
    console.log(`\n${machineLine(versions)}; ${heap}; load average before / after: ${loadBefore} / ${loadAverage()}\n`);
    console.log('| Rows | Import rows/s | Raw batched INSERT rows/s | Import / raw | Peak RSS (MB) | Peak heap (MB) |');
    console.log('|---|---|---|---|---|---|');
    console.log(`| ${fmt(SMALL)} | ${fmt(smallRun.rowsPerSec)} | | | ${smallRun.peakRssMb.toFixed(0)} | ${smallRun.peakHeapMb.toFixed(0)} |`);
    console.log(
      `| ${fmt(ROWS)} | ${fmt(largeRun.rowsPerSec)} | ${fmt(rawRate)} | ${((largeRun.rowsPerSec / rawRate) * 100).toFixed(1)}% | ${largeRun.peakRssMb.toFixed(0)} | ${largeRun.peakHeapMb.toFixed(0)} |`,
    );
    console.log(`\nRaw batched INSERTs before the import ${fmt(rawBefore)} rows/s, after it ${fmt(rawAfter)} rows/s (the table then held ${fmt(2 * ROWS + SMALL)} rows more); the table shows their mean.`);
    console.log(`Peak RSS at ${fmt(ROWS)} rows / at ${fmt(SMALL)} rows: ${(largeRun.peakRssMb / smallRun.peakRssMb).toFixed(2)}x; innovation.registered outbox rows: ${fmt(events)}`);
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
    await scratch.drop(log);
  }
}

if (HEAP_MB > 0 && !process.execArgv.some((arg) => arg.startsWith('--max-old-space-size'))) {
  // The same bench in a node with the old generation capped (see above); its output is this run's.
  const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${HEAP_MB}`, ...process.argv.slice(1)], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  runBench('import', main);
}
