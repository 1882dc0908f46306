import { principalFromClaims } from './token-claims.js';
import { canManageAgencyData, canManageRegion } from './scope.js';

describe('token claims', () => {
  it.each([
    [{ sub: 'a', role: 'region-admin', region: '33.19' }, { sub: 'a', role: 'region-admin', region: '33.19' }],
    [{ sub: 'a', role: 'province-admin', province: '33' }, { sub: 'a', role: 'province-admin', province: '33' }],
    [{ sub: 'a', role: 'agency-staff', region: '33.21', agency: 'ag' }, { sub: 'a', role: 'agency-staff', region: '33.21', agency: 'ag' }],
    [{ sub: 'a', role: 'juror', editions: ['e1'] }, { sub: 'a', role: 'juror', editions: ['e1'] }],
    [{ sub: 'a', role: 'national-admin' }, { sub: 'a', role: 'national-admin' }],
  ])('reads %p', (claims, principal) => {
    expect(principalFromClaims(claims)).toEqual(principal);
  });

  it.each([
    [{ role: 'region-admin', region: '33.19' }, /no subject/],
    [{ sub: 'a', role: 'superuser' }, /no known role/],
    [{ sub: 'a', role: 'region-admin' }, /needs a regency\/city "region"/],
    [{ sub: 'a', role: 'region-admin', region: '33' }, /needs a regency\/city "region"/],
    [{ sub: 'a', role: 'agency-staff', region: '33.19' }, /needs an "agency"/],
    [{ sub: 'a', role: 'province-admin' }, /needs a "province"/],
    [{ sub: 'a', role: 'juror' }, /needs an "editions"/],
  ])('refuses %p: a missing scope never means "everywhere"', (claims, reason) => {
    expect(principalFromClaims(claims)).toMatch(reason);
  });
});

describe('scope', () => {
  const kudusAdmin = { sub: 'k', role: 'region-admin' as const, region: '33.19' };
  const jatengAdmin = { sub: 'j', role: 'province-admin' as const, province: '33' };
  const staff = { sub: 's', role: 'agency-staff' as const, region: '33.19', agency: 'dinkes' };

  it('lets a region admin manage only its own regency', () => {
    expect(canManageRegion(kudusAdmin, '33.19')).toBe(true);
    expect(canManageRegion(kudusAdmin, '33.21')).toBe(false);
    expect(canManageRegion(kudusAdmin, '33')).toBe(false);
  });

  it('lets a province admin manage its province and its regencies, not another province', () => {
    expect(canManageRegion(jatengAdmin, '33.21')).toBe(true);
    expect(canManageRegion(jatengAdmin, '33')).toBe(true);
    expect(canManageRegion(jatengAdmin, '34.01')).toBe(false);
  });

  it('lets agency staff change only their own agency’s data, and no region-level data', () => {
    expect(canManageAgencyData(staff, '33.19', 'dinkes')).toBe(true);
    expect(canManageAgencyData(staff, '33.19', 'disdik')).toBe(false);
    expect(canManageRegion(staff, '33.19')).toBe(false);
    expect(canManageRegion({ sub: 'j', role: 'juror', editions: [] }, '33.19')).toBe(false);
  });
});
