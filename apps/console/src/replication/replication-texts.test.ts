import { describe, expect, it } from 'vitest';
import en from '../locales/en/translation.json';
import id from '../locales/id/translation.json';
import { REPLICATION_ACTIONS, REPLICATION_MODELS, REPLICATION_STATUSES } from './replication-actions.js';
import { changesSince, PROGRESS_KINDS, STEP_FIELDS, stepBody } from './replication-steps.js';
import { buildCreateBody, EMPTY_DRAFT, missingDraftFields } from './request-draft.js';

// The pages build these keys from lists (t(`replication.steps.${action}`)), which the shared
// locale test cannot see: every one must be in both languages.
const built = [
  ...REPLICATION_STATUSES.map((s) => `statuses.${s}`),
  ...REPLICATION_MODELS.flatMap((m) => [`models.${m}`, `modelHints.${m}`]),
  ...REPLICATION_ACTIONS.flatMap((a) => [`steps.${a}`, `confirm.${a}`, `consequences.${a}`, `timelineActions.${a}`, ...STEP_FIELDS[a].map((f) => `fields.${f.name}`)]),
  ...PROGRESS_KINDS.map((k) => `progressKinds.${k}`),
  ...['incoming', 'outgoing', 'province'].map((d) => `empty.${d}`),
];
const lookup = (tree: unknown, key: string) => key.split('.').reduce<any>((node, part) => node?.[part], tree);

describe('replication texts', () => {
  it.each([['id', id.replication], ['en', en.replication]] as const)('every built key is in %s', (_, tree) => {
    expect(built.filter((k) => typeof lookup(tree, k) !== 'string')).toEqual([]);
  });
});

describe('step forms', () => {
  it('leave blank optional fields out and trim the rest', () => {
    expect(stepBody('implement', { implementedOn: '2023-02-01', adopterInnovationName: '  ', adaptationNotes: ' Disesuaikan ' })).toEqual({ implementedOn: '2023-02-01', adaptationNotes: 'Disesuaikan' });
  });

  it('say what changed since the version read: the new status and the steps taken meanwhile', () => {
    const timeline = [{ version: 1, action: 'request' }, { version: 2, action: 'accept' }, { version: 3, action: 'sign-agreement' }];
    expect(changesSince({ version: 1, status: 'requested' }, { version: 3, status: 'agreement-signed' }, timeline)).toEqual({ statusChanged: true, steps: [timeline[1], timeline[2]] });
    expect(changesSince({ version: 3, status: 'in-progress' }, { version: 4, status: 'in-progress' }, [...timeline, { version: 4, action: 'report-progress' }]).steps).toEqual([{ version: 4, action: 'report-progress' }]);
  });
});

describe('the filing form', () => {
  it('names what is missing, a phone or an email included', () => {
    expect(missingDraftFields(EMPTY_DRAFT)).toEqual(['adopterAgencyId', 'reason', 'plan', 'contact.name', 'contact']);
    expect(missingDraftFields({ ...EMPTY_DRAFT, model: 'fasilitasi' })).toContain('facilitator.name');
  });

  it('sends a facilitator only for fasilitasi', () => {
    const draft = { ...EMPTY_DRAFT, adopterAgencyId: 'd-opd', reason: 'r', plan: 'p', contactName: 'Budi', contactEmail: 'b@demakkab.go.id', facilitatorName: 'BRIDA Jateng' };
    expect(buildCreateBody('i', '33.21', draft)).not.toHaveProperty('facilitator');
    expect(buildCreateBody('i', '33.21', { ...draft, model: 'fasilitasi' }).facilitator).toEqual({ name: 'BRIDA Jateng' });
    expect(buildCreateBody('i', '33.21', draft).contact).toEqual({ name: 'Budi', position: undefined, phone: undefined, email: 'b@demakkab.go.id' });
  });
});
