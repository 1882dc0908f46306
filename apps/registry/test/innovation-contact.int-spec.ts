import { DataSource } from 'typeorm';
import { startService, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../src/registry.app.js';
import { innovationBody, insertAgency, KUDUS, regionAdmin } from './innovation-test.fixtures.js';

const OFFICER = { name: 'Sri Wahyuni', position: 'Kepala Bidang Perizinan', phone: '0291-438000', email: 'sri.perizinan@kuduskab.go.id' };
const SUCCESSOR = { name: 'Bambang Riyanto', position: 'Sekretaris Dinas', phone: '+62 291 438111', email: 'bambang.dinas@kuduskab.go.id' };

// The responsible officer is personal data: signed-in users read it, no event ever carries it.
describe('the responsible officer of an innovation', () => {
  let registry: RunningService;
  const token = regionAdmin(KUDUS);

  beforeAll(async () => {
    registry = await startService(createRegistryApp);
  });
  afterAll(() => registry?.close());

  it('is set on registration and revision, read on GET, and never in an outbox row', async () => {
    const agencyId = await insertAgency(registry, KUDUS, 'Dinas Penanaman Modal');
    const created = await registry.request('POST', '/innovations', { token, body: innovationBody(KUDUS, agencyId, { contact: OFFICER }) });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('contact');

    const read = await registry.request('GET', `/innovations/${created.body.id}`, { token });
    expect(read.status).toBe(200);
    expect(read.body.contact).toEqual(OFFICER);

    const { regionCode: _r, agencyId: _a, stage: _s, yearRegistered: _y, ...content } = innovationBody(KUDUS, agencyId);
    const revised = await registry.request('PUT', `/innovations/${created.body.id}`, { token, body: { ...content, contact: SUCCESSOR }, headers: { 'if-match': '"1"' } });
    expect(revised.status).toBe(200);
    expect(revised.body.version).toBe(2);
    expect((await registry.request('GET', `/innovations/${created.body.id}`, { token })).body.contact).toEqual(SUCCESSOR);
    // The same contact again is no change: the version stays and no event is written.
    const same = await registry.request('PUT', `/innovations/${created.body.id}`, { token, body: { ...content, contact: SUCCESSOR }, headers: { 'if-match': '"2"' } });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(2);

    const rows: { envelope: unknown }[] = await registry.app.get(DataSource).query(`SELECT envelope FROM "registry"."outbox" WHERE envelope->>'aggregateId' = $1`, [created.body.id]);
    expect(rows).toHaveLength(2);
    for (const { envelope } of rows) {
      const text = JSON.stringify(envelope);
      expect(text).not.toContain('"contact":');
      for (const value of [...Object.values(OFFICER), ...Object.values(SUCCESSOR)]) expect(text).not.toContain(value);
    }
  });

  it('refuses a contact without a valid e-mail or phone, naming the field', async () => {
    const agencyId = await insertAgency(registry, KUDUS, 'Dinas Kesehatan');
    const res = await registry.request('POST', '/innovations', { token, body: innovationBody(KUDUS, agencyId, { contact: { ...OFFICER, email: 'not-an-address', phone: 'call me' } }) });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['contact.email', 'contact.phone']);
  });
});
