import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { templateHeaders, type CommandContext } from '@lumbung/platform';
import { startService, type RunningService } from '@lumbung/testing';
import { yearInJakarta } from '../src/innovations/innovation-rules.js';
import { RegistryImportsService } from '../src/imports/registry-imports.service.js';
import { INNOVATION_TEMPLATE } from '../src/imports/registry-templates.js';
import { createRegistryApp } from '../src/registry.app.js';
import { DEMAK, insertAgency, nationalAdmin } from './innovation-test.fixtures.js';
import { readSheetBack, sheetFolder, writeSheet } from './sheet-files.js';

const operator: CommandContext = { actor: { sub: 'cli:operator', role: 'national-admin' }, correlationId: 'export-test' };
const LAST_YEAR = yearInJakarta(new Date()) - 1;
const FORMULA = '=HYPERLINK("http://evil.example","klik")';

describe('exports of the registry as XLSX and CSV (compliance, catalogue)', () => {
  let registry: RunningService;
  let folder: Awaited<ReturnType<typeof sheetFolder>>;

  const download = async (path: string) => {
    const res = await fetch(`${registry.baseUrl}${path}`, { headers: { authorization: `Bearer ${nationalAdmin()}` } });
    return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), body: Buffer.from(await res.arrayBuffer()) };
  };
  const workbookOf = async (body: Buffer) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    return workbook.worksheets[0];
  };

  beforeAll(async () => {
    registry = await startService(createRegistryApp);
    folder = await sheetFolder();
    await insertAgency(registry, DEMAK, 'Dinas Kesehatan');
    await insertAgency(registry, DEMAK, 'Dinas Sosial');
    await insertAgency(registry, DEMAK, '@Kecamatan Karanganyar');
    const row = (name: string) => {
      const values: Record<string, string | number> = { regionCode: DEMAK, agencyName: 'Dinas Kesehatan', name, yearRegistered: LAST_YEAR, typeCode: 'teknologi', stage: 'penerapan', initiator: 'opd', digital: 'ya', form: 'pelayanan-publik', governmentAffair: 'kesehatan', implementedOn: '2024-08-17' };
      return INNOVATION_TEMPLATE.columns.map((c) => values[c.field] ?? '');
    };
    const file = await writeSheet(join(folder.dir, 'inovasi.csv'), templateHeaders(INNOVATION_TEMPLATE, 'id'), [row('Si Jempol'), row(FORMULA)]);
    const summary = await registry.app.get(RegistryImportsService).run('innovations', file, 'csv', operator, 'inovasi.csv');
    expect(summary.created).toBe(2);
  });
  afterAll(async () => {
    await registry?.close();
    await folder?.cleanup();
  });

  it("writes the catalogue as XLSX: the import template's Indonesian headers, a frozen header row, numbers, dates and inert formulas", async () => {
    const res = await download(`/exports/catalogue?region=${DEMAK}&year=${LAST_YEAR}`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.disposition).toBe(`attachment; filename="katalog-inovasi-33-21-${LAST_YEAR}.xlsx"`);
    const sheet = await workbookOf(res.body);
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 4)).toEqual(['Kode Wilayah', 'Nama OPD', 'Nama Inovasi', 'Tahun']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(3).width).toBe(48);
    const byName = new Map<string, ExcelJS.Row>();
    sheet.eachRow((r, n) => n > 1 && byName.set(String(r.getCell(3).value), r));
    expect([...byName.keys()].sort()).toEqual([`'${FORMULA}`, 'Si Jempol']);
    const jempol = byName.get('Si Jempol')!;
    expect(jempol.getCell(4).value).toBe(LAST_YEAR);
    expect(jempol.getCell(12).value).toEqual(new Date(Date.UTC(2024, 7, 17)));
    expect(jempol.getCell(12).numFmt).toBe('dd/mm/yyyy');
    expect(jempol.getCell(8).value).toBe('Ya');
    expect(jempol.getCell(18).value).toBeInstanceOf(Date);
  });

  it('writes the same catalogue as CSV, which reads back in as an import adding nothing', async () => {
    const res = await download(`/exports/catalogue?region=${DEMAK}&format=csv`);
    expect(res.type).toBe('text/csv; charset=utf-8');
    const file = join(folder.dir, 'katalog.csv');
    await writeFile(file, res.body);
    const { rows } = await readSheetBack(file);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r[2])).toContain(`'${FORMULA}`);
    expect(rows.find((r) => r[2] === 'Si Jempol')![11]).toBe('2024-08-17');
    const again = await registry.app.get(RegistryImportsService).run('innovations', file, 'csv', operator, 'katalog.csv');
    // The formula's name comes back with its apostrophe: a new name, the one row the round trip adds.
    expect(again).toMatchObject({ rows: 2, present: 1, created: 1, failed: 0, ignoredColumns: ['Didaftarkan (WIB)', 'ID Inovasi'] });
  });

  it("writes a regency's compliance with counts as numbers, and a province's per regency", async () => {
    const regency = await workbookOf((await download(`/exports/compliance?region=${DEMAK}&year=${LAST_YEAR}`)).body);
    const rows = regency.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    expect((regency.getRow(1).values as unknown[]).slice(1)).toEqual(['Kode Wilayah', 'Tahun', 'Nama OPD', 'Jumlah Inovasi', 'Memenuhi Satu OPD Satu Inovasi']);
    expect(rows).toEqual([
      [DEMAK, LAST_YEAR, "'@Kecamatan Karanganyar", 0, 'Tidak'],
      // Two imported, and the one the CSV round trip added.
      [DEMAK, LAST_YEAR, 'Dinas Kesehatan', 3, 'Ya'],
      [DEMAK, LAST_YEAR, 'Dinas Sosial', 0, 'Tidak'],
    ]);
    const province = await workbookOf((await download(`/exports/compliance?region=33&year=${LAST_YEAR}`)).body);
    let demak: unknown[] = [];
    province.eachRow((r) => r.getCell(1).value === DEMAK && (demak = (r.values as unknown[]).slice(1)));
    expect(demak.slice(2, 7)).toEqual([LAST_YEAR, 3, 1, 2, 33.3]);
  });

  it("writes one innovation in the fields of the IID report, dates as dates and what the registry lacks left empty", async () => {
    const [{ id }] = await registry.app.get(DataSource).query(`SELECT id FROM registry.innovation WHERE name = 'Si Jempol'`);
    const res = await download(`/exports/innovations/${id}/iid`);
    expect(res.status).toBe(200);
    expect(res.disposition).toBe('attachment; filename="iid-si-jempol.xlsx"');
    const sheet = await workbookOf(res.body);
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const values = Object.fromEntries(headers.map((h, n) => [h, sheet.getRow(2).getCell(n + 1).value]));
    expect(values).toMatchObject({
      'Nama Inovasi Daerah': 'Si Jempol',
      'Perangkat Daerah': 'Dinas Kesehatan',
      'Tahapan Inovasi': 'Penerapan',
      'Inisiator Inovasi Daerah': 'OPD',
      'Jenis Inovasi': 'Digital',
      'Bentuk Inovasi Daerah': 'Pelayanan Publik',
      'Urusan Pemerintahan': 'kesehatan',
      'Waktu Penerapan Inovasi Daerah': new Date(Date.UTC(2024, 7, 17)),
      Tahun: LAST_YEAR,
    });
    expect(values['Inovasi Terkait Covid-19']).toBeNull();
    expect(values['Anggaran']).toBeNull();
    expect((await registry.request('GET', '/exports/innovations/00000000-0000-4000-8000-000000000000/iid', { token: nationalAdmin() })).status).toBe(404);
  });

  it('refuses a bad format or region with a 400 naming the field', async () => {
    const res = await registry.request('GET', `/exports/catalogue?region=${DEMAK}&format=ods`, { token: nationalAdmin() });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'format', code: 'field.not-allowed-value' });
    expect((await registry.request('GET', '/exports/compliance?region=99.99', { token: nationalAdmin() })).status).toBe(400);
    expect((await registry.request('GET', `/exports/catalogue?region=${DEMAK}`)).status).toBe(401);
  });
});
