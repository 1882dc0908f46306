import { cellText } from './spreadsheet-reader.js';
import { matchHeaders, templateHeaders, type SpreadsheetTemplate } from './spreadsheet-template.js';

const TEMPLATE: SpreadsheetTemplate = {
  kind: 'agencies',
  columns: [
    { field: 'regionCode', id: 'Kode Wilayah', en: 'Region code', required: true, example: '33.21' },
    { field: 'name', id: 'Nama OPD', en: 'Agency name', required: true, example: 'Dinas Kesehatan' },
    { field: 'note', id: 'Catatan', en: 'Note', required: false, example: '' },
  ],
};

describe('spreadsheet headers', () => {
  it('reads Indonesian or English headers in any order, case and spacing, with or without the template’s *', () => {
    const match = matchHeaders(TEMPLATE, ['agency  NAME', 'Kode Wilayah *', 'Keterangan', '']);
    expect(match.columns.map((c) => c?.field ?? null)).toEqual(['name', 'regionCode', null, null]);
    expect(match.missing).toEqual([]);
    expect(match.unknown).toEqual(['Keterangan']);
    expect(match.headerOf.get('name')).toBe('agency  NAME');
  });

  it('names the required columns a file lacks, and reads a field given twice from its first column', () => {
    const match = matchHeaders(TEMPLATE, ['Nama OPD', 'Agency name']);
    expect(match.missing.map((c) => c.field)).toEqual(['regionCode']);
    expect(match.unknown).toEqual(['Agency name']);
  });

  it('writes the header row in either language, the required columns marked', () => {
    expect(templateHeaders(TEMPLATE, 'id')).toEqual(['Kode Wilayah *', 'Nama OPD *', 'Catatan']);
    expect(templateHeaders(TEMPLATE, 'en')).toEqual(['Region code *', 'Agency name *', 'Note']);
  });
});

describe('spreadsheet cells as text', () => {
  it.each([
    [null, ''],
    [2024, '2024'],
    [true, 'true'],
    [new Date(Date.UTC(2024, 7, 17)), '2024-08-17'],
    [{ richText: [{ text: 'Dinas ' }, { text: 'Kesehatan' }] }, 'Dinas Kesehatan'],
    [{ formula: 'A1+1', result: 3 }, '3'],
    [{ text: 'tautan', hyperlink: 'https://example.id' }, 'tautan'],
  ])('reads %j as %j', (value, text) => expect(cellText(value)).toBe(text));
});
