import { describe, expect, it } from 'vitest';
// The services' catalogue itself, not a copy: a code added there fails here until it has its texts.
import { ERROR_CODES } from '../../../../libs/contracts/src/http/error-codes.js';
import i18n from '../i18n/i18n.js';
import en from '../locales/en/translation.json';
import id from '../locales/id/translation.json';
import { ApiError } from './api-error.js';
import { errorTextKey, explainError, fieldErrorText, fieldErrorTexts, INVALID_FIELD_TEXTS } from './error-text.js';

type Tree = { [key: string]: string | Tree };
const lookup = (tree: Tree, key: string): unknown => key.split('.').reduce<unknown>((node, part) => (node as Tree | undefined)?.[part], tree);

/** The limits a field code carries beside it (libs/platform/src/http/field-error-codes.ts). */
const PARAMS: Partial<Record<keyof typeof ERROR_CODES, string[]>> = {
  'field.wrong-type': ['expected'],
  'field.max-length': ['max'],
  'field.too-many-words': ['max'],
  'field.min-length': ['min'],
  'field.too-small': ['min'],
  'field.too-large': ['max'],
  'field.too-few-items': ['min'],
  'field.too-many-items': ['max'],
  'field.before-other-date': ['other'],
};

describe('every error code the services can produce has a text in the console', () => {
  const codes = Object.keys(ERROR_CODES) as Array<keyof typeof ERROR_CODES>;

  it.each([
    ['id', id],
    ['en', en],
  ] as const)('%s: a non-empty text per code, naming only the limits the code carries', (_lang, tree) => {
    const missing = codes.filter((code) => typeof lookup(tree as Tree, errorTextKey(code)) !== 'string' || !(lookup(tree as Tree, errorTextKey(code)) as string).trim());
    expect(missing).toEqual([]);
    const strayPlaceholders = codes.flatMap((code) =>
      [...(lookup(tree as Tree, errorTextKey(code)) as string).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).filter((p) => !(PARAMS[code] ?? []).includes(p)).map((p) => `${code}: {{${p}}}`),
    );
    expect(strayPlaceholders).toEqual([]);
  });

  it('no text of the errors section stands for a code the catalogue does not have', () => {
    const keysOf = (tree: Tree, prefix = ''): string[] => Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keysOf(v, `${prefix}${k}.`)));
    expect(keysOf((id as unknown as { errors: Tree }).errors).filter((code) => !(code in ERROR_CODES))).toEqual([]);
  });
});

describe('explaining a refusal', () => {
  const t = i18n.getFixedT('id');
  const exists = (key: string) => i18n.exists(key, { lng: 'id' });

  it("says the code's text, and falls back to the status for a code it does not know", () => {
    expect(explainError(new ApiError(400, 'replication.own-region', null), t, exists)).toBe('Inovasi tidak dapat direplikasi ke daerah asalnya sendiri.');
    expect(explainError(new ApiError(409, 'some.future-code', null), t, exists)).toBe(t('errors.conflict'));
    expect(explainError(new Error('offline'), t, exists)).toBe(t('errors.service.unavailable'));
  });

  it("puts each field's text under its path, with the check's limit filled in, two texts of one field joined", () => {
    // The shape the services answer (libs/contracts FieldError): the limits beside the code.
    const body = {
      code: 'validation.failed',
      errors: [
        { field: 'name', messages: ['x'], code: 'field.required' },
        { field: 'name', messages: ['y'], code: 'field.max-length', max: 200 },
        { field: 'facilitator.name', messages: ['z'], code: 'field.required' },
        { field: 'digital', messages: ['x'], code: 'field.wrong-type', expected: 'boolean' },
      ],
    };
    expect(fieldErrorTexts(new ApiError(400, 'validation.failed', body), t)).toEqual({
      name: 'Wajib diisi. Paling banyak 200 karakter.',
      'facilitator.name': 'Wajib diisi.',
      digital: 'Isian harus berupa ya atau tidak.',
    });
    expect(fieldErrorTexts(new ApiError(409, 'version.stale', {}), t)).toEqual({});
  });

  const label = (f: string) => t(`innovation.fields.${f}`);
  it.each([
    [{ field: 'evidence.0.url', messages: ['url must be an http(s) URL'], code: 'field.not-url' }, 'Tulis alamat lengkap yang diawali https:// atau http://.'],
    [{ field: 'implementedOn', messages: ['x'], code: 'field.before-other-date', other: 'trialStartedOn' }, 'Tidak boleh sebelum Mulai uji coba.'],
    [{ field: 'typeCode', messages: ['typeCode sulap is not active'], code: 'field.invalid' }, 'Jenis ini tidak aktif di kabupaten/kota tersebut. Pilih dari daftar.'],
    [{ field: 'agencyId', messages: ['x'], code: 'innovation.agency-not-in-region' }, t('errors.innovation.agency-not-in-region')],
    [{ field: 'summary', messages: ['x'], code: 'field.too-many-words', max: 200 }, 'Paling banyak 200 kata.'],
    [{ field: 'name', messages: ['x'], code: 'a.code-the-console-does-not-know' }, 'Isian ini ditolak. Periksa lagi.'],
  ])('%j → %s, never the English message', (problem, text) => {
    expect(fieldErrorText(t, problem, label)).toBe(text);
  });

  it.each(INVALID_FIELD_TEXTS)('has a text of its own for a refused %s in both languages', (field) => {
    for (const lang of ['id', 'en'] as const) expect(i18n.exists(`fieldErrors.invalidField.${field}`, { lng: lang })).toBe(true);
  });
});
