import type { SpreadsheetTemplate } from '@lumbung/platform';

/**
 * The national (KemenPANRB) results as published: one innovation a row. Natural key: the national
 * edition + the innovation (its region and its name as entered), so the same list read twice
 * records nothing twice; a row raising a recorded result (Top 99 → Top 45) records the new one.
 */
export const NATIONAL_RESULT_TEMPLATE: SpreadsheetTemplate = {
  kind: 'national-results',
  columns: [
    { field: 'edition', id: 'Edisi', en: 'Edition', required: true, example: 'KIPP 2023', note: 'Nama edisi nasional, atau tahunnya (2023)' },
    { field: 'regionCode', id: 'Kode Wilayah', en: 'Region code', required: true, example: '33.19' },
    { field: 'innovationName', id: 'Nama Inovasi', en: 'Innovation name', required: true, example: 'Jos Pakk: layanan perizinan daring' },
    { field: 'result', id: 'Hasil', en: 'Result', required: true, example: 'Top 99', note: 'Top 99, Top 45, Terpuji, Tidak Terpilih' },
  ],
};

const RESULT_SPELLINGS: Record<string, string> = {
  'top 99': 'top-99',
  'top99': 'top-99',
  'top 45': 'top-45',
  'top45': 'top-45',
  'tidak terpilih': 'not-selected',
  'tidak lolos': 'not-selected',
  'not selected': 'not-selected',
};

/** "Top 99", "TOP-99", "Terpuji", "Tidak Terpilih" → the API's values; anything else as written (refused by the DTO). */
export function resultValue(text: string): string {
  const v = text.trim().toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ');
  return RESULT_SPELLINGS[v] ?? v.replace(/ /g, '-');
}
