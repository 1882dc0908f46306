import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TYPES, STAGES } from '../catalogue/catalogue-filters.js';
import { ROLES, SECTIONS } from '../app/permissions.js';
import { CONTENT_FIELDS } from '../innovations/innovation-draft.js';
import { LEVELS, PHASES } from '../competitions/competition-rules.js';
import type { EntryState } from '../competitions/competitions.types.js';
import en from '../locales/en/translation.json';
import id from '../locales/id/translation.json';

type Tree = { [key: string]: string | Tree };

function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keysOf(v, `${prefix}${k}.`)));
}

/** Every state an entry can be in, checked against the generated API type: a new state fails the type check until it is here. */
const ENTRY_STATES = Object.keys({
  draft: 1, submitted: 1, returned: 1, admitted: 1, rejected: 1, withdrawn: 1, scored: 1, finalist: 1, winner: 1, 'not-selected': 1, disqualified: 1, 'top-99': 1, 'top-45': 1, terpuji: 1,
} satisfies Record<EntryState, 1>);

const PLURAL = /_(zero|one|two|few|many|other)$/;
/** A key as code asks for it: "catalogue.shown" stands for catalogue.shown_one and _other. */
const asked = (key: string) => key.replace(PLURAL, '');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Keys the code names literally: t('a.b'), t("a.b"), and ternaries of literals inside t(...). */
function literalKeysInCode(): string[] {
  const src = join(import.meta.dirname, '..');
  const keys = new Set<string>();
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, 'utf8');
    for (const call of text.matchAll(/\bt\(([^)]*)\)/g)) {
      for (const lit of call[1].matchAll(/'([a-zA-Z]+(?:\.[a-zA-Z-]+)+)'/g)) keys.add(lit[1]);
    }
  }
  return [...keys];
}

/** Keys the code builds from a list: t(`roles.${role}`) and the like. */
const builtKeys = [
  ...ROLES.map((r) => `roles.${r}`),
  ...SECTIONS.map((s) => `sections.${s}`),
  ...SECTIONS.filter((s) => s !== 'home').map((s) => `home.about.${s}`),
  ...STAGES.map((s) => `innovation.stages.${s}`),
  ...DEFAULT_TYPES.map((ty) => `innovation.types.${ty}`),
  ...['kepala-daerah', 'dprd', 'opd', 'asn', 'masyarakat'].map((i) => `innovation.initiators.${i}`),
  ...['tata-kelola', 'pelayanan-publik', 'lainnya'].map((f) => `innovation.forms.${f}`),
  ...['registered', 'revised', 'stage-changed', 'retired'].map((a) => `innovation.actions.${a}`),
  ...['id', 'en'].map((l) => `shell.languages.${l}`),
  ...['registry', 'replication', 'nomination'].map((s) => `operations.services.${s}`),
  ...['created', 'deactivated', 'reactivated', 'password-reset', 'password-changed'].map((a) => `accounts.audit.actions.${a}`),
  ...['deactivate', 'reactivate', 'password-reset'].flatMap((a) => ['button', 'confirm', 'consequence'].map((k) => `accounts.actions.${a}.${k}`)),
  ...['name', 'email', 'role', 'scope', 'status', 'lastSignIn', 'createdAt'].map((f) => `accounts.fields.${f}`),
  ...CONTENT_FIELDS.map((f) => `innovationForm.contentFields.${f}`),
  ...['planned', ...PHASES, 'closed'].map((p) => `competitions.phases.${p}`),
  ...LEVELS.map((l) => `tracking.levels.${l}`),
  ...ENTRY_STATES.map((s) => `tracking.states.${s}`),
  ...['not-selected', 'top-99', 'top-45', 'terpuji'].map((r) => `tracking.results.${r}`),
  ...['first', 'previous', 'next', 'last'].map((c) => `common.paging.${c}`),
  ...['umum', 'khusus', 'replikasi'].map((c) => `competitions.category.${c}`),
  ...['confirmed', 'not-confirmed'].map((o) => `competitions.entry.fieldCheckOutcomes.${o}`),
  ...['upheld', 'dismissed'].flatMap((o) => [`competitions.objections.outcomes.${o}`, `competitions.objections.consequences.${o}`]),
  ...['edit-proposal', 'admit', 'reject', 'return', 'withdraw', 'national-result', 'forward', 'object', 'present', 'field-check'].map((a) => `competitions.entry.actions.${a}`),
  ...['admit', 'reject', 'return', 'withdraw', 'national-result', 'object', 'present', 'field-check'].flatMap((a) => [`competitions.entry.consequences.${a}`, `competitions.entry.confirm.${a}`]),
];

describe('translations', () => {
  const locales = { id: keysOf(id as Tree), en: keysOf(en as Tree) };

  it('Indonesian and English have the same keys, none missing from either', () => {
    const onlyId = locales.id.filter((k) => !locales.en.includes(k));
    const onlyEn = locales.en.filter((k) => !locales.id.includes(k));
    expect({ missingInEnglish: onlyId, missingInIndonesian: onlyEn }).toEqual({ missingInEnglish: [], missingInIndonesian: [] });
  });

  it('no text is empty', () => {
    for (const [lang, tree] of Object.entries({ id, en })) {
      const empty = keysOf(tree as Tree).filter((k) => !k.split('.').reduce<any>((node, part) => node[part], tree).trim());
      expect({ lang, empty }).toEqual({ lang, empty: [] });
    }
  });

  it.each(['id', 'en'] as const)('every key the code uses exists in %s', (lang) => {
    const have = new Set(locales[lang].map(asked));
    const used = [...literalKeysInCode(), ...builtKeys];
    expect(used.length).toBeGreaterThan(50);
    expect(used.filter((k) => !have.has(k))).toEqual([]);
  });
});
