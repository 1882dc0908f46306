import { describe, expect, it } from 'vitest';
import { importKindsFor, progressPercent, serviceOf, uploadTypeOf } from './import-rules.js';

describe('what the import page offers', () => {
  it.each([
    ['national-admin', ['agencies', 'innovations', 'national-results']],
    ['province-admin', ['agencies', 'innovations', 'national-results']],
    ['region-admin', ['agencies', 'innovations']],
    ['agency-staff', ['innovations']],
    ['juror', []],
    ['service', []],
  ] as const)('%s may upload %j', (role, kinds) => expect(importKindsFor(role)).toEqual(kinds));

  it('sends the national results to the nomination service, the rest to the registry', () => {
    expect([serviceOf('agencies'), serviceOf('innovations'), serviceOf('national-results')]).toEqual(['registry', 'registry', 'nomination']);
  });

  it.each([
    ['opd.csv', 'text/csv'],
    ['OPD.XLSX', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['opd.ods', null],
  ])('sends %s as %s', (name, type) => expect(uploadTypeOf(name)).toBe(type));

  it('shows the bytes read as the progress, and 100 once the job ends', () => {
    expect(progressPercent({ bytesRead: 50, totalBytes: 200, status: 'running' })).toBe(25);
    expect(progressPercent({ bytesRead: 200, totalBytes: 200, status: 'running' })).toBe(99);
    expect(progressPercent({ bytesRead: 10, totalBytes: 200, status: 'done' })).toBe(100);
  });
});
