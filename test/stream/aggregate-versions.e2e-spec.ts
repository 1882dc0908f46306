import { DataSource } from 'typeorm';
import { expectEventually, startService, tokenFor, createTestDatabase, createTestRedis, type RunningService, type TestDatabase, type TestRedis } from '@lumbung/testing';
import { NominationClock } from '../../apps/nomination/src/clock/nomination-clock.js';
import { createNominationApp } from '../../apps/nomination/src/nomination.app.js';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { createReplicationApp } from '../../apps/replication/src/replication.app.js';

const KUDUS = '33.19';
const DEMAK = '33.21';

interface Row {
  service: string;
  seq: string;
  type: string;
  aggregateId: string;
  aggregateVersion: number;
  actor: { id: string; role: string } | null;
  causationId: string | null;
}

/**
 * The AsyncAPI document tells consumers to order and deduplicate an aggregate's events by
 * aggregateVersion. Moving an edition into submission published competition.opened and
 * competition.phase-changed both as version 2, so a consumer skipping versions it had seen dropped
 * one (issue 19). A story through all three services; every outbox row of every producer, in commit
 * order: each aggregate's versions strictly increase.
 */
describe('every event of an aggregate has a version of its own, strictly increasing, across all three producers', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let registry: RunningService;
  let replication: RunningService;
  let nomination: RunningService;
  const kudusAdmin = tokenFor({ sub: 'bagor-kudus', role: 'region-admin', region: KUDUS });
  const demakAdmin = tokenFor({ sub: 'bappeda-demak', role: 'region-admin', region: DEMAK });
  /** Every producer's outbox after the story, in commit order. */
  const rows: Row[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    registry = await startService(createRegistryApp, { db, redis });
    replication = await startService(createReplicationApp, { db, redis });
    nomination = await startService(createNominationApp, { db, redis });
    nomination.app.get(NominationClock).travelTo(new Date('2022-10-14T09:00:00+07:00'));
  });
  afterAll(async () => {
    await nomination?.close();
    await replication?.close();
    await registry?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('walks a story and finds no repeated or decreasing aggregateVersion', async () => {
    const ok = (res: { status: number; body: unknown }, status = 201) => {
      expect({ status: res.status, body: res.body }).toMatchObject({ status });
      return res.body as Record<string, any>;
    };
    // Registry: two agencies, an innovation, a rename.
    const kudusAgency = ok(await registry.request('POST', '/agencies', { token: kudusAdmin, body: { regionCode: KUDUS, name: 'DPMPTSP Kudus' } }));
    const demakAgency = ok(await registry.request('POST', '/agencies', { token: demakAdmin, body: { regionCode: DEMAK, name: 'DPMPTSP Demak' } }));
    ok(await registry.request('PATCH', `/agencies/${kudusAgency.id}`, { token: kudusAdmin, body: { name: 'DPMPTSP Kabupaten Kudus' } }), 200);
    const origin = ok(
      await registry.request('POST', '/innovations', {
        token: kudusAdmin,
        body: {
          regionCode: KUDUS, agencyId: kudusAgency.id, name: 'Jos Pakk', typeCode: 'teknologi', stage: 'penerapan', initiator: 'opd', digital: true,
          form: 'pelayanan-publik', governmentAffair: 'penanaman modal', trialStartedOn: '2020-03-01', implementedOn: '2020-08-10', yearRegistered: 2020,
        },
      }),
    );

    // Replication: Demak replicates it to completion; the registry records Demak's innovation.
    const demakStaff = tokenFor({ sub: 'staf-demak', role: 'agency-staff', region: DEMAK, agency: demakAgency.id });
    const request = await expectEventually(async () =>
      ok(
        await replication.request('POST', '/replication-requests', {
          token: demakStaff,
          body: { originInnovationId: origin.id, adopterRegionCode: DEMAK, adopterAgencyId: demakAgency.id, model: 'kerja-sama', reason: 'Izin lambat.', plan: 'Studi tiru.', contact: { name: 'Siti', email: 'siti@demakkab.go.id' } },
        }),
      ),
    );
    const step = async (token: string, action: string, body: unknown) => ok(await replication.request('POST', `/replication-requests/${request.id}/${action}`, { token, body }), 200);
    await step(kudusAdmin, 'accept', { note: 'Siap.' });
    await step(demakAdmin, 'agreement', { mouNumber: '1', mouSignedOn: '2024-03-04', pksNumber: '2', pksSignedOn: '2024-03-18' });
    await step(demakStaff, 'progress', { kind: 'adaptation', summary: 'Formulir disesuaikan.' });
    await step(demakStaff, 'implement', { implementedOn: '2024-09-02', adopterInnovationName: 'Jos Pakk Demak' });
    await step(demakStaff, 'complete', { benefitEvaluation: 'Izin terbit 3 hari.' });
    await expectEventually(async () => expect((await registry.request('GET', `/innovations/${origin.id}`, { token: kudusAdmin })).body.replications).toHaveLength(1));

    // Nomination: an edition moved by its admin into submission (opened + phase-changed), an entry, a juror, scoring.
    const edition = ok(
      await nomination.request('POST', '/editions', {
        token: kudusAdmin,
        body: {
          level: 'regency', ownerRegionCode: KUDUS, year: 2022, name: 'KIPP Kudus 2022', criteriaPreset: 'kipp-2023', autoAdvance: false,
          schedule: [
            { phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-13' },
            { phase: 'scoring', startsOn: '2022-11-17', endsOn: '2022-11-22' },
            { phase: 'decision', startsOn: '2022-12-05', endsOn: '2022-12-09' },
          ],
        },
      }),
    );
    ok(await nomination.request('POST', `/editions/${edition.id}/phase`, { token: kudusAdmin, body: { phase: 'submission' } }), 200);
    ok(await nomination.request('POST', `/editions/${edition.id}/jurors`, { token: kudusAdmin, body: { jurorId: 'juri-1', name: 'Dr. Retno' } }), 201);
    const entry = await expectEventually(async () => ok(await nomination.request('POST', `/editions/${edition.id}/entries`, { token: kudusAdmin, body: { innovationId: origin.id } })));
    ok(await nomination.request('POST', `/entries/${entry.id}/admission`, { token: kudusAdmin, body: { decision: 'admit' } }), 200);

    // Every producer's outbox, in commit order.
    for (const service of ['registry', 'replication', 'nomination']) {
      rows.push(
        ...(await registry.app.get(DataSource).query(
          `SELECT '${service}' AS service, seq, type, envelope->>'aggregateId' AS "aggregateId", (envelope->>'aggregateVersion')::int AS "aggregateVersion",
                  envelope->'actor' AS actor, envelope->>'causationId' AS "causationId"
           FROM "${service}"."outbox" ORDER BY seq`,
        )),
      );
    }
    const types = new Set(rows.map((r) => r.type));
    expect([...types]).toEqual(expect.arrayContaining(['agency.renamed', 'innovation.registered', 'replication.completed', 'competition.opened', 'competition.phase-changed', 'nomination.admitted']));
    const last = new Map<string, Row>();
    const repeats: string[] = [];
    for (const row of rows) {
      const before = last.get(row.aggregateId);
      if (before && !(row.aggregateVersion > before.aggregateVersion)) {
        repeats.push(`${row.type} v${row.aggregateVersion} after ${before.type} v${before.aggregateVersion} of ${row.aggregateId}`);
      }
      last.set(row.aggregateId, row);
    }
    expect(repeats).toEqual([]);
  });

  // Issue 17: a consuming service must be able to attribute every action, without learning a name or an e-mail.
  it('names who acted on every event: the token\'s subject and role, or for an event another caused, that event\'s actor', () => {
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter((r) => !r.actor).map((r) => r.type)).toEqual([]);
    const actorOf = (type: string) => rows.filter((r) => r.type === type).map((r) => r.actor);
    expect(actorOf('agency.renamed')).toEqual([{ id: 'bagor-kudus', role: 'region-admin' }]);
    expect(actorOf('replication.completed')).toEqual([{ id: 'staf-demak', role: 'agency-staff' }]);
    expect(actorOf('competition.opened')).toEqual([{ id: 'bagor-kudus', role: 'region-admin' }]);
    // The registry records Demak's innovation because of replication.completed: Demak's staff member acted, not a service.
    const caused = rows.filter((r) => r.service === 'registry' && r.causationId);
    expect(caused.length).toBeGreaterThan(0);
    expect(caused.map((r) => r.actor)).toEqual(caused.map(() => ({ id: 'staf-demak', role: 'agency-staff' })));
    for (const r of rows) expect(Object.keys(r.actor!).sort()).toEqual(['id', 'role']);
  });
});
