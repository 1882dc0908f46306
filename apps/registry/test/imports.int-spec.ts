import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { ErrorCode } from '@lumbung/contracts';
import { templateHeaders, type CommandContext, type Principal } from '@lumbung/platform';
import { EventCollector, expectEventually, startService, type RunningService } from '@lumbung/testing';
import { yearInJakarta } from '../src/innovations/innovation-rules.js';
import { RegistryImportsService } from '../src/imports/registry-imports.service.js';
import { AGENCY_TEMPLATE, INNOVATION_TEMPLATE } from '../src/imports/registry-templates.js';
import { createRegistryApp } from '../src/registry.app.js';
import { DEMAK, insertAgency, KUDUS, nationalAdmin } from './innovation-test.fixtures.js';
import { readSheetBack, sheetFolder, writeSheet } from './sheet-files.js';

const ctxOf = (actor: Principal): CommandContext => ({ actor, correlationId: `import-test-${actor.sub}` });
const operator = ctxOf({ sub: 'cli:operator', role: 'national-admin' });
const CURRENT_YEAR = yearInJakarta(new Date());
const LAST_YEAR = CURRENT_YEAR - 1;

const ID = templateHeaders(INNOVATION_TEMPLATE, 'id');
const EN = INNOVATION_TEMPLATE.columns.map((c) => c.en);

/** An innovation row in template order, good unless `changes` says otherwise. */
function innovationRow(name: string, changes: Record<string, string | number> = {}): (string | number)[] {
  const row: Record<string, string | number> = {
    regionCode: DEMAK,
    agencyName: 'Dinas Kesehatan',
    name,
    yearRegistered: LAST_YEAR,
    typeCode: 'teknologi',
    stage: 'Penerapan',
    initiator: 'OPD',
    digital: 'ya',
    form: 'Pelayanan Publik',
    governmentAffair: 'kesehatan',
    trialStartedOn: '',
    implementedOn: '17/08/2024',
    problem: 'Antrean panjang di puskesmas.',
    design: '',
    goals: '',
    benefits: '',
    results: '',
    ...changes,
  };
  return INNOVATION_TEMPLATE.columns.map((c) => row[c.field]);
}

