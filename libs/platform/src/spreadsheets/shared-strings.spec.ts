import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { SharedStrings } from './shared-strings.js';
import { readSheet } from './spreadsheet-reader.js';

/** This process's temporary files: the strings' folders, and any copy of a sheet exceljs would make (tmp names them tmp-PID-…). */
const ours = () => readdirSync(tmpdir()).filter((f) => f.startsWith(`lumbung-shared-strings-${process.pid}-`) || f.startsWith(`tmp-${process.pid}-`));

describe('SharedStrings: an XLSX table of strings kept in a file', () => {
  it('hands back every string by its index, in any order, across blocks and past its cache', () => {
    const strings = new SharedStrings();
    try {
      // Multi-byte text, empty strings and a string longer than a block, among 20,000 (more than the cache holds).
      const texts = Array.from({ length: 20_000 }, (_, i) => (i % 997 === 0 ? '' : i % 1009 === 0 ? 'é'.repeat(70_000) : `Inovasi ${i}: jemput bola ✓ ${'x'.repeat(i % 50)}`));
      for (const text of texts) strings.add(text);
      expect(strings.length).toBe(texts.length);
      // Forward, as rows ask (a block at a time); then backward, as repeated values do (read alone, cached, evicted).
      const order = [...texts.keys()].concat([...texts.keys()].reverse(), [...texts.keys()].filter((i) => i % 7 === 0), [0, 19_999, 1009, 1009, 5]);
      const wrong = order.filter((i) => strings.get(i) !== texts[i]);
      expect(wrong).toEqual([]);
    } finally {
      strings.close();
    }
  });

  it("answers '' for an index the table lacks (a damaged file), and leaves no file once closed", () => {
    const before = new Set(ours());
    const strings = new SharedStrings();
    strings.add('satu');
    expect([strings.get(0), strings.get(1), strings.get(-1), strings.get(0.5)]).toEqual(['satu', '', '', '']);
    const mine = ours().filter((f) => !before.has(f));
    expect(mine).toHaveLength(1);
    strings.close();
    expect(existsSync(join(tmpdir(), mine[0]))).toBe(false);
  });
});

describe('readSheet of an XLSX file with shared strings', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'lumbung-reader-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads the first sheet with its shared, rich and dated cells, and leaves no temporary file behind', async () => {
    // Excel and exceljs both write the sheet before the table of shared strings, as here.
    const path = join(dir, 'inovasi.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Data');
    sheet.addRow(['Nama Inovasi', 'Tanggal Penerapan', 'Hasil']);
    sheet.addRow(['Si Jempol', new Date('2024-08-17T00:00:00Z'), { richText: [{ text: 'Tebal ', font: { bold: true } }, { text: 'dan biasa' }] }]);
    for (let i = 0; i < 3000; i++) sheet.addRow([`Inovasi ${i % 1500}`, '17/08/2024', 'Dinas Kesehatan']);
    workbook.addWorksheet('Petunjuk').addRow(['Isi satu inovasi per baris']);
    await workbook.xlsx.writeFile(path);

    const before = new Set(ours());
    const rows = [];
    for await (const row of readSheet(path, 'xlsx')) rows.push(row);

    expect(rows.slice(0, 3)).toEqual([
      { rowNumber: 1, cells: ['Nama Inovasi', 'Tanggal Penerapan', 'Hasil'] },
      { rowNumber: 2, cells: ['Si Jempol', '2024-08-17', 'Tebal dan biasa'] },
      { rowNumber: 3, cells: ['Inovasi 0', '17/08/2024', 'Dinas Kesehatan'] },
    ]);
    expect(rows).toHaveLength(3002);
    expect(rows[3001]).toEqual({ rowNumber: 3002, cells: ['Inovasi 1499', '17/08/2024', 'Dinas Kesehatan'] });
    expect(ours().filter((f) => !before.has(f))).toEqual([]);
  });

  it("reads the first tab, wherever the archive stores it, with the workbook's parts stored after it", async () => {
    // exceljs stores xl/workbook.xml and xl/styles.xml last, which its own streaming reader can
    // drop; and the first tab need not be the first sheet stored: here the tabs are reordered.
    const path = join(dir, 'urutan.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Petunjuk').addRow(['Isi satu inovasi per baris']);
    const data = workbook.addWorksheet('Data');
    data.addRow(['Nama Inovasi', 'Tanggal Penerapan']);
    data.addRow(['Si Jempol', new Date('2024-08-17T00:00:00Z')]);
    const zip = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
    const names = Object.keys(zip.files);
    expect(names.indexOf('xl/workbook.xml')).toBeGreaterThan(names.indexOf('xl/worksheets/sheet2.xml'));
    const xml = await zip.file('xl/workbook.xml')!.async('string');
    const tabs = /<sheets>(<sheet [^>]*\/>)(<sheet [^>]*\/>)<\/sheets>/.exec(xml)!;
    zip.file('xl/workbook.xml', xml.replace(tabs[0], `<sheets>${tabs[2]}${tabs[1]}</sheets>`));
    await writeFile(path, await zip.generateAsync({ type: 'nodebuffer' }));

    const rows = [];
    for await (const row of readSheet(path, 'xlsx')) rows.push(row.cells);
    expect(rows).toEqual([
      ['Nama Inovasi', 'Tanggal Penerapan'],
      ['Si Jempol', '2024-08-17'],
    ]);
  });

  it('stops early without leaving a file open or a temporary file behind', async () => {
    const path = join(dir, 'awal.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Data');
    for (let i = 0; i < 20_000; i++) sheet.addRow([`Inovasi ${i}`, 'Dinas Kesehatan']);
    await workbook.xlsx.writeFile(path);
    const before = new Set(ours());
    // What this process has open (Linux names each descriptor's file under /proc/self/fd).
    const openFiles = () => readdirSync('/proc/self/fd').map((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    });
    for await (const row of readSheet(path, 'xlsx')) if (row.rowNumber === 3) break;
    expect(openFiles()).not.toContain(path);
    expect(ours().filter((f) => !before.has(f))).toEqual([]);
  });

  it('refuses a file that is not a workbook with an error saying so', async () => {
    const path = join(dir, 'bukan.xlsx');
    await writeFile(path, 'Nama Inovasi,Tanggal\nSi Jempol,2024-08-17\n');
    const read = async () => {
      for await (const _ of readSheet(path, 'xlsx'));
    };
    await expect(read()).rejects.toThrow(/central directory/);
  });
});
