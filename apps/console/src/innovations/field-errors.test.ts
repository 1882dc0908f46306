import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error.js';
import en from '../locales/en/translation.json';
import id from '../locales/id/translation.json';
import { fieldErrorsByPath, fieldErrorText, FIELD_ERROR_CODES, INVALID_FIELD_TEXTS } from './field-errors.js';

const t = i18next.createInstance();
await t.init({ lng: 'id', resources: { id: { translation: id }, en: { translation: en } }, interpolation: { escapeValue: false } });
const label = (f: string) => t.t(`innovation.fields.${f}`);

const lookup = (tree: unknown, key: string) => key.split('.').reduce<any>((node, part) => node?.[part], tree);

describe('field error texts', () => {
  it.each(['id', 'en'] as const)('every field code the form explains has a %s text', (lang) => {
    const tree = { id, en }[lang];
    const keys = [...FIELD_ERROR_CODES.map((c) => `fieldErrors.${c}`), ...INVALID_FIELD_TEXTS.map((f) => `fieldErrors.invalidField.${f}`)];
    expect(keys.filter((k) => typeof lookup(tree, k) !== 'string')).toEqual([]);
  });

  it.each([
    [{ field: 'name', messages: ['name must be shorter'], code: 'field.max-length', max: 200 }, 'Paling banyak 200 karakter.'],
    [{ field: 'evidence.0.url', messages: ['url must be an http(s) URL'], code: 'field.not-url' }, 'Tulis alamat lengkap yang diawali https:// atau http://.'],
    [{ field: 'implementedOn', messages: ['x'], code: 'field.before-other-date', other: 'trialStartedOn' }, 'Tidak boleh sebelum Mulai uji coba.'],
    [{ field: 'typeCode', messages: ['typeCode sulap is not active'], code: 'field.invalid' }, 'Jenis ini tidak aktif di kabupaten/kota tersebut. Pilih dari daftar.'],
    [{ field: 'agencyId', messages: ['x'], code: 'innovation.agency-not-in-region' }, 'Perangkat daerah ini tidak aktif di kabupaten/kota tersebut.'],
    [{ field: 'name', messages: ['x'], code: 'a.code-the-console-does-not-know' }, 'Isian ini ditolak. Periksa lagi.'],
  ])('%j → %s, never the English message', (error, text) => {
    expect(fieldErrorText(t.t, error, label)).toBe(text);
  });

  it('gathers an answer by field path, joining two texts of one field', () => {
    const answer = new ApiError(400, 'validation.failed', {
      errors: [
        { field: 'digital', messages: ['x'], code: 'field.wrong-type', expected: 'boolean' },
        { field: 'name', messages: ['x'], code: 'field.required' },
        { field: 'name', messages: ['y'], code: 'field.max-length', max: 200 },
      ],
    });
    expect(fieldErrorsByPath(t.t, answer, label)).toEqual({ digital: 'Isian harus berupa ya atau tidak.', name: 'Wajib diisi. Paling banyak 200 karakter.' });
    expect(fieldErrorsByPath(t.t, new ApiError(409, 'version.stale', {}), label)).toEqual({});
  });
});
