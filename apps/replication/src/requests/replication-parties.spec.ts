import type { Principal } from '@lumbung/platform';
import { listScope, partiesOf, speaksFor } from './replication-parties.js';

const KUDUS = '33.19';
const DEMAK = '33.21';
const request = { originRegionCode: KUDUS, originAgencyId: 'dpmptsp-kudus', adopterRegionCode: DEMAK, adopterAgencyId: 'dpmptsp-demak' };

const p = (principal: Partial<Principal> & Pick<Principal, 'role'>): Principal => ({ sub: 'x', ...principal });

describe('replication parties', () => {
  it.each([
    ['the origin region admin', p({ role: 'region-admin', region: KUDUS }), ['origin']],
    ['the origin agency staff', p({ role: 'agency-staff', region: KUDUS, agency: 'dpmptsp-kudus' }), ['origin']],
    ['the adopter region admin', p({ role: 'region-admin', region: DEMAK }), ['adopter']],
    ['the adopting agency staff', p({ role: 'agency-staff', region: DEMAK, agency: 'dpmptsp-demak' }), ['adopter']],
    ['the province admin of either side', p({ role: 'province-admin', province: '33' }), ['overseer']],
    ['a national admin', p({ role: 'national-admin' }), ['overseer']],
    ['another agency of the origin region', p({ role: 'agency-staff', region: KUDUS, agency: 'dinkes-kudus' }), []],
    ['another agency of the adopter region', p({ role: 'agency-staff', region: DEMAK, agency: 'dinkes-demak' }), []],
    ['a third regency', p({ role: 'region-admin', region: '33.20' }), []],
    ['another province', p({ role: 'province-admin', province: '34' }), []],
    ['a juror', p({ role: 'juror', editions: [] }), []],
  ])('sees %s as %p', (_who, principal, parties) => {
    expect([...partiesOf(principal, request)].sort()).toEqual(parties);
  });

  it('lets a province admin speak for a provincial OPD, never for a regency', () => {
    const jateng = p({ role: 'province-admin', province: '33' });
    expect(speaksFor(jateng, '33', 'biro-organisasi')).toBe(true);
    expect(speaksFor(jateng, DEMAK, 'dpmptsp-demak')).toBe(false);
    expect([...partiesOf(jateng, { ...request, adopterRegionCode: '33', adopterAgencyId: 'biro' })].sort()).toEqual(['adopter', 'overseer']);
  });

  it('scopes lists: all of a region for its admins and province, own agency for its staff', () => {
    expect(listScope(p({ role: 'region-admin', region: KUDUS }), KUDUS)).toBe('all');
    expect(listScope(p({ role: 'region-admin', region: KUDUS }), DEMAK)).toBe('none');
    expect(listScope(p({ role: 'agency-staff', region: KUDUS, agency: 'a' }), KUDUS)).toBe('own-agency');
    expect(listScope(p({ role: 'province-admin', province: '33' }), DEMAK)).toBe('all');
    expect(listScope(p({ role: 'province-admin', province: '34' }), DEMAK)).toBe('none');
    expect(listScope(p({ role: 'national-admin' }), DEMAK)).toBe('all');
    expect(listScope(p({ role: 'juror', editions: [] }), DEMAK)).toBe('none');
  });
});
