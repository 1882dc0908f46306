import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The search bench at its smallest (1,000 innovations, three runs a case: seconds), so CI notices
 * when a change breaks the bench itself. It checks that the bench runs through and prints every
 * case; it asserts no timing (that is what `npm run bench:search` is for, on a quiet machine).
 * Runs the built bench as `npm run bench:search` does: `npm test` builds before Jest.
 */
const BENCH = join(process.cwd(), 'dist/test/bench/search-bench.js');
const COMPLIANCE_BENCH = join(process.cwd(), 'dist/test/bench/compliance-bench.js');
const TRACKING_PAGE_BENCH = join(process.cwd(), 'dist/test/bench/tracking-page-bench.js');
const IMPORT_BENCH = join(process.cwd(), 'dist/test/bench/import-bench.js');
const STREAM_BENCH = join(process.cwd(), 'dist/test/bench/stream-bench.js');
const SIZE_BENCH = join(process.cwd(), 'dist/test/bench/size-bench.js');
const NOMINATION_BENCH = join(process.cwd(), 'dist/test/bench/nomination-bench.js');
const REPLICATION_BENCH = join(process.cwd(), 'dist/test/bench/replication-bench.js');
const LOAD_RUN = join(process.cwd(), 'dist/test/load/load-run.js');
/** The write benches at their smallest: two callers, one round of a second. */
const SMALLEST_ROUNDS = { BENCH_ROUNDS: '1', BENCH_DURATION_S: '1', BENCH_WARMUP_S: '1', BENCH_CONNECTIONS: '2' };

function run(env: Record<string, string>, bench = BENCH): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bench], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('bench smoke (search, 1,000 innovations)', () => {
  it('runs through and prints a row for every case', async () => {
    expect(existsSync(BENCH)).toBe(true);
    const { code, stdout, stderr } = await run({ BENCH_SEARCH_SIZES: '1000', BENCH_SEARCH_RUNS: '3', BENCH_EXPLAIN: '1' });
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    const rows = stdout.split('\n').filter((line) => line.startsWith('| 1,000 |'));
    expect(rows.length).toBe(8);
    expect(stdout).toContain('EXPLAIN ANALYZE, common word, 1000 innovations');
  });
});

describe('bench smoke (compliance and outbox size, 1,000 innovations)', () => {
  it('runs through and prints every case and the outbox sizes', async () => {
    expect(existsSync(COMPLIANCE_BENCH)).toBe(true);
    const { code, stdout, stderr } = await run({ BENCH_COMPLIANCE_SIZES: '1000', BENCH_COMPLIANCE_RUNS: '3', BENCH_OUTBOX_EVENTS: '20', BENCH_EXPLAIN: '1' }, COMPLIANCE_BENCH);
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout.split('\n').filter((line) => line.startsWith('| 1,000 |')).length).toBe(7);
    expect(stdout).toContain('EXPLAIN ANALYZE, province 33');
    expect(stdout).toContain('| table and its indexes on disk |');
  });
});

describe('bench smoke (the Pelacakan page in Chromium, one run)', () => {
  it('runs through and prints its row', async () => {
    expect(existsSync(TRACKING_PAGE_BENCH)).toBe(true);
    const { code, stdout, stderr } = await run({ BENCH_TRACKING_PAGE_RUNS: '1' }, TRACKING_PAGE_BENCH);
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout.split('\n').filter((line) => line.startsWith('| Pelacakan, Jawa Tengah 2022, 35 regions × 30 entries')).length).toBe(1);
  });
});

describe('bench smoke (spreadsheet import, 300 and 100 rows)', () => {
  it('runs through and prints both sizes beside the raw inserts', async () => {
    expect(existsSync(IMPORT_BENCH)).toBe(true);
    const { code, stdout, stderr } = await run({ BENCH_IMPORT_ROWS: '300', BENCH_IMPORT_SMALL: '100' }, IMPORT_BENCH);
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^\| 100 \| \d/m);
    expect(stdout).toMatch(/^\| 300 \| [\d,]+ \| [\d,]+ \| [\d.]+% \|/m);
    expect(stdout).toContain('innovation.registered outbox rows: 400');
  });
});

