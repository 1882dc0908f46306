import { startService, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../src/registry.app.js';
import { innovationBody, insertAgency, KUDUS, regionAdmin } from './innovation-test.fixtures.js';

// The history is the audit of a record: per change, what each field was and what it became.
describe('innovation history with before and after', () => {
  let registry: RunningService;
  const token = regionAdmin(KUDUS);

  beforeAll(async () => {
    registry = await startService(createRegistryApp);
  });
  afterAll(() => registry?.close());

  it('shows each changed field before and after, for revisions, stage changes and retirement', async () => {
    const agencyId = await insertAgency(registry, KUDUS, 'Dinas Penanaman Modal');
    const body = innovationBody(KUDUS, agencyId);
    const created = await registry.request('POST', '/innovations', { token, body });
    expect(created.status).toBe(201);
    const { regionCode: _r, agencyId: _a, stage: _s, yearRegistered: _y, ...content } = body;
    const contact = { name: 'Sri Wahyuni', position: 'Kepala Bidang', phone: '0291-438000', email: 'sri@kuduskab.go.id' };
    const revised = await registry.request('PUT', `/innovations/${created.body.id}`, {
      token,
      headers: { 'if-match': '"1"' },
      body: { ...content, name: 'Jos Pakk 2.0', digital: false, evidence: [], contact },
    });
    expect(revised.status).toBe(200);
    const staged = await registry.request('POST', `/innovations/${created.body.id}/stage`, { token, body: { stage: 'penerapan', implementedOn: '2023-03-01' } });
    expect(staged.status).toBe(200);
    const retired = await registry.request('POST', `/innovations/${created.body.id}/retire`, { token, body: { reason: 'Digantikan layanan terpadu' } });
    expect(retired.status).toBe(200);

    const history = await registry.request('GET', `/innovations/${created.body.id}/history`, { token });
    expect(history.status).toBe(200);
    expect(history.body.map((e: { action: string }) => e.action)).toEqual(['registered', 'revised', 'stage-changed', 'retired']);
    expect(history.body[0].changes).toEqual([]);
    expect(history.body[1].changedFields).toEqual(['name', 'digital', 'evidence', 'contact']);
    expect(history.body[1].changes).toEqual([
      { field: 'name', before: 'Jos Pakk: layanan perizinan daring', after: 'Jos Pakk 2.0' },
      { field: 'digital', before: true, after: false },
      { field: 'evidence', before: body.evidence, after: [] },
      { field: 'contact', before: null, after: contact },
    ]);
    expect(history.body[2].changes).toEqual([
      { field: 'stage', before: 'uji-coba', after: 'penerapan' },
      { field: 'implementedOn', before: null, after: '2023-03-01' },
    ]);
    expect(history.body[3].changes).toEqual([
      { field: 'retiredAt', before: null, after: retired.body.retiredAt },
      { field: 'retireReason', before: null, after: 'Digantikan layanan terpadu' },
    ]);
  });
});
