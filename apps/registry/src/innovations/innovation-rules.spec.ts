import { plainToInstance } from 'class-transformer';
import { ReviseInnovationDto } from '@lumbung/contracts';
import { changedFields, contentOf, dayInJakarta, isForwardMove, missingStageDate, parseIfMatch, yearInJakarta } from './innovation-rules.js';

const base = plainToInstance(ReviseInnovationDto, {
  name: 'Jos Pakk',
  typeCode: 'teknologi',
  initiator: 'opd',
  digital: true,
  form: 'pelayanan-publik',
  governmentAffair: 'kesehatan',
  trialStartedOn: '2022-01-10',
  evidence: [{ indicator: 'regulasi', url: 'https://jdih.kuduskab.go.id/a.pdf' }],
});

describe('stage rules', () => {
  it.each([
    ['inisiatif', 'uji-coba', true],
    ['inisiatif', 'penerapan', true],
    ['uji-coba', 'penerapan', true],
    ['uji-coba', 'uji-coba', false],
    ['penerapan', 'uji-coba', false],
    ['penerapan', 'inisiatif', false],
  ] as const)('%s → %s forward: %s', (from, to, forward) => {
    expect(isForwardMove(from, to)).toBe(forward);
  });

  it('asks uji-coba for a trial date and penerapan for an implementation date', () => {
    expect(missingStageDate('inisiatif', { trialStartedOn: null, implementedOn: null })).toBeNull();
    expect(missingStageDate('uji-coba', { trialStartedOn: null, implementedOn: '2022-01-01' })).toBe('trialStartedOn');
    expect(missingStageDate('uji-coba', { trialStartedOn: '2022-01-01', implementedOn: null })).toBeNull();
    expect(missingStageDate('penerapan', { trialStartedOn: '2022-01-01', implementedOn: null })).toBe('implementedOn');
    expect(missingStageDate('penerapan', { trialStartedOn: null, implementedOn: '2022-01-01' })).toBeNull();
  });
});

describe('If-Match', () => {
  it.each([
    [undefined, { kind: 'missing' }],
    ['', { kind: 'missing' }],
    ['"3"', { kind: 'version', version: 3 }],
    ['W/"12"', { kind: 'version', version: 12 }],
    ['7', { kind: 'version', version: 7 }],
    ['*', { kind: 'invalid' }],
    ['"0"', { kind: 'invalid' }],
    ['"abc"', { kind: 'invalid' }],
    ['"1", "2"', { kind: 'invalid' }],
  ])('%p → %p', (header, expected) => {
    expect(parseIfMatch(header)).toEqual(expected);
  });
});

describe('changedFields', () => {
  it('finds nothing when only absent and blank optional fields differ', () => {
    const same = contentOf(plainToInstance(ReviseInnovationDto, { ...base, problem: '  ', evidence: [{ indicator: 'regulasi', url: 'https://jdih.kuduskab.go.id/a.pdf', note: '' }] }));
    expect(changedFields(contentOf(base), same)).toEqual([]);
  });

  it('names each changed field, evidence compared as a whole', () => {
    const after = contentOf(
      plainToInstance(ReviseInnovationDto, {
        ...base,
        name: 'Jos Pakk 2',
        digital: false,
        implementedOn: '2022-06-01',
        evidence: [{ indicator: 'regulasi', url: 'https://jdih.kuduskab.go.id/b.pdf' }],
      }),
    );
    expect(changedFields(contentOf(base), after)).toEqual(['name', 'digital', 'implementedOn', 'evidence']);
  });
});

describe('days in Central Java (WIB, UTC+7)', () => {
  it('counts a registration at 18:00 UTC on 31 December as the next year', () => {
    expect(dayInJakarta(new Date('2023-12-31T18:00:00Z'))).toBe('2024-01-01');
    expect(yearInJakarta(new Date('2023-12-31T18:00:00Z'))).toBe(2024);
    expect(yearInJakarta(new Date('2023-12-31T16:59:59Z'))).toBe(2023);
  });
});
