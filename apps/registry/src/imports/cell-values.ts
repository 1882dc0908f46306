/**
 * How a spreadsheet cell becomes the value an API field takes. Only spellings people type for the
 * same value are mapped ("Uji Coba", "ya", 17/08/2024); anything else passes as written, so the
 * API's own check refuses it with its own code and message.
 */

/** "Uji Coba", "uji_coba", " UJI-COBA " → "uji-coba". */
export function choiceValue(text: string): string {
  return text.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

const YES = new Set(['ya', 'y', 'yes', 'true', '1', 'iya']);
const NO = new Set(['tidak', 't', 'no', 'n', 'false', '0', 'bukan']);

/** ya/tidak, yes/no, true/false, 1/0 → a boolean; anything else stays text (field.wrong-type). */
export function yesNoValue(text: string): boolean | string {
  const v = text.trim().toLowerCase();
  return YES.has(v) ? true : NO.has(v) ? false : text;
}

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/** YYYY-MM-DD as it is; 17/08/2024, 17-08-2024 or 17.08.2024 (day first, as in Indonesia) → 2024-08-17. */
export function dayValue(text: string): string {
  const m = DMY.exec(text.trim());
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : text.trim();
}

/** A four-digit year, or null when the cell is not one. */
export function yearValue(text: string): number | null {
  const v = text.trim().replace(/\.0$/, '');
  return /^\d{4}$/.test(v) ? Number(v) : null;
}