describe('spreadsheet imports of the registry (agencies, innovations)', () => {
  let registry: RunningService;
  let imports: RegistryImportsService;
  let db: DataSource;
  let audit: EventCollector;
  let folder: Awaited<ReturnType<typeof sheetFolder>>;

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0].n);

  beforeAll(async () => {
    registry = await startService(createRegistryApp, { env: { EVENT_SUBSCRIBERS: 'audit:agency.*,innovation.*' } });
    audit = new EventCollector('audit-events', registry.redis.url, registry.redis.prefix);
    imports = registry.app.get(RegistryImportsService);
    db = registry.app.get(DataSource);
    folder = await sheetFolder();
  });
  afterAll(async () => {
    await audit?.close();
    await registry?.close();
    await folder?.cleanup();
  });

  it("imports Demak's OPDs from a CSV with Indonesian headers, and a second run adds nothing", async () => {
    const file = await writeSheet(join(folder.dir, 'opd-demak.csv'), templateHeaders(AGENCY_TEMPLATE, 'id'), [
      [DEMAK, 'Dinas Kesehatan'],
      [DEMAK, 'Dinas Kependudukan dan Pencatatan Sipil'],
      [DEMAK, '  Dinas  Pendidikan dan Kebudayaan '],
      [DEMAK, 'dinas kesehatan'],
      [KUDUS, 'Dinas Kesehatan'],
    ]);
    const first = await imports.run('agencies', file, 'csv', operator, 'opd-demak.csv');
    // The fourth row is the first's name in other letters: the same agency, already there.
    expect(first).toMatchObject({ rows: 5, created: 4, present: 1, failed: 0, reportPath: null, refused: false });
    expect(await count(`SELECT count(*) AS n FROM registry.agency WHERE region_code = $1`, [DEMAK])).toBe(3);
    expect(await count(`SELECT count(*) AS n FROM registry.agency WHERE name = 'Dinas Pendidikan dan Kebudayaan'`)).toBe(1);

    const again = await imports.run('agencies', file, 'csv', operator, 'opd-demak.csv');
    expect(again).toMatchObject({ rows: 5, created: 0, present: 5, failed: 0 });
    await expectEventually(() => expect(audit.ofType('agency.registered')).toHaveLength(4));
    expect(new Set(audit.ofType('agency.registered').map((e) => e.aggregateId)).size).toBe(4);
  });

  it('lists every bad row with its column, code and message, and stores nothing of them', async () => {
    const before = await count(`SELECT count(*) AS n FROM registry.innovation`);
    const outboxBefore = await count(`SELECT count(*) AS n FROM registry.outbox WHERE type = 'innovation.registered'`);
    const bad: [string, Record<string, string | number>, string, ErrorCode][] = [
      ['no name', { name: '' }, 'Innovation name', 'field.required'],
      ['name too long', { name: 'x'.repeat(201) }, 'Innovation name', 'field.max-length'],
      ['unknown stage', { stage: 'selesai' }, 'Stage', 'field.not-allowed-value'],
      ['digital maybe', { digital: 'mungkin' }, 'Digital', 'field.wrong-type'],
      ['not a date', { implementedOn: 'Agustus 2024' }, 'Implemented on', 'field.not-date'],
      ['implemented before trial', { stage: 'penerapan', trialStartedOn: '2024-09-01', implementedOn: '2024-08-01' }, 'Implemented on', 'field.before-other-date'],
      ['bad region code', { regionCode: '3321' }, 'Region code', 'field.bad-format'],
      ['year far back', { yearRegistered: 1999 }, 'Year', 'field.too-small'],
      ['year ahead', { yearRegistered: CURRENT_YEAR + 1 }, 'Year', 'field.too-large'],
      ['year as words', { yearRegistered: 'tahun lalu' }, 'Year', 'field.wrong-type'],
      ['unknown agency', { agencyName: 'Dinas Sulap' }, 'Agency name', 'innovation.agency-not-in-region'],
      ['unknown type', { typeCode: 'sulap' }, 'Innovation type', 'field.invalid'],
      ['no implementation date', { implementedOn: '' }, 'Implemented on', 'field.invalid'],
    ];
    const good = ['Si Jempol', 'Posyandu Digital', 'Antre Online Puskesmas'];
    const rows = [
      innovationRow(good[0]),
      ...bad.map(([name, changes]) => innovationRow(`Bad: ${name}`, changes)),
      innovationRow(good[1], { stage: 'uji-coba', trialStartedOn: '2024-03-01', implementedOn: '' }),
      innovationRow(good[2], { yearRegistered: '' }),
    ];
    const file = await writeSheet(join(folder.dir, 'inovasi-campur.xlsx'), EN, rows);
    const summary = await imports.run('innovations', file, 'xlsx', operator, 'inovasi-campur.xlsx');
    expect(summary).toMatchObject({ rows: rows.length, created: 3, present: 0, failed: bad.length, reportPath: join(folder.dir, 'inovasi-campur.laporan.xlsx') });

    const report = await readSheetBack(summary.reportPath!);
    // English headers in the file, an English report.
    expect(report.rows[0]).toEqual(['Row', 'Column', 'Code', 'Message', 'Value']);
    const listed = report.rows.slice(1).map(([row, column, code]) => ({ row, column, code }));
    bad.forEach(([, , column, code], i) => expect(listed).toContainEqual({ row: i + 3, column, code }));
    expect(new Set(listed.map((p) => p.row))).toEqual(new Set(bad.map((_, i) => i + 3)));
    expect(report.rows.slice(1).every(([, , , message]) => typeof message === 'string' && message.length > 0)).toBe(true);

    expect(await count(`SELECT count(*) AS n FROM registry.innovation`)).toBe(before + 3);
    expect(await count(`SELECT count(*) AS n FROM registry.innovation WHERE name LIKE 'Bad:%'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM registry.outbox WHERE type = 'innovation.registered'`)).toBe(outboxBefore + 3);
  });

  it("sets last year's yearRegistered only through an import, and its history says so", async () => {
    const [past] = await db.query(`SELECT id, year_registered AS year FROM registry.innovation WHERE name = 'Si Jempol'`);
    expect(past.year).toBe(LAST_YEAR);
    const history = await registry.request('GET', `/innovations/${past.id}/history`, { token: nationalAdmin() });
    expect(history.status).toBe(200);
    expect(history.body[0]).toMatchObject({ action: 'registered', note: `Diimpor dari berkas "inovasi-campur.xlsx"; tahun registrasi ${LAST_YEAR} (impor data tahun lalu)` });
    // An empty Tahun is this year.
    expect((await db.query(`SELECT year_registered AS year FROM registry.innovation WHERE name = 'Antre Online Puskesmas'`))[0].year).toBe(CURRENT_YEAR);
  });

  it('reads Indonesian headers and semicolons, and a re-run of the same file adds nothing and emits nothing', async () => {
    const rows = ['Kartu Sehat Desa', 'Ambulans Desa'].map((n) => innovationRow(n));
    const file = join(folder.dir, 'inovasi-2025.csv');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, [ID, ...rows].map((r) => r.map((v) => `"${String(v).replace(/"/g, '""')}"`).join(';')).join('\r\n'));
    const first = await imports.run('innovations', file, 'csv', operator, 'inovasi-2025.csv');
    expect(first).toMatchObject({ rows: 2, created: 2, failed: 0 });
    const outbox = await count(`SELECT count(*) AS n FROM registry.outbox`);
    const second = await imports.run('innovations', file, 'csv', operator, 'inovasi-2025.csv');
    expect(second).toMatchObject({ rows: 2, created: 0, present: 2, failed: 0 });
    expect(await count(`SELECT count(*) AS n FROM registry.outbox`)).toBe(outbox);
    // Every imported innovation's event, each once: 3 from the mixed file, 2 here.
    await expectEventually(() => expect(audit.ofType('innovation.registered')).toHaveLength(5));
    expect(new Set(audit.ofType('innovation.registered').map((e) => e.aggregateId)).size).toBe(5);
  });

  it('refuses a row outside the importing admin’s region and a text a database cannot hold, as the API would', async () => {
    const file = await writeSheet(join(folder.dir, 'kudus.csv'), ID, [innovationRow('Milik Demak'), innovationRow('Nul\u0000di tengah')]);
    const kudusAdmin = ctxOf({ sub: 'admin-kudus', role: 'region-admin', region: KUDUS });
    const summary = await imports.run('innovations', file, 'csv', kudusAdmin, 'kudus.csv');
    expect(summary).toMatchObject({ created: 0, failed: 2 });
    const report = await readSheetBack(summary.reportPath!);
    expect(report.rows[0]).toEqual(['Baris', 'Kolom', 'Kode', 'Pesan', 'Nilai']);
    expect(report.rows.slice(1).map((r) => [r[0], r[2]])).toEqual([
      ['2', 'auth.forbidden'],
      ['3', 'field.unstorable-text'],
    ]);
  });

  it('refuses a file whose header row lacks a required column, reading none of its rows', async () => {
    const file = await writeSheet(join(folder.dir, 'tanpa-nama.csv'), ['Kode Wilayah', 'Keterangan'], [[DEMAK, 'x']]);
    const summary = await imports.run('agencies', file, 'csv', operator, 'tanpa-nama.csv');
    expect(summary).toMatchObject({ refused: true, rows: 0, created: 0, ignoredColumns: ['Keterangan'] });
    const report = await readSheetBack(summary.reportPath!);
    expect(report.rows.slice(1)).toEqual([['1', 'Nama OPD', 'field.required', 'The header row has no column "Nama OPD"', '']]);
  });

  it('checks every row in a dry run and stores nothing', async () => {
    const file = await writeSheet(join(folder.dir, 'coba.csv'), ID, [innovationRow('Uji Kering'), innovationRow('Uji Kering Buruk', { stage: 'x' })]);
    const before = await count(`SELECT count(*) AS n FROM registry.outbox`);
    const summary = await imports.run('innovations', file, 'csv', operator, 'coba.csv', { dryRun: true });
    expect(summary).toMatchObject({ dryRun: true, rows: 2, created: 1, failed: 1 });
    expect(await count(`SELECT count(*) AS n FROM registry.innovation WHERE name LIKE 'Uji Kering%'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM registry.outbox`)).toBe(before);
  });

  it('imports a file of 5,000 innovations, each once', async () => {
    const agencies = await Promise.all(['Kecamatan Bonang', 'Kecamatan Wedung', 'Kecamatan Mijen'].map((n) => insertAgency(registry, DEMAK, n)));
    expect(agencies).toHaveLength(3);
    const names = ['Kecamatan Bonang', 'Kecamatan Wedung', 'Kecamatan Mijen'];
    const rows = Array.from({ length: 5000 }, (_, i) => innovationRow(`Inovasi desa ${i + 1}`, { agencyName: names[i % 3] }));
    const file = await writeSheet(join(folder.dir, 'lima-ribu.csv'), ID, rows);
    const progress: number[] = [];
    const summary = await imports.run('innovations', file, 'csv', operator, 'lima-ribu.csv', { onProgress: (p) => progress.push(p.rows) });
    expect(summary).toMatchObject({ rows: 5000, created: 5000, failed: 0, reportPath: null });
    expect(await count(`SELECT count(*) AS n FROM registry.innovation WHERE name LIKE 'Inovasi desa %' AND year_registered = $1`, [LAST_YEAR])).toBe(5000);
    expect(progress.at(-1)).toBe(5000);
    expect(progress.length).toBeGreaterThan(10);
  });
});

