import { DataSource } from 'typeorm';
import { OutboxService } from '@lumbung/messaging';
import type { Principal } from '@lumbung/platform';
import { productionAuth, startService, type ProductionAuth, type RunningService } from '@lumbung/testing';
import { createNominationApp } from '../../apps/nomination/src/nomination.app.js';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { innovationBody, insertAgency, KUDUS } from '../../apps/registry/test/innovation-test.fixtures.js';

/**
 * Issue 19: in production the outbox did not check an event against its contract, and a list nested
 * in a list passed the HTTP DTO, so `"evidence":[[…]]` was stored, answered 201 and its event
 * dead-lettered by every consumer. Both services run here as in production (NODE_ENV=production).
 */
let auth: ProductionAuth;
const token = (principal: Principal) => auth.token(principal);
const outboxRows = (svc: RunningService, schema: string) =>
  svc.app.get(DataSource).query(`SELECT count(*)::int AS n FROM "${schema}"."outbox"`).then(([row]: { n: number }[]) => row.n);
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

describe('a client over HTTP cannot make a production service publish an event its consumers refuse', () => {
  let registry: RunningService;
  let nomination: RunningService;

  beforeAll(async () => {
    auth = await productionAuth();
    registry = await startService(createRegistryApp, { env: { ...auth.env, ROLE: 'http' } });
    nomination = await startService(createNominationApp, { env: { ...auth.env, ROLE: 'http' } });
  });
  afterAll(async () => {
    await nomination?.close();
    await registry?.close();
    await auth?.close();
  });

  it('refuses evidence nested in a list with a 400 naming the field, and writes nothing', async () => {
    const agencyId = await insertAgency(registry, KUDUS, 'Dinas Kesehatan');
    const before = await outboxRows(registry, 'registry');
    const evidence = [[{ indicator: 'regulasi', url: 'https://jdih.kuduskab.go.id/perbup-12-2023.pdf' }]];
    const res = await registry.request('POST', '/innovations', { token: token({ sub: 'admin', role: 'region-admin', region: KUDUS }), body: innovationBody(KUDUS, agencyId, { evidence }) });
    expect([res.status, fieldsOf(res.body)]).toEqual([400, expect.arrayContaining(['evidence'])]);
    expect(await outboxRows(registry, 'registry')).toBe(before);
  });

  it('refuses criteria nested in a list, and eligibility given as a list, with a 400 naming the field', async () => {
    const admin = token({ sub: 'nasional', role: 'national-admin' });
    const edition = (overrides: Record<string, unknown>) => ({
      level: 'regency', ownerRegionCode: KUDUS, year: 2022, name: 'KIPP Kudus 2022',
      schedule: [
        { phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-13' },
        { phase: 'scoring', startsOn: '2022-11-17', endsOn: '2022-11-22' },
        { phase: 'decision', startsOn: '2022-12-05', endsOn: '2022-12-09' },
      ],
      ...overrides,
    });
    const before = await outboxRows(nomination, 'nomination');
    const nested = await nomination.request('POST', '/editions', { token: admin, body: edition({ criteria: [[{ code: 'significance', name: 'Signifikansi', weight: 100 }]] }) });
    expect([nested.status, fieldsOf(nested.body)]).toEqual([400, expect.arrayContaining(['criteria'])]);
    const listed = await nomination.request('POST', '/editions', { token: admin, body: edition({ criteriaPreset: 'kipp-2023', eligibility: [{ minAgeYears: 1 }] }) });
    expect([listed.status, fieldsOf(listed.body)]).toEqual([400, expect.arrayContaining(['eligibility'])]);
    expect(await outboxRows(nomination, 'nomination')).toBe(before);
  });

  it('checks every appended event against its contract in production too', async () => {
    const outbox = registry.app.get(OutboxService);
    const append = registry.app.get(DataSource).transaction((manager) =>
      outbox.append(manager, { correlationId: 'poison', actor: { sub: 'bug', role: 'service' } } as never, [
        { type: 'agency.registered', aggregateId: 'a', aggregateVersion: 1, payload: { agency: [[{ name: 'x' }]] } as never },
      ]),
    );
    await expect(append).rejects.toThrow(/agency\.registered does not satisfy its contract/);
    expect(await registry.app.get(DataSource).query(`SELECT count(*)::int AS n FROM "registry"."outbox" WHERE type = 'agency.registered'`)).toEqual([{ n: 0 }]);
  });

  it('checks the event of a one-statement write against its contract before the statement runs, in production too, and leaves nothing', async () => {
    const outbox = registry.app.get(OutboxService);
    const dataSource = registry.app.get(DataSource);
    const before = await outboxRows(registry, 'registry');
    const payload = `jsonb_build_object('agency', jsonb_build_array(jsonb_build_object('name', 'x')))`;
    const source = { cte: 'x', aggregateId: 'x.id', aggregateVersion: '1', payload };
    let ran = false;
    const write = outbox.writeWithEvent(dataSource, { correlationId: 'poison', actor: { sub: 'bug', role: 'service' } }, 'agency.registered', source, { agency: [{ name: 'x' }] } as never, (runner, eventCte) => {
      ran = true;
      const params: unknown[] = [];
      return runner.query(`WITH x AS (SELECT gen_random_uuid()::text AS id), ${eventCte((value) => `$${params.push(value)}`)} SELECT 1 AS done`, params);
    });
    await expect(write).rejects.toThrow(/agency\.registered does not satisfy its contract/);
    expect(ran).toBe(false);
    expect(await outboxRows(registry, 'registry')).toBe(before);
  });
});
