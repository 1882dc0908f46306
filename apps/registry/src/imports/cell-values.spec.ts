import { choiceValue, dayValue, yearValue, yesNoValue } from './cell-values.js';

describe('spreadsheet cell values', () => {
  it.each([
    ['Uji Coba', 'uji-coba'],
    [' PELAYANAN_PUBLIK ', 'pelayanan-publik'],
    ['Kepala  Daerah', 'kepala-daerah'],
    ['opd', 'opd'],
  ])('reads the choice %j as %j', (text, value) => expect(choiceValue(text)).toBe(value));

  it.each([
    ['Ya', true],
    ['yes', true],
    ['1', true],
    ['Tidak', false],
    ['no', false],
    ['0', false],
    ['mungkin', 'mungkin'],
  ])('reads %j as %j', (text, value) => expect(yesNoValue(text)).toBe(value));

  it.each([
    ['2024-08-17', '2024-08-17'],
    ['17/08/2024', '2024-08-17'],
    ['1-2-2023', '2023-02-01'],
    ['17.08.2024', '2024-08-17'],
    ['Agustus 2024', 'Agustus 2024'],
  ])('reads the day %j as %j', (text, value) => expect(dayValue(text)).toBe(value));

  it.each([
    ['2024', 2024],
    ['2024.0', 2024],
    ['24', null],
    ['dua ribu', null],
  ])('reads the year %j as %j', (text, value) => expect(yearValue(text)).toBe(value));
});
