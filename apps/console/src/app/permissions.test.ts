import { describe, expect, it } from 'vitest';
import { mayManageAgencyData, mayManageRegionLists, mayOnInnovation, mayOpenRegionLists, mayRegisterInnovations, sectionsFor, type InnovationFacts, type Scope } from './permissions.js';

const KUDUS = '33.19';
const DEMAK = '33.21';
const kudusInnovation: InnovationFacts = { regionCode: KUDUS, agencyId: 'dpmptsp-kudus', stage: 'penerapan', retiredAt: null };

const kudusAdmin: Scope = { role: 'region-admin', region: KUDUS };
const demakAdmin: Scope = { role: 'region-admin', region: DEMAK };
const kudusStaff: Scope = { role: 'agency-staff', region: KUDUS, agency: 'dpmptsp-kudus' };
const otherKudusStaff: Scope = { role: 'agency-staff', region: KUDUS, agency: 'dinkes-kudus' };
const demakStaff: Scope = { role: 'agency-staff', region: DEMAK, agency: 'dpmptsp-demak' };
const jateng: Scope = { role: 'province-admin', province: '33' };
const jatim: Scope = { role: 'province-admin', province: '35' };
const national: Scope = { role: 'national-admin' };
const juror: Scope = { role: 'juror', editions: ['e1'] };

describe('navigation by role', () => {
  it('offers each role only the sections it may use', () => {
    expect(sectionsFor(juror)).toEqual(['home', 'catalogue', 'competitions', 'accounts']);
    expect(sectionsFor(kudusStaff)).toEqual(['home', 'catalogue', 'replication', 'competitions', 'accounts']);
    expect(sectionsFor(kudusAdmin)).toEqual(['home', 'catalogue', 'replication', 'competitions', 'compliance', 'accounts']);
    expect(sectionsFor(jateng)).toEqual(['home', 'catalogue', 'replication', 'competitions', 'tracking', 'compliance', 'accounts']);
    expect(sectionsFor({ role: 'national-admin' })).toEqual(['home', 'catalogue', 'replication', 'competitions', 'tracking', 'compliance', 'accounts', 'operations']);
    expect(sectionsFor({ role: 'service' })).toEqual([]);
  });
});

describe('actions on an innovation', () => {
  it.each([
    ['its own agency staff', kudusStaff, true],
    ['another agency of the same region', otherKudusStaff, false],
    ['its region admin', kudusAdmin, true],
    ['another region admin', demakAdmin, false],
    ['its province admin', jateng, true],
    ['another province admin', jatim, false],
    ['the national admin', national, true],
    ['a juror', juror, false],
  ])('revise: %s → %s', (_who, scope, allowed) => {
    expect(mayOnInnovation(scope, 'revise', kudusInnovation)).toBe(allowed);
    expect(mayOnInnovation(scope, 'retire', kudusInnovation)).toBe(allowed);
  });

  it('nobody changes a retired innovation', () => {
    expect(mayOnInnovation(kudusAdmin, 'revise', { ...kudusInnovation, retiredAt: '2023-01-01T00:00:00Z' })).toBe(false);
    expect(mayOnInnovation(demakAdmin, 'request-replication', { ...kudusInnovation, retiredAt: '2023-01-01T00:00:00Z' })).toBe(false);
  });

  it.each([
    ['an admin of another region', demakAdmin, true],
    ['an agency of another region', demakStaff, true],
    ['the origin region admin', kudusAdmin, false],
    ['the origin agency', kudusStaff, false],
    ['a province admin (no region to adopt into)', jateng, false],
    ['a juror', juror, false],
  ])('Ajukan replikasi: %s → %s', (_who, scope, allowed) => {
    expect(mayOnInnovation(scope, 'request-replication', kudusInnovation)).toBe(allowed);
  });

  it('offers a replication only of an innovation in use (penerapan)', () => {
    expect(mayOnInnovation(demakAdmin, 'request-replication', { ...kudusInnovation, stage: 'uji-coba' })).toBe(false);
  });
});

describe("a region's agencies and innovation types", () => {
  it('are managed by admins over that region only', () => {
    expect(mayManageRegionLists(kudusAdmin, KUDUS)).toBe(true);
    expect(mayManageRegionLists(kudusAdmin, DEMAK)).toBe(false);
    expect(mayManageRegionLists(jateng, DEMAK)).toBe(true);
    expect(mayManageRegionLists(kudusStaff, KUDUS)).toBe(false);
  });

  it.each([
    ['a region admin', kudusAdmin, true],
    ['a region admin without a region', { role: 'region-admin' } as Scope, false],
    ['a province admin', jateng, true],
    ['the national admin', national, true],
    ['agency staff', kudusStaff, false],
    ['a juror', juror, false],
  ])('their page is offered to %s: %s', (_who, scope, offered) => {
    expect(mayOpenRegionLists(scope)).toBe(offered);
  });
});

describe('registering an innovation (canManageAgencyData)', () => {
  it.each([
    ['staff of that agency', kudusStaff, KUDUS, 'dpmptsp-kudus', true],
    ['staff of another agency of the region', otherKudusStaff, KUDUS, 'dpmptsp-kudus', false],
    ['staff of another region', demakStaff, KUDUS, 'dpmptsp-kudus', false],
    ['staff without a region', { role: 'agency-staff', agency: 'dpmptsp-kudus' } as Scope, KUDUS, 'dpmptsp-kudus', false],
    ['the region admin', kudusAdmin, KUDUS, 'dpmptsp-kudus', true],
    ['another region admin', demakAdmin, KUDUS, 'dpmptsp-kudus', false],
    ['the province admin', jateng, KUDUS, 'dpmptsp-kudus', true],
    ['another province admin', jatim, KUDUS, 'dpmptsp-kudus', false],
    ['the national admin', national, KUDUS, 'dpmptsp-kudus', true],
    ['a juror', juror, KUDUS, 'dpmptsp-kudus', false],
    ['a service', { role: 'service' } as Scope, KUDUS, 'dpmptsp-kudus', false],
  ])('%s → %s', (_who, scope, region, agency, allowed) => {
    expect(mayManageAgencyData(scope, region, agency)).toBe(allowed);
  });

  it.each([
    ['agency staff with an agency', kudusStaff, true],
    ['agency staff without an agency', { role: 'agency-staff', region: KUDUS } as Scope, false],
    ['a region admin', kudusAdmin, true],
    ['a province admin', jateng, true],
    ['the national admin', national, true],
    ['a juror', juror, false],
    ['a service', { role: 'service' } as Scope, false],
  ])('the registration page is offered to %s: %s', (_who, scope, offered) => {
    expect(mayRegisterInnovations(scope)).toBe(offered);
  });
});
