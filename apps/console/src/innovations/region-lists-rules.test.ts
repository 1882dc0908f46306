import { describe, expect, it } from 'vitest';
import type { Scope } from '../app/permissions.js';
import { agencyActions, typeActions } from './region-lists-rules.js';

const KUDUS = '33.19';
const kudusAdmin: Scope = { role: 'region-admin', region: KUDUS };
const demakAdmin: Scope = { role: 'region-admin', region: '33.21' };
const jateng: Scope = { role: 'province-admin', province: '33' };
const jatim: Scope = { role: 'province-admin', province: '35' };
const national: Scope = { role: 'national-admin' };
const kudusStaff: Scope = { role: 'agency-staff', region: KUDUS, agency: 'a1' };
const juror: Scope = { role: 'juror' };
const active = { retiredAt: null };
const retired = { retiredAt: '2024-01-01T00:00:00Z' };

describe("a region's agencies", () => {
  it.each<[string, Scope, { retiredAt: string | null }, string[]]>([
    ['its region admin, an active agency', kudusAdmin, active, ['rename', 'retire']],
    ['its region admin, a retired agency', kudusAdmin, retired, []],
    ['another region admin', demakAdmin, active, []],
    ['its province admin', jateng, active, ['rename', 'retire']],
    ['another province admin', jatim, active, []],
    ['the national admin', national, active, ['rename', 'retire']],
    ['agency staff of the region', kudusStaff, active, []],
    ['a juror', juror, active, []],
  ])('%s → %j', (_who, scope, agency, actions) => {
    expect(agencyActions(scope, KUDUS, agency)).toEqual(actions);
  });
});

describe("a region's innovation types", () => {
  it.each<[string, Scope, { retiredAt: string | null }, number, string[]]>([
    ['its region admin, one of several active types', kudusAdmin, active, 8, ['rename', 'retire']],
    ['its region admin, the last active type', kudusAdmin, active, 1, ['rename']],
    ['its region admin, a retired type', kudusAdmin, retired, 8, ['restore']],
    ['another region admin', demakAdmin, active, 8, []],
    ['its province admin', jateng, active, 8, ['rename', 'retire']],
    ['agency staff of the region', kudusStaff, active, 8, []],
    ['a juror', juror, retired, 8, []],
  ])('%s → %j', (_who, scope, type, activeTypes, actions) => {
    expect(typeActions(scope, KUDUS, type, activeTypes)).toEqual(actions);
  });
});
