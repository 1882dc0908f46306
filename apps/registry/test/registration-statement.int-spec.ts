import { DataSource } from 'typeorm';
import { newSigningKey, productionSecrets, signingKeysEnv, startService, tokenSignedWith, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../src/registry.app.js';
import { countRows, DEMAK, innovationBody, insertAgency, KUDUS } from './innovation-test.fixtures.js';

// A registration is one statement: the row, its history row and its event's outbox row, the event's
// payload made by the statement from the row it inserted. In production it runs alone (no
// transaction, no contract check); elsewhere in a transaction with the event checked before commit.
// Both must store the event the caller was answered with.
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

  it('writes nothing at all when the statement refuses the agency', async () => {
    const demakAgency = await insertAgency(registry, DEMAK, 'Dinas Kesehatan Demak');
    const before = await countRows(registry);
    const res = await registry.request('POST', '/innovations', { token, body: innovationBody(KUDUS, demakAgency) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('agencyId');
    expect(await countRows(registry)).toEqual(before);
  });
});
