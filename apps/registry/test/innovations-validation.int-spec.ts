import { startService, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../src/registry.app.js';
import { countRows, DEMAK, innovationBody, insertAgency, KUDUS, regionAdmin } from './innovation-test.fixtures.js';

type BodyOf = (ids: { kudus: string; demak: string; retired: string }) => unknown;

/** Each case is a registration that must be refused with a 400 naming `field`, leaving every table as it was. */
const REGISTRATION_CASES: [string, BodyOf, string][] = [
  ['unknown innovation type', ({ kudus }) => innovationBody(KUDUS, kudus, { typeCode: 'sulap' }), 'typeCode'],
  ['unknown region code', ({ kudus }) => innovationBody('33.99', kudus), 'regionCode'],
  ['malformed region code', ({ kudus }) => innovationBody('3319', kudus), 'regionCode'],
  ['agency of another region', ({ demak }) => innovationBody(KUDUS, demak), 'agencyId'],
  ['agency that does not exist', () => innovationBody(KUDUS, '0d5e8c4e-8a0b-4f6f-9b3a-5b2f6c1d7e90'), 'agencyId'],
  ['retired agency', ({ retired }) => innovationBody(KUDUS, retired), 'agencyId'],
  ['non-uuid agencyId', () => innovationBody(KUDUS, 'dinkes-kudus'), 'agencyId'],
  ['empty name', ({ kudus }) => innovationBody(KUDUS, kudus, { name: '' }), 'name'],
  ['blank name', ({ kudus }) => innovationBody(KUDUS, kudus, { name: '   ' }), 'name'],
  ['over-long name', ({ kudus }) => innovationBody(KUDUS, kudus, { name: 'x'.repeat(201) }), 'name'],
  ['over-long description', ({ kudus }) => innovationBody(KUDUS, kudus, { design: 'y'.repeat(20_001) }), 'design'],
  ['impossible date', ({ kudus }) => innovationBody(KUDUS, kudus, { trialStartedOn: '2023-02-30' }), 'trialStartedOn'],
  ['date in another format', ({ kudus }) => innovationBody(KUDUS, kudus, { stage: 'penerapan', implementedOn: '01/06/2022' }), 'implementedOn'],
  ['implementation before trial', ({ kudus }) => innovationBody(KUDUS, kudus, { stage: 'penerapan', trialStartedOn: '2022-05-01', implementedOn: '2022-04-30' }), 'implementedOn'],
  ['stage penerapan without implementedOn', ({ kudus }) => innovationBody(KUDUS, kudus, { stage: 'penerapan' }), 'implementedOn'],
  ['stage uji-coba without trialStartedOn', ({ kudus }) => innovationBody(KUDUS, kudus, { trialStartedOn: undefined }), 'trialStartedOn'],
  ['unknown property', ({ kudus }) => innovationBody(KUDUS, kudus, { budget: 1_000_000 }), 'budget'],
  ['string where a boolean belongs', ({ kudus }) => innovationBody(KUDUS, kudus, { digital: 'true' }), 'digital'],
  ['string where a number belongs', ({ kudus }) => innovationBody(KUDUS, kudus, { yearRegistered: '2022' }), 'yearRegistered'],
  ['bad stage', ({ kudus }) => innovationBody(KUDUS, kudus, { stage: 'selesai' }), 'stage'],
  ['bad initiator', ({ kudus }) => innovationBody(KUDUS, kudus, { initiator: 'bupati' }), 'initiator'],
  ['bad form', ({ kudus }) => innovationBody(KUDUS, kudus, { form: 'digital' }), 'form'],
  ['bad URL in evidence', ({ kudus }) => innovationBody(KUDUS, kudus, { evidence: [{ indicator: 'regulasi', url: 'javascript:alert(1)' }] }), 'evidence.0.url'],
  ['evidence that is not a list', ({ kudus }) => innovationBody(KUDUS, kudus, { evidence: { indicator: 'regulasi' } }), 'evidence'],
  ['missing required field', ({ kudus }) => innovationBody(KUDUS, kudus, { governmentAffair: undefined }), 'governmentAffair'],
  ['year before 2000', ({ kudus }) => innovationBody(KUDUS, kudus, { yearRegistered: 1999 }), 'yearRegistered'],
  ['year after 2100', ({ kudus }) => innovationBody(KUDUS, kudus, { yearRegistered: 2101 }), 'yearRegistered'],
  ['malformed JSON body', () => '{"name": "Jos Pakk",', 'body'],
  ['empty JSON body', () => '', 'body'],
];

describe('innovations: bad input', () => {
  let registry: RunningService;
  let ids: { kudus: string; demak: string; retired: string };
  let existing: { id: string };
  const token = regionAdmin(KUDUS);

  beforeAll(async () => {
    registry = await startService(createRegistryApp);
    ids = {
      kudus: await insertAgency(registry, KUDUS, 'Dinas Kesehatan'),
      demak: await insertAgency(registry, DEMAK, 'Dinas Kesehatan'),
      retired: await insertAgency(registry, KUDUS, 'Dinas Lama', { retired: true }),
    };
    const created = await registry.request('POST', '/innovations', { token, body: innovationBody(KUDUS, ids.kudus) });
    expect(created.status).toBe(201);
    existing = created.body;
  });
  afterAll(() => registry?.close());

  const expectRefused = async (res: { status: number; body: any }, field: string) => {
    expect({ status: res.status, fields: (res.body?.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({ status: 400, fields: expect.arrayContaining([field]) });
    for (const error of res.body.errors) expect(error.messages.length).toBeGreaterThan(0);
  };

  it.each(REGISTRATION_CASES)('refuses a registration with %s (400 on the field) and changes nothing', async (_, bodyOf, field) => {
    const before = await countRows(registry);
    const body = bodyOf(ids);
    const res = await registry.request('POST', '/innovations', {
      token,
      body,
      // An empty string body still announces JSON, as a client with a bug would.
      headers: body === '' ? { 'content-type': 'application/json' } : {},
    });
    await expectRefused(res, field);
    expect(await countRows(registry)).toEqual(before);
  });

  it('counts at least fifteen kinds of bad registration', () => {
    expect(new Set(REGISTRATION_CASES.map(([, , field]) => field)).size).toBeGreaterThanOrEqual(15);
  });

  // One answer names every bad field: the service's checks run on the fields the DTO accepted (issue 15).
  it.each<[string, BodyOf, string[]]>([
    ['a bad digital and an unknown type code', ({ kudus }) => innovationBody(KUDUS, kudus, { digital: 'yes', typeCode: 'teleport' }), ['digital', 'typeCode']],
    [
      'an empty name, an agency of another region and penerapan without its date',
      ({ demak }) => innovationBody(KUDUS, demak, { name: '', stage: 'penerapan' }),
      ['name', 'agencyId', 'implementedOn'],
    ],
    ['penerapan without its date and an unknown type code', ({ kudus }) => innovationBody(KUDUS, kudus, { stage: 'penerapan', typeCode: 'teleport' }), ['implementedOn', 'typeCode']],
    ['an unknown region and a bad form', ({ kudus }) => innovationBody('33.99', kudus, { form: 'digital' }), ['form', 'regionCode']],
  ])('names every bad field of a registration with %s in one 400', async (_, bodyOf, fields) => {
    const before = await countRows(registry);
    const res = await registry.request('POST', '/innovations', { token, body: bodyOf(ids) });
    expect({ status: res.status, code: res.body.code, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field).sort() }).toEqual({
      status: 400,
      code: 'validation.failed',
      fields: [...fields].sort(),
    });
    const agencyError = res.body.errors.find((e: { field: string }) => e.field === 'agencyId');
    if (agencyError) expect(agencyError.code).toBe('innovation.agency-not-in-region');
    expect(await countRows(registry)).toEqual(before);
  });

  const reviseBody = (overrides: Record<string, unknown>) => {
    const { regionCode: _r, agencyId: _a, stage: _s, yearRegistered: _y, ...content } = innovationBody(KUDUS, ids.kudus, overrides);
    return content;
  };

  it.each<[string, () => [string, string, unknown, Record<string, string>?], string]>([
    ['a revision with an unknown type', () => ['PUT', `/innovations/${existing.id}`, reviseBody({ typeCode: 'sulap' }), { 'if-match': '"1"' }], 'typeCode'],
    ['a revision that drops the trial date of a trial', () => ['PUT', `/innovations/${existing.id}`, reviseBody({ trialStartedOn: undefined }), { 'if-match': '"1"' }], 'trialStartedOn'],
    ['a revision that tries to move the region', () => ['PUT', `/innovations/${existing.id}`, { ...reviseBody({}), regionCode: DEMAK }, { 'if-match': '"1"' }], 'regionCode'],
    ['a revision that tries to change the stage', () => ['PUT', `/innovations/${existing.id}`, { ...reviseBody({}), stage: 'penerapan' }, { 'if-match': '"1"' }], 'stage'],
    ['a revision with a malformed If-Match', () => ['PUT', `/innovations/${existing.id}`, reviseBody({ name: 'Baru' }), { 'if-match': 'versi-satu' }], 'If-Match'],
    ['a stage change to an unknown stage', () => ['POST', `/innovations/${existing.id}/stage`, { stage: 'selesai' }], 'stage'],
    ['a stage change with a bad date', () => ['POST', `/innovations/${existing.id}/stage`, { stage: 'penerapan', implementedOn: '2022-13-01' }], 'implementedOn'],
    ['a stage change to penerapan before the trial started', () => ['POST', `/innovations/${existing.id}/stage`, { stage: 'penerapan', implementedOn: '2021-01-01' }], 'implementedOn'],
    ['a stage change to penerapan without its date', () => ['POST', `/innovations/${existing.id}/stage`, { stage: 'penerapan' }], 'implementedOn'],
    ['a retirement without a reason', () => ['POST', `/innovations/${existing.id}/retire`, {}], 'reason'],
    ['a retirement with a blank reason', () => ['POST', `/innovations/${existing.id}/retire`, { reason: '  ' }], 'reason'],
    ['a change of a non-uuid id', () => ['PUT', '/innovations/123', reviseBody({}), { 'if-match': '"1"' }], 'id'],
  ])('refuses %s and changes nothing', async (_, requestOf, field) => {
    const before = await countRows(registry);
    const [method, path, body, headers] = requestOf();
    await expectRefused(await registry.request(method, path, { token, body, headers }), field);
    expect(await countRows(registry)).toEqual(before);
    const read = await registry.request('GET', `/innovations/${existing.id}`, { token });
    expect(read.body).toEqual({ ...existing, contact: null, replications: [] });
  });

  it.each([
    ['stage=selesai', 'stage'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['year=dua-ribu', 'year'],
    ['digital=ya', 'digital'],
    ['region=jawa-tengah', 'region'],
    ['region=99', 'region'],
    ['agency=dinkes', 'agency'],
    ['cursor=bukan-kursor', 'cursor'],
    ['sort=name', 'sort'],
  ])('refuses a list query with %s', async (query, field) => {
    await expectRefused(await registry.request('GET', `/innovations?${query}`, { token }), field);
  });
});
