import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DataSource } from 'typeorm';
import { templateHeaders } from '@lumbung/platform';
import { startService, type RunningService } from '@lumbung/testing';
import { AGENCY_TEMPLATE } from '../../registry/src/imports/registry-templates.js';
import { createRegistryApp } from '../../registry/src/registry.app.js';
import { readSheetBack, sheetFolder, writeSheet } from '../../registry/test/sheet-files.js';
import { runExportCommand } from '../src/export-command.js';
import { EXIT, runImportCommand, type CliIo } from '../src/import-command.js';

/** Output streams as a pipe gives them to the CLI (not a terminal): plain progress lines. */
function io(env: Record<string, string>): CliIo & { text: () => string } {
  const out = new PassThrough() as unknown as NodeJS.WriteStream;
  const err = new PassThrough() as unknown as NodeJS.WriteStream;
  let text = '';
  (out as unknown as PassThrough).on('data', (c) => (text += c));
  (err as unknown as PassThrough).on('data', (c) => (text += c));
  return { out, err, env, text: () => text };
}

describe('npm run cli -- import (the command, on its own boot of the service)', () => {
  let registry: RunningService;
  let folder: Awaited<ReturnType<typeof sheetFolder>>;

  beforeAll(async () => {
    // Started for its migrated database; the command boots its own registry module on it.
    registry = await startService(createRegistryApp);
    folder = await sheetFolder();
  });
  afterAll(async () => {
    await registry?.close();
    await folder?.cleanup();
  });

  it('imports the good rows, writes the report beside the file, and exits 1 because a row was refused', async () => {
    const file = await writeSheet(join(folder.dir, 'opd-demak.xlsx'), templateHeaders(AGENCY_TEMPLATE, 'id'), [
      ['33.21', 'Dinas Kesehatan'],
      ['33.21', 'Badan Perencanaan Pembangunan Daerah'],
      ['3321', 'Dinas Sosial'],
    ]);
    const run = io(registry.env);
    expect(await runImportCommand('agencies', file, {}, run)).toBe(EXIT.rowsRefused);
    expect(run.text()).toContain('3 baris dibaca: 2 ditambahkan, 0 sudah ada, 1 ditolak.');
    expect(run.text()).toContain(`Laporan baris yang ditolak: ${join(folder.dir, 'opd-demak.laporan.xlsx')}`);
    expect((await readSheetBack(join(folder.dir, 'opd-demak.laporan.xlsx'))).rows[1].slice(0, 3)).toEqual([4, 'Kode Wilayah *', 'field.bad-format']);
    const [{ n }] = await registry.app.get(DataSource).query(`SELECT count(*)::int AS n FROM registry.agency WHERE region_code = '33.21'`);
    expect(n).toBe(2);
    // Who imported it: the operator's account, as the event's actor would show.
    const [{ correlation }] = await registry.app.get(DataSource).query(`SELECT envelope->>'correlationId' AS correlation FROM registry.outbox LIMIT 1`);
    expect(correlation).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('stores nothing in a dry run and exits 0 when every row is good', async () => {
    const file = await writeSheet(join(folder.dir, 'opd-kudus.csv'), AGENCY_TEMPLATE.columns.map((c) => c.en), [['33.19', 'Dinas Kesehatan']]);
    const run = io(registry.env);
    expect(await runImportCommand('agencies', file, { dryRun: true }, run)).toBe(EXIT.ok);
    expect(run.text()).toContain('Uji coba (--dry-run): tidak ada yang disimpan.');
    expect(run.text()).toContain('1 baris dibaca: 1 akan ditambahkan');
    const [{ n }] = await registry.app.get(DataSource).query(`SELECT count(*)::int AS n FROM registry.agency WHERE region_code = '33.19'`);
    expect(n).toBe(0);
  });

  it('refuses an unknown kind and a file it cannot read, exiting 2', async () => {
    const run = io(registry.env);
    expect(await runImportCommand('kecamatan', 'x.csv', {}, run)).toBe(EXIT.failed);
    expect(await runImportCommand('agencies', 'opd.ods', {}, run)).toBe(EXIT.failed);
    expect(run.text()).toContain('Unknown import "kecamatan"');
    expect(run.text()).toContain('only .csv and .xlsx files are read');
  });
});

describe('npm run cli -- export', () => {
  let registry: RunningService;
  let folder: Awaited<ReturnType<typeof sheetFolder>>;

  beforeAll(async () => {
    registry = await startService(createRegistryApp);
    folder = await sheetFolder();
    await registry.app.get(DataSource).query(`INSERT INTO registry.agency (region_code, name, version) VALUES ('33.21', '=cmd|calc', 1)`);
  });
  afterAll(async () => {
    await registry?.close();
    await folder?.cleanup();
  });

  it('writes the compliance of a regency where --out says, as GET /exports/compliance would', async () => {
    const out = join(folder.dir, 'kepatuhan.csv');
    const run = io(registry.env);
    expect(await runExportCommand('compliance', { region: '33.21', year: '2025', format: 'csv', out }, run)).toBe(EXIT.ok);
    expect(run.text()).toBe(`Ditulis: ${out}\n`);
    expect((await readSheetBack(out)).rows).toEqual([
      ['Kode Wilayah', 'Tahun', 'Nama OPD', 'Jumlah Inovasi', 'Memenuhi Satu OPD Satu Inovasi'],
      ['33.21', '2025', "'=cmd|calc", '0', 'Tidak'],
    ]);
  });

  it('refuses a bad option with the field it names, exiting 2', async () => {
    const run = io(registry.env);
    expect(await runExportCommand('compliance', { region: '33.21', format: 'pdf' }, run)).toBe(EXIT.failed);
    expect(run.text()).toContain('--format: format must be one of the following values: xlsx, csv (field.not-allowed-value)');
  });
});
