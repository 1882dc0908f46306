import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { OutboxService } from '@lumbung/messaging';
import { newSigningKey, productionSecrets, signingKeysEnv, startService, tokenSignedWith, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../src/registry.app.js';
import { countRows, DEMAK, innovationBody, insertAgency, KUDUS } from './innovation-test.fixtures.js';

// A registration is one statement, alone (no transaction): the row, its history row and its event's
// outbox row, the event's payload made by the statement from the row it inserted. The event's
// contract is checked before, on the snapshot the service expects the statement to make; that
// expectation must be what is stored. The same in production and elsewhere.
describe.each(['production', 'test'])('registration as one statement (NODE_ENV=%s)', (mode) => {
  const key = newSigningKey();
  const token = tokenSignedWith(key, { sub: 'admin-kudus', role: 'region-admin', region: KUDUS });
  let registry: RunningService;

  beforeAll(async () => {
    registry = await startService(createRegistryApp, { env: { NODE_ENV: mode, ...productionSecrets(), ACCOUNTS_SIGNING_KEYS: signingKeysEnv(key) } });
  });
  afterAll(() => registry?.close());

  it('stores the event with the snapshot the caller got back, its history row and nothing else', async () => {
    const agencyId = await insertAgency(registry, KUDUS, 'Dinas Kesehatan');
    const before = await countRows(registry);
    const res = await registry.request('POST', '/innovations', { token, body: innovationBody(KUDUS, agencyId, { evidence: [{ indicator: 'regulasi', url: 'https://jdih.kuduskab.go.id/perbup-12-2021.pdf', note: 'Perbup 12/2021' }] }), headers: { 'x-correlation-id': `stmt-${mode}` } });
    expect(res.status).toBe(201);
    expect(await countRows(registry)).toEqual({ innovations: before.innovations + 1, history: before.history + 1, outbox: before.outbox + 1 });

    const [row] = await registry.app.get(DataSource).query(`SELECT type, envelope FROM "registry"."outbox" WHERE envelope->>'aggregateId' = $1`, [res.body.id]);
    expect(row.type).toBe('innovation.registered');
    expect(row.envelope).toMatchObject({ type: 'innovation.registered', producer: 'registry', correlationId: `stmt-${mode}`, aggregateId: res.body.id, aggregateVersion: 1 });
    expect(row.envelope.payload).toEqual({ innovation: res.body });
    const [history] = await registry.app.get(DataSource).query(`SELECT action, snapshot FROM "registry"."innovation_history" WHERE innovation_id = $1`, [res.body.id]);
    expect(history).toEqual({ action: 'registered', snapshot: res.body });
  });

  it("checks the event's contract on what the statement stores: every field but the ones the statement makes", async () => {
    const agencyId = await insertAgency(registry, KUDUS, 'Dinas Kependudukan dan Pencatatan Sipil');
    const write = jest.spyOn(registry.app.get(OutboxService), 'writeWithEvent');
    try {
      const bodies = [
        innovationBody(KUDUS, agencyId, {
          stage: 'penerapan',
          trialStartedOn: '2023-01-09',
          implementedOn: '2024-02-29',
          adaptationNotes: 'Disesuaikan dengan layanan Demak',
          evidence: [{ indicator: 'regulasi', url: 'https://jdih.kuduskab.go.id/perbup-12-2021.pdf', note: 'Perbup 12/2021' }],
          contact: { name: '  Sri Rahayu ', position: 'Kepala Bidang Pelayanan', phone: '0291-438000', email: 'sri@kuduskab.go.id' },
        }),
        // Only what a registration requires: every optional field absent.
        Object.fromEntries(
          Object.entries(innovationBody(KUDUS, agencyId, { name: 'Antrean daring', stage: 'inisiatif' })).filter(([field]) => !['trialStartedOn', 'problem', 'design', 'goals', 'benefits', 'results', 'evidence'].includes(field)),
        ),
      ];
      for (const body of bodies) {
        const res = await registry.request('POST', '/innovations', { token, body });
        expect(res.status).toBe(201);
        const expected = write.mock.calls.at(-1)![4] as unknown as { innovation: Record<string, unknown> };
        const [row] = await registry.app.get(DataSource).query(`SELECT envelope->'payload' AS payload FROM "registry"."outbox" WHERE envelope->>'aggregateId' = $1`, [res.body.id]);
        const { agencyName, registeredAt, updatedAt } = row.payload.innovation;
        expect(agencyName).toBe('Dinas Kependudukan dan Pencatatan Sipil');
        expect(row.payload).toEqual({ innovation: { ...expected.innovation, agencyName, registeredAt, updatedAt } });
      }
    } finally {
      write.mockRestore();
    }
  });

  it('writes nothing at all when the statement refuses the agency', async () => {
    const demakAgency = await insertAgency(registry, DEMAK, 'Dinas Kesehatan Demak');
    const before = await countRows(registry);
    const res = await registry.request('POST', '/innovations', { token, body: innovationBody(KUDUS, demakAgency) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('agencyId');
    expect(await countRows(registry)).toEqual(before);
  });
});
