import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { templateHeaders } from '@lumbung/platform';
import { createTestDatabase, createTestRedis, expectEventually, spawnService, startService, type RunningService, type ServiceProcess, type TestDatabase, type TestRedis } from '@lumbung/testing';
import { yearInJakarta } from '../src/innovations/innovation-rules.js';
import { IMPORT_BATCH_ROWS } from '../src/imports/registry-imports.service.js';
import { AGENCY_TEMPLATE, INNOVATION_TEMPLATE } from '../src/imports/registry-templates.js';
import { createRegistryApp } from '../src/registry.app.js';
import { DEMAK, nationalAdmin, regionAdmin } from './innovation-test.fixtures.js';
import { sheetFolder, writeSheet } from './sheet-files.js';

interface JobView {
  id: string;
  [field: string]: unknown;
}

const upload = (baseUrl: string, token: string, kind: string, fileName: string, body: Buffer, type = 'text/csv') =>
  fetch(`${baseUrl}/imports?kind=${kind}&fileName=${encodeURIComponent(fileName)}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: new Uint8Array(body) });

/** The events of GET /imports/:id/events until the server ends the stream. */
async function progressEvents(baseUrl: string, token: string, id: string): Promise<{ status: string; rows: number }[]> {
  const res = await fetch(`${baseUrl}/imports/${id}/events`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event: progress\ndata: '))
    .map((block) => JSON.parse(block.slice('event: progress\ndata: '.length)));
}

describe('imports over HTTP: upload, a worker runs it, progress as events, the report to download', () => {
  let registry: RunningService;
  let folder: Awaited<ReturnType<typeof sheetFolder>>;
  const demak = regionAdmin(DEMAK);

  beforeAll(async () => {
    registry = await startService(createRegistryApp);
    folder = await sheetFolder();
  });
  afterAll(async () => {
    await registry?.close();
    await folder?.cleanup();
  });

  it('hands out each template, in Indonesian or English', async () => {
    const res = await fetch(`${registry.baseUrl}/import-templates/innovations?lang=en`, { headers: { authorization: `Bearer ${demak}` } });
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="templat-innovations-en.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    expect((workbook.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(templateHeaders(INNOVATION_TEMPLATE, 'en'));
    const csv = await fetch(`${registry.baseUrl}/import-templates/agencies?format=csv`, { headers: { authorization: `Bearer ${demak}` } });
    expect((await csv.text()).split('\n')[0]).toBe('Kode Wilayah *,Nama OPD *');
  });

  it("imports Demak's OPDs uploaded by its admin, pushes the progress, and keeps the refused rows' report", async () => {
    const file = await writeSheet(join(folder.dir, 'opd.csv'), templateHeaders(AGENCY_TEMPLATE, 'id'), [
      [DEMAK, 'Dinas Kesehatan'],
      [DEMAK, 'Dinas Sosial'],
      ['33.19', 'Dinas Kesehatan'],
    ]);
    const started = await upload(registry.baseUrl, demak, 'agencies', 'opd.csv', await readFile(file));
    expect(started.status).toBe(202);
    const job = (await started.json()) as JobView;
    expect(job).toMatchObject({ kind: 'agencies', fileName: 'opd.csv', status: 'queued', totalBytes: (await readFile(file)).length });

    const events = await progressEvents(registry.baseUrl, demak, job.id);
    expect(events.at(-1)).toMatchObject({ status: 'done', rows: 3, created: 2, failed: 1, hasReport: true, attempts: 1 });
    const report = await fetch(`${registry.baseUrl}/imports/${job.id}/report`, { headers: { authorization: `Bearer ${demak}` } });
    expect(report.headers.get('content-disposition')).toBe('attachment; filename="opd.laporan.csv"');
    // A Demak admin may not register Kudus's OPDs: the row is refused as the API would refuse it.
    expect((await report.text()).split('\n')[1]).toMatch(/^4,,auth\.forbidden,/);
    // Another region's admin does not see it.
    expect((await registry.request('GET', `/imports/${job.id}`, { token: regionAdmin('33.19') })).status).toBe(404);
  });

  it('refuses an upload that is not a CSV or XLSX file', async () => {
    const res = await upload(registry.baseUrl, demak, 'agencies', 'opd.ods', Buffer.from('x'));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: unknown[] }).errors[0]).toMatchObject({ field: 'fileName', code: 'field.bad-format' });
    expect((await upload(registry.baseUrl, demak, 'kecamatan', 'opd.csv', Buffer.from('x'))).status).toBe(400);
  });
});

describe('an import whose worker is killed mid-file (kill -9) resumes on the next worker, adding nothing twice', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let first: ServiceProcess | undefined;
  let second: RunningService | undefined;
  let folder: Awaited<ReturnType<typeof sheetFolder>>;
  const ROWS = 3000;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    folder = await sheetFolder();
  });
  afterAll(async () => {
    first?.kill('SIGKILL');
    await second?.close();
    await redis?.cleanup();
    await db?.drop();
    await folder?.cleanup();
  });

  it('refuses the same file while it runs (409), and after the kill finishes it with every row once', async () => {
    const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, LOG_LEVEL: 'warn', IMPORT_LOCK_MS: '1000', RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_ADDRESS: '0' };
    first = await spawnService('registry', { env });
    await first.ready();
    const token = nationalAdmin();
    await first.request('POST', '/agencies', { token, body: { regionCode: DEMAK, name: 'Dinas Kesehatan' } });
    const year = yearInJakarta(new Date()) - 1;
    const row = (i: number) => {
      const v: Record<string, string | number> = { regionCode: DEMAK, agencyName: 'Dinas Kesehatan', name: `Inovasi ${i}`, yearRegistered: year, typeCode: 'teknologi', stage: 'inisiatif', initiator: 'opd', digital: 'ya', form: 'pelayanan-publik', governmentAffair: 'kesehatan' };
      return INNOVATION_TEMPLATE.columns.map((c) => v[c.field] ?? '');
    };
    const file = await readFile(await writeSheet(join(folder.dir, 'besar.csv'), templateHeaders(INNOVATION_TEMPLATE, 'id'), Array.from({ length: ROWS }, (_, i) => row(i))));
    const job = (await (await upload(first.baseUrl, token, 'innovations', 'besar.csv', file)).json()) as JobView;
    await expectEventually(async () => {
      const view = (await first!.request('GET', `/imports/${job.id}`, { token })).body;
      expect(view.status).toBe('running');
      expect(view.rows).toBeGreaterThan(200);
    }, 60_000);

    const again = await upload(first.baseUrl, token, 'innovations', 'besar.csv', file);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('import.running');

    first.kill('SIGKILL');
    await first.exited;
    // Counted before the next worker starts: what the killed one left behind.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const partial = Number((await client.query(`SELECT count(*) AS n FROM registry.innovation`)).rows[0].n);
    // Whole batches, none half: each stored row with its history row and its event, committed together.
    const left = (await client.query(`SELECT (SELECT count(*)::int FROM registry.innovation_history) AS history, (SELECT count(*)::int FROM registry.outbox WHERE type = 'innovation.registered') AS events`)).rows[0];
    await client.end();
    expect(partial % IMPORT_BATCH_ROWS).toBe(0);
    expect(left).toEqual({ history: partial, events: partial });
    second = await startService(createRegistryApp, { db, redis, env: { IMPORT_LOCK_MS: '1000' } });
    const stored = async () => Number((await second!.app.get(DataSource).query(`SELECT count(*) AS n FROM registry.innovation`))[0].n);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(ROWS);

    const done = await expectEventually(async () => {
      const view = (await second!.request('GET', `/imports/${job.id}`, { token })).body;
      expect(view.status).toBe('done');
      return view;
    }, 120_000);
    // The second attempt found the first's rows stored and added the rest.
    expect(done).toMatchObject({ attempts: 2, rows: ROWS, failed: 0, present: partial, created: ROWS - partial });
    expect(await stored()).toBe(ROWS);
    const [{ distinct }] = await second.app.get(DataSource).query(`SELECT count(DISTINCT name)::int AS distinct FROM registry.innovation`);
    expect(distinct).toBe(ROWS);
    const [{ events }] = await second.app.get(DataSource).query(`SELECT count(*)::int AS events FROM registry.outbox WHERE type = 'innovation.registered'`);
    expect(events).toBe(ROWS);
  }, 240_000);
});
