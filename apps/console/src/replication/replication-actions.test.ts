import { describe, expect, it } from 'vitest';
import type { Scope } from '../app/permissions.js';
import { actionsFor, mayChangeDocuments, mayFileRequest, partiesOf, type ReplicationModel, type ReplicationStatus } from './replication-actions.js';

// Demak (33.21) asks Kudus (33.19): the origin agency k-opd, the adopting agency d-opd.
const sides = { originRegionCode: '33.19', originAgencyId: 'k-opd', adopterRegionCode: '33.21', adopterAgencyId: 'd-opd' };
const kudus: Scope = { role: 'region-admin', region: '33.19' };
const kudusOpd: Scope = { role: 'agency-staff', region: '33.19', agency: 'k-opd' };
const kudusOtherOpd: Scope = { role: 'agency-staff', region: '33.19', agency: 'k-lain' };
const demak: Scope = { role: 'region-admin', region: '33.21' };
const demakOpd: Scope = { role: 'agency-staff', region: '33.21', agency: 'd-opd' };
const jateng: Scope = { role: 'province-admin', province: '33' };
const jatim: Scope = { role: 'province-admin', province: '35' };
const national: Scope = { role: 'national-admin' };
const juror: Scope = { role: 'juror' };
const pati: Scope = { role: 'region-admin', region: '33.18' };

describe('partiesOf (replication-parties.ts)', () => {
  it.each([
    ['Kudus admin', kudus, ['origin']],
    ['the origin agency', kudusOpd, ['origin']],
    ['another Kudus agency', kudusOtherOpd, []],
    ['Demak admin', demak, ['adopter']],
    ['the adopting agency', demakOpd, ['adopter']],
    ['Jateng (watches, does not speak for its regencies)', jateng, ['overseer']],
    ['Jatim', jatim, []],
    ['national', national, ['overseer']],
    ['a juror', juror, []],
    ['Pati', pati, []],
  ] as const)('%s', (_, scope, parties) => {
    expect([...partiesOf(scope, sides)].sort()).toEqual([...parties]);
  });

  it('a province speaks for its own provincial OPD', () => {
    expect([...partiesOf(jateng, { ...sides, adopterRegionCode: '33', adopterAgencyId: 'biro' })].sort()).toEqual(['adopter', 'overseer']);
  });
});

describe('actionsFor (replication-state-machine.ts)', () => {
  const table: [string, Scope, ReplicationModel, ReplicationStatus, string[]][] = [
    ['Kudus, requested', kudus, 'kerja-sama', 'requested', ['accept', 'decline', 'cancel']],
    ['the origin agency, requested', kudusOpd, 'kerja-sama', 'requested', ['accept', 'decline', 'cancel']],
    ['Demak, requested', demak, 'kerja-sama', 'requested', ['withdraw']],
    ['Jateng, requested', jateng, 'kerja-sama', 'requested', ['cancel']],
    ['national, requested', national, 'kerja-sama', 'requested', ['cancel']],
    ['Pati, requested', pati, 'kerja-sama', 'requested', []],
    ['Kudus, kerja-sama accepted', kudus, 'kerja-sama', 'accepted', ['sign-agreement', 'cancel']],
    ['Demak, kerja-sama accepted', demak, 'kerja-sama', 'accepted', ['sign-agreement', 'withdraw']],
    ['Demak, fasilitasi accepted', demak, 'fasilitasi', 'accepted', ['sign-agreement', 'withdraw']],
    ['Demak, mandiri accepted (no MoU/PKS)', demak, 'mandiri', 'accepted', ['report-progress', 'withdraw']],
    ['Kudus, mandiri accepted', kudus, 'mandiri', 'accepted', ['cancel']],
    ['Demak, agreement signed', demak, 'kerja-sama', 'agreement-signed', ['report-progress', 'withdraw']],
    ['Kudus, agreement signed', kudus, 'kerja-sama', 'agreement-signed', ['cancel']],
    ['Demak, in progress', demak, 'kerja-sama', 'in-progress', ['report-progress', 'implement', 'withdraw']],
    ['Demak, implemented', demak, 'kerja-sama', 'implemented', ['complete', 'withdraw']],
    ['Kudus, implemented', kudus, 'kerja-sama', 'implemented', ['cancel']],
    ['Demak, completed', demak, 'kerja-sama', 'completed', []],
    ['Kudus, declined', kudus, 'kerja-sama', 'declined', []],
    ['Jateng, withdrawn', jateng, 'mandiri', 'withdrawn', []],
    ['national, cancelled', national, 'fasilitasi', 'cancelled', []],
  ];
  it.each(table)('%s', (_, scope, model, status, actions) => {
    expect(actionsFor(scope, { ...sides, model, status })).toEqual(actions);
  });
});

describe('mayFileRequest', () => {
  it.each([
    [demak, true],
    [demakOpd, true],
    [jateng, false],
    [national, false],
    [juror, false],
  ] as const)('%o → %s', (scope, may) => expect(mayFileRequest(scope)).toBe(may));
});

describe('mayChangeDocuments (request-documents.service.ts)', () => {
  const facts = (status: ReplicationStatus) => ({ ...sides, status, model: 'kerja-sama' as ReplicationModel });
  it.each([
    ['the adopting agency, open', demakOpd, 'requested', true],
    ['Kudus admin, open', kudus, 'agreement-signed', true],
    ['Jateng watches but does not attach', jateng, 'in-progress', false],
    ['Pati', pati, 'requested', false],
    ['Kudus admin, completed', kudus, 'completed', false],
    ['Demak admin, withdrawn', demak, 'withdrawn', false],
  ] as const)('%s', (_, scope, status, may) => expect(mayChangeDocuments(scope, facts(status))).toBe(may));
});
