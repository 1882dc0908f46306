import { describe, expect, it } from 'vitest';
// The services' catalogue itself, not a copy: a code added there fails here until it has its texts.
import { ERROR_CODES } from '../../../../libs/contracts/src/http/error-codes.js';
import i18n from '../i18n/i18n.js';
import en from '../locales/en/translation.json';
import id from '../locales/id/translation.json';
import { ApiError } from './api-error.js';
import { errorTextKey, explainError, fieldErrorTexts } from './error-text.js';

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

  it("puts each field's text under its path, with the check's limit filled in", () => {
    const body = { code: 'validation.failed', errors: [{ field: 'name', code: 'field.max-length', params: { max: 200 } }, { field: 'facilitator.name', code: 'field.required' }] };
    expect(fieldErrorTexts(new ApiError(400, 'validation.failed', body), t)).toEqual({ name: 'Terlalu panjang: maksimal 200 karakter.', 'facilitator.name': 'Wajib diisi.' });
  });
});
