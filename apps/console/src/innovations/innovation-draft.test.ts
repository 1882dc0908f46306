import { describe, expect, it } from 'vitest';
import { buildRegisterBody, buildReviseBody, changedContent, EMPTY_DRAFT, staleEdit, type InnovationDraft } from './innovation-draft.js';

const read: InnovationDraft = {
  ...EMPTY_DRAFT,
  regionCode: '33.19',
  agencyId: 'a1',
  stage: 'uji-coba',
  name: 'Jos Pakk',
  typeCode: 'teknologi',
  initiator: 'opd',
  digital: true,
  form: 'pelayanan-publik',
  governmentAffair: 'penanaman modal',
  trialStartedOn: '2022-01-10',
  problem: 'Warga datang berkali-kali',
  evidence: [{ indicator: 'regulasi', url: 'https://jdih.kuduskab.go.id/perbup.pdf', note: '' }],
};

describe('the bodies sent', () => {
  it('registration: where and what, blank optional texts and empty evidence rows left out', () => {
    const body = buildRegisterBody({ ...read, design: '  ', evidence: [...read.evidence, { indicator: '', url: '', note: '' }] });
    expect(body).toEqual({
      regionCode: '33.19',
      agencyId: 'a1',
      stage: 'uji-coba',
      name: 'Jos Pakk',
      typeCode: 'teknologi',
      initiator: 'opd',
      digital: true,
      form: 'pelayanan-publik',
      governmentAffair: 'penanaman modal',
      trialStartedOn: '2022-01-10',
      problem: 'Warga datang berkali-kali',
      evidence: [{ indicator: 'regulasi', url: 'https://jdih.kuduskab.go.id/perbup.pdf' }],
    });
  });

  it('revision: the content only; a contact is sent whole once any part is typed', () => {
    const body = buildReviseBody({ ...read, contactName: 'Sri' });
    expect(body).not.toHaveProperty('regionCode');
    expect(body).not.toHaveProperty('stage');
    expect(body.contact).toEqual({ name: 'Sri', position: '', phone: '', email: '' });
    expect(buildReviseBody(read)).not.toHaveProperty('contact');
  });
});

describe('a stale revision', () => {
  it.each<[string, Partial<InnovationDraft>, Partial<InnovationDraft>, { theirs: string[]; mine: string[]; both: string[] }, Partial<InnovationDraft>]>([
    ['different fields: both kept', { name: 'Jos Pakk 2' }, { problem: 'Antre lama' }, { theirs: ['name'], mine: ['problem'], both: [] }, { name: 'Jos Pakk 2', problem: 'Antre lama' }],
    ['the same field: mine over theirs, and named', { name: 'Theirs' }, { name: 'Mine' }, { theirs: ['name'], mine: ['name'], both: ['name'] }, { name: 'Mine' }],
    ['evidence added meanwhile, contact typed by me', { evidence: [] }, { contactName: 'Sri' }, { theirs: ['evidence'], mine: ['contact'], both: [] }, { evidence: [], contactName: 'Sri' }],
    ['nothing of mine: the current record', { digital: false }, {}, { theirs: ['digital'], mine: [], both: [] }, { digital: false }],
  ])('%s', (_, theirChange, myChange, named, expected) => {
    const current = { ...read, ...theirChange };
    const edit = staleEdit(read, { ...read, ...myChange }, current);
    expect({ theirs: edit.theirs, mine: edit.mine, both: edit.both }).toEqual(named);
    expect(edit.reapplied).toEqual({ ...read, ...theirChange, ...myChange, ...expected });
  });

  it('whitespace alone is no change', () => {
    expect(changedContent(read, { ...read, name: ' Jos Pakk ' })).toEqual([]);
  });
});
