import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { PDFParse } from 'pdf-parse';
import { templateHeaders, type CommandContext } from '@lumbung/platform';
import { expectEventually } from '@lumbung/testing';
import { NominationImportsService } from '../src/imports/nomination-imports.service.js';
import { NATIONAL_RESULT_TEMPLATE } from '../src/imports/national-results.template.js';
import { readSheetBack, sheetFolder, writeSheet } from '../../registry/test/sheet-files.js';
import { DEMAK, KUDUS, NATIONAL_2023, NominationHarness, tokens, wib } from './nomination-test.fixtures.js';

const operator: CommandContext = { actor: { sub: 'cli:operator', role: 'national-admin' }, correlationId: 'import-national-results' };

describe('importing the national results as published (real PostgreSQL and Redis)', () => {
  let h: NominationHarness;
  let imports: NominationImportsService;
  let folder: Awaited<ReturnType<typeof sheetFolder>>;
  const entryIds: Record<string, string> = {};
  let nationalId: string;

  beforeAll(async () => {
    h = await NominationHarness.start();
    imports = h.svc.app.get(NominationImportsService);
    folder = await sheetFolder();
    h.travelTo(wib('2023-03-13'));
    const national = await h.request('POST', '/editions', {
      token: tokens.nationalAdmin,
      body: { level: 'national', year: 2023, name: 'KIPP 2023', schedule: NATIONAL_2023, criteriaPreset: 'kipp-2023', autoAdvance: false },
    });
    expect(national.status).toBe(201);
    nationalId = national.body.id;
    await h.request('POST', `/editions/${national.body.id}/phase`, { token: tokens.nationalAdmin, body: { phase: 'submission' } });
    for (const [region, name] of [[KUDUS, 'Jos Pakk'], [KUDUS, 'Si Gesit'], [DEMAK, 'Lapak Ganjar']]) {
      const innovation = await h.innovation({ name, regionCode: region, provinceCode: '33' });
      const entry = await h.request('POST', `/editions/${national.body.id}/entries`, { token: tokens.nationalAdmin, body: { innovationId: innovation.id } });
      expect(entry.status).toBe(201);
      entryIds[name] = entry.body.id;
    }
  }, 90_000);
  afterAll(async () => {
    await h?.close();
    await folder?.cleanup();
  });

  it('records each result once through the same rule as the API, and lists the rows it cannot', async () => {
    const file = await writeSheet(join(folder.dir, 'hasil-kipp-2023.xlsx'), templateHeaders(NATIONAL_RESULT_TEMPLATE, 'id'), [
      ['KIPP 2023', KUDUS, 'Jos Pakk', 'Top 99'],
      [2023, DEMAK, 'lapak ganjar', 'Terpuji'],
      ['KIPP 2023', KUDUS, 'Tidak Ada', 'Top 45'],
      ['KIPP 2023', KUDUS, 'Si Gesit', 'Juara 1'],
    ]);
    const first = await imports.run('national-results', file, 'xlsx', operator);
    expect(first).toMatchObject({ rows: 4, created: 2, failed: 2 });
    const report = await readSheetBack(first.reportPath!);
    expect(report.rows.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([
      // The column as headed in the file, the template's "*" for a required one included.
      [4, 'Nama Inovasi *', 'not-found'],
      [5, 'Hasil *', 'field.not-allowed-value'],
    ]);
    expect((await h.request('GET', `/entries/${entryIds['Jos Pakk']}`, { token: tokens.nationalAdmin })).body).toMatchObject({ state: 'top-99', nationalResult: 'top-99' });

    const again = await imports.run('national-results', file, 'xlsx', operator);
    expect(again).toMatchObject({ created: 0, present: 2, failed: 2 });
    expect(await h.outboxTypes(entryIds['Jos Pakk'])).toEqual(['nomination.submitted', 'nomination.national-result']);

    // A result is only raised: a later list lowering it is refused as the API refuses it.
    const lower = await writeSheet(join(folder.dir, 'koreksi.csv'), NATIONAL_RESULT_TEMPLATE.columns.map((c) => c.en), [['KIPP 2023', KUDUS, 'Jos Pakk', 'not-selected']]);
    const refused = await imports.run('national-results', lower, 'csv', operator);
    expect(refused).toMatchObject({ created: 0, failed: 1 });
    expect((await readSheetBack(refused.reportPath!)).rows[1].slice(0, 3)).toEqual(['2', '', 'conflict']);
  });

  it("exports the edition's results as XLSX with numbers and dates, and the tracking as CSV", async () => {
    const res = await fetch(`${h.svc.baseUrl}/exports/results?edition=${nationalId}`, { headers: { authorization: `Bearer ${tokens.nationalAdmin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="hasil-kipp-2023.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1, 6)).toEqual(['Peringkat', 'Status', 'Nama Inovasi', 'Nama OPD', 'Kode Wilayah']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const rows: ExcelJS.Row[] = [];
    sheet.eachRow((r, n) => n > 1 && rows.push(r));
    expect(rows.map((r) => r.getCell(3).value).sort()).toEqual(['Jos Pakk', 'Lapak Ganjar', 'Si Gesit']);
    expect(rows.every((r) => r.getCell(7).value === 0 && r.getCell(14).value instanceof Date)).toBe(true);
    expect(rows.find((r) => r.getCell(3).value === 'Jos Pakk')!.getCell(13).value).toBe('top-99');

    const csv = await fetch(`${h.svc.baseUrl}/exports/tracking?province=33&year=2023&format=csv`, { headers: { authorization: `Bearer ${tokens.jatengAdmin}` } });
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\n')[0]).toBe(
      'Kode Wilayah,Kabupaten/Kota,Nama Inovasi,Nama OPD,Status Kabupaten/Kota,Peringkat Kabupaten/Kota,Status Provinsi,Peringkat Provinsi,Tahun Nasional,Hasil Nasional,Capaian',
    );
    const refused = await fetch(`${h.svc.baseUrl}/exports/tracking?province=35&year=2023`, { headers: { authorization: `Bearer ${tokens.jatengAdmin}` } });
    expect(refused.status).toBe(403);
  });

  it("writes an entry's proposal as PDF and DOCX in the KIPP layout, from the innovation it entered", async () => {
    const get = (path: string) => fetch(`${h.svc.baseUrl}${path}`, { headers: { authorization: `Bearer ${tokens.nationalAdmin}` } });
    const pdf = await get(`/entries/${entryIds['Jos Pakk']}/proposal.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe('attachment; filename="proposal-jos-pakk.pdf"');
    const parser = new PDFParse({ data: new Uint8Array(await pdf.arrayBuffer()) });
    const pdfText = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    for (const expected of ['Proposal Kompetisi Inovasi Pelayanan Publik 2023', 'Jos Pakk', 'Kabupaten Kudus', 'Latar Belakang dan Tujuan (bobot 10%)', 'Antrean panjang', 'Signifikansi (bobot 30%)', 'Diterapkan sejak 15 Januari 2020', 'Strategi Keberlanjutan']) {
      expect(pdfText).toContain(expected);
    }

    const docx = await get(`/entries/${entryIds['Jos Pakk']}/proposal.docx`);
    expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const zip = await JSZip.loadAsync(await docx.arrayBuffer());
    const docxText = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    for (const expected of ['Jos Pakk', 'Unit penyelenggara (OPD)', 'Latar Belakang dan Tujuan (bobot 10%)', 'Antrean panjang', 'diisi oleh pengusul']) {
      expect(docxText).toContain(expected);
    }
    expect((await get(`/entries/00000000-0000-4000-8000-000000000000/proposal.pdf`)).status).toBe(404);
  });

  it('takes the same file over HTTP: a worker runs it, its progress and report are readable, and the province admin may upload it', async () => {
    const csv = [templateHeaders(NATIONAL_RESULT_TEMPLATE, 'en').join(','), `KIPP 2023,${KUDUS},Si Gesit,Top 45`, `KIPP 2023,${KUDUS},Tidak Ada,Top 45`].join('\n');
    const upload = (token: string, body = csv) =>
      fetch(`${h.svc.baseUrl}/imports?kind=national-results&fileName=hasil-2023.csv`, { method: 'POST', body, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' } });
    expect((await upload(tokens.kudusAdmin)).status).toBe(403);
    const started = await upload(tokens.jatengAdmin);
    expect(started.status).toBe(202);
    const job = (await started.json()) as { id: string; kind: string };
    expect(job.kind).toBe('national-results');
    const done = await expectEventually(async () => {
      const view = await h.request('GET', `/imports/${job.id}`, { token: tokens.jatengAdmin });
      if (view.body.status !== 'done') throw new Error(`import ${view.body.status}`);
      return view.body;
    }, 30_000, 200);
    expect(done).toMatchObject({ rows: 2, created: 1, failed: 1, hasReport: true });
    expect((await h.request('GET', `/entries/${entryIds['Si Gesit']}`, { token: tokens.nationalAdmin })).body).toMatchObject({ nationalResult: 'top-45' });
    const report = await fetch(`${h.svc.baseUrl}/imports/${job.id}/report`, { headers: { authorization: `Bearer ${tokens.jatengAdmin}` } });
    expect(report.status).toBe(200);
    expect(await report.text()).toContain('not-found');
    // Someone else's import is not theirs to read.
    expect((await h.request('GET', `/imports/${job.id}`, { token: tokens.jatimAdmin })).status).toBe(404);
    const template = await fetch(`${h.svc.baseUrl}/import-templates/national-results?format=csv`, { headers: { authorization: `Bearer ${tokens.jatengAdmin}` } });
    expect((await template.text()).split('\n')[0]).toContain('Edisi');
  });
});
