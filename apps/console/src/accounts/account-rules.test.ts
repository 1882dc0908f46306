import { describe, expect, it } from 'vitest';
import type { Scope } from '../app/permissions.js';
import { creatableRoles, mayManageAccount, scopeFieldsFor, type TargetScope } from './account-rules.js';

const national: Scope = { role: 'national-admin' };
const jateng: Scope = { role: 'province-admin', province: '33' };
const kudus: Scope = { role: 'region-admin', region: '33.19' };
const staff: Scope = { role: 'agency-staff', region: '33.19', agency: 'a1' };
const juror: Scope = { role: 'juror', editions: ['e1'] };

describe('the roles an admin may create (registry account-rules.ts)', () => {
  it.each([
    ['national-admin', national, ['national-admin', 'province-admin', 'region-admin', 'agency-staff', 'juror', 'service']],
    ['province-admin', jateng, ['region-admin', 'agency-staff', 'juror']],
    ['region-admin', kudus, ['agency-staff', 'juror']],
    ['region-admin without a region', { role: 'region-admin' } as Scope, []],
    ['province-admin without a province', { role: 'province-admin' } as Scope, []],
    ['agency-staff', staff, []],
    ['juror', juror, []],
  ])('%s', (_, actor, roles) => {
    expect(creatableRoles(actor)).toEqual(roles);
  });
});

describe('whom an admin may deactivate, reactivate or reset', () => {
  const cases: Array<[string, Scope, TargetScope, boolean]> = [
    ['national: another national admin', national, { role: 'national-admin' }, true],
    ['Jateng: a Kudus region admin', jateng, { role: 'region-admin', region: '33.19' }, true],
    ['Jateng: Kudus agency staff', jateng, { role: 'agency-staff', region: '33.19' }, true],
    ['Jateng: a Surabaya region admin', jateng, { role: 'region-admin', region: '35.78' }, false],
    ['Jateng: its own juror', jateng, { role: 'juror', province: '33' }, true],
    ['Jateng: a Kudus juror', jateng, { role: 'juror', region: '33.19' }, true],
    ['Jateng: a Jatim juror', jateng, { role: 'juror', province: '35' }, false],
    ['Jateng: another province admin', jateng, { role: 'province-admin', province: '33' }, false],
    ['Kudus: its agency staff', kudus, { role: 'agency-staff', region: '33.19' }, true],
    ['Kudus: its juror', kudus, { role: 'juror', region: '33.19' }, true],
    ['Kudus: Demak agency staff', kudus, { role: 'agency-staff', region: '33.21' }, false],
    ['Kudus: another Kudus region admin', kudus, { role: 'region-admin', region: '33.19' }, false],
    ['agency staff: a colleague', staff, { role: 'agency-staff', region: '33.19' }, false],
    ['juror: anyone', juror, { role: 'juror' }, false],
  ];
  it.each(cases)('%s', (_, actor, target, expected) => {
    expect(mayManageAccount(actor, target)).toBe(expected);
  });
});

describe('the scope fields the create form asks for', () => {
  it.each([
    ['agency-staff by Kudus', 'agency-staff', kudus, ['agency']],
    ['agency-staff by Jateng', 'agency-staff', jateng, ['region', 'agency']],
    ['region-admin by Jateng', 'region-admin', jateng, ['region']],
    ['province-admin by national', 'province-admin', national, ['province']],
    ['juror by Kudus', 'juror', kudus, []],
  ] as const)('%s', (_, role, actor, fields) => {
    expect(scopeFieldsFor(role, actor)).toEqual(fields);
  });
});