describe('bench smoke (event stream: relay, backfill, a dead subscriber; 500 events)', () => {
  it('runs through, checks the backfill and prints its three rows', async () => {
    expect(existsSync(STREAM_BENCH)).toBe(true);
    const { code, stdout, stderr } = await run(
      { BENCH_STREAM_EVENTS: '500', BENCH_ROUNDS: '1', BENCH_DURATION_S: '1', BENCH_WARMUP_S: '1', BENCH_STREAM_DEAD_BOUND: '20' },
      STREAM_BENCH,
    );
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^\| \(r\) relay, backlog of 500 /m);
    expect(stdout).toMatch(/^\| \(f\) backfill of 500 /m);
    expect(stdout).toMatch(/^\| \(w\) POST \/innovations, a dead subscriber /m);
    expect(stdout).toContain('Checked: 500 events, 500 distinct, 100 aggregates, 0 out of version order.');
  });
});

describe('bench smoke (cost by size, 1,000 and 2,000 innovations, three calls a request)', () => {
  it('runs through and prints a row for every request at both sizes', async () => {
    expect(existsSync(SIZE_BENCH)).toBe(true);
    const { code, stdout, stderr } = await run({ BENCH_SIZE_SIZES: '1000,2000', BENCH_SIZE_RUNS: '3' }, SIZE_BENCH);
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    const rows = stdout.split('\n').filter((line) => /^\| (GET|POST) /.test(line));
    expect(rows).toHaveLength(8);
    for (const row of rows) expect(row).toMatch(/^\| [^|]+ \| [\d.]+ \| [\d.]+ \| [\d.]+x \| (met|NO) \|$/);
  });
});

describe('bench smoke (nomination writes, (w) alone: two callers, one round of a second)', () => {
  it('runs through and prints a row for every write endpoint', async () => {
    expect(existsSync(NOMINATION_BENCH)).toBe(true);
    const { code, stdout, stderr } = await run({ ...SMALLEST_ROUNDS, BENCH_NOMINATION_WRITES_ONLY: '1', BENCH_NOMINATION_INNOVATIONS: '60' }, NOMINATION_BENCH);
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    // Five endpoints, each in the ratio table and in the CPU table.
    expect(stdout.split('\n').filter((line) => line.startsWith('| (w) ')).length).toBe(10);
    expect(stdout).toMatch(/^\| measurement +\| service µs +\| PostgreSQL µs/m);
  }, 180_000);
});

describe('bench smoke (replication: cycles and each step, two callers, one round of a second)', () => {
  it('runs through and prints the cycles and every step', async () => {
    expect(existsSync(REPLICATION_BENCH)).toBe(true);
    const { code, stdout, stderr } = await run({ ...SMALLEST_ROUNDS, BENCH_REPLICATION_ORIGINS: '20' }, REPLICATION_BENCH);
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    // Five endpoints, each in the ratio table and in the CPU table.
    expect(stdout.split('\n').filter((line) => line.startsWith('| (e) ')).length).toBe(10);
    expect(stdout).toMatch(/^\| measurement +\| service µs +\| PostgreSQL µs/m);
    expect(stdout).toMatch(/^\| \(d\) replication cycles/m);
  }, 180_000);
});

describe('bench smoke (load run: 10 connections, two runs of 3 s)', () => {
  // The load run fails on its own on a 5xx, a dropped connection, a lost event or a heap that grows.
  it('runs through, reconciles every event and reads each service heap after a collection', async () => {
    expect(existsSync(LOAD_RUN)).toBe(true);
    const { code, stdout, stderr } = await run({ LOAD_SECONDS: '3', LOAD_RUNS: '2', LOAD_CONNECTIONS: '10' }, LOAD_RUN);
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout.split('\n').filter((line) => line.startsWith('| total, all endpoints')).length).toBe(2);
    expect(stdout.split('\n').filter((line) => /^memory (registry|replication|nomination): .*: ok$/.test(line)).length).toBe(3);
  }, 180_000);
});
