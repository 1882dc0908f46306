import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultErrorCode, ERROR_CODES, isErrorCode } from '@lumbung/contracts';
import { CONSTRAINT_CODES } from '@lumbung/platform';

/** The services' and libraries' own source: no tests, no console (a client of the codes, not a producer). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'test', 'console', 'dist'].includes(entry.name) ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** A line that builds an error answer: an exception or error, a field error, or a member named code. */
const ERROR_LINE = /(Exception|Error)\(|invalidField\(|\bcode:/;
/** A code's shape: dotted lowercase words (auth.invalid-credentials); the undotted ones come from defaultErrorCode. */
const DOTTED_LITERAL = /'([a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z]+)*)'/g;

/** Every dotted literal on such a line in apps/ and libs/, with where it was found. */
function codesInSource(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...sourceFiles('apps'), ...sourceFiles('libs')]) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!ERROR_LINE.test(line)) return;
        for (const [, code] of line.matchAll(DOTTED_LITERAL)) if (!found.has(code)) found.set(code, `${file}:${i + 1}`);
      });
  }
  return found;
}

describe('the error code catalogue (libs/contracts ERROR_CODES)', () => {
  it('holds every code the source passes to an error', () => {
    const found = codesInSource();
    // The scan must see the codes it is meant to see, or an empty scan would pass.
    for (const known of ['auth.invalid-credentials', 'auth.refresh-token-reused', 'password.too-common', 'version.stale', 'replication.own-region', 'nomination.quota-reached', 'validation.failed', 'field.unstorable-text']) {
      expect(found.has(known)).toBe(true);
    }
    expect([...found].filter(([code]) => !isErrorCode(code)).map(([code, where]) => `${code} (${where})`)).toEqual([]);
  });

  it('holds every field code and every default code by status', () => {
    const defaults = Array.from({ length: 200 }, (_, i) => defaultErrorCode(400 + i));
    const fieldCodes = Object.values(CONSTRAINT_CODES).map((rule) => rule.code);
    expect([...defaults, ...fieldCodes, 'field.invalid'].filter((code) => !isErrorCode(code))).toEqual([]);
  });

  it('says for each code its status and what it means', () => {
    for (const [code, { status, meaning }] of Object.entries(ERROR_CODES)) {
      expect({ code, statuses: [status].flat().every((s) => s >= 400 && s < 600), meaning: meaning.length > 10 }).toEqual({ code, statuses: true, meaning: true });
    }
  });
});
