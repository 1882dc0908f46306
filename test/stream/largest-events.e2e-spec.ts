import { DataSource } from 'typeorm';
import { INNOVATION_EVIDENCE_MAX, INNOVATION_NAME_MAX, INNOVATION_TEXT_MAX, REPLICATION_NOTE_MAX, REPLICATION_PROGRESS_MAX, REPLICATION_TEXT_MAX } from '@lumbung/contracts';
import { createTestDatabase, createTestRedis, expectEventually, startService, tokenFor, type RunningService, type TestDatabase, type TestRedis } from '@lumbung/testing';
import { createNominationApp } from '../../apps/nomination/src/nomination.app.js';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { createReplicationApp } from '../../apps/replication/src/replication.app.js';

const KUDUS = '33.19';
const DEMAK = '33.21';

/** `length` characters of words that never repeat (from `seed` on): the most a full-text index can be asked to hold. */
function distinctWords(length: number, seed: number): string {
  const words: string[] = [];
  let size = 0;
  for (let n = seed; size < length; n++) {
    let word = '';
    for (let rest = n; rest > 0 || word === ''; rest = Math.floor(rest / 26)) word += String.fromCharCode(97 + (rest % 26));
    words.push(`k${word}`);
    size += word.length + 2;
  }
  return words.join(' ').slice(0, length).trimEnd();
}

/**
 * Issue 19: an adopter could file any number of progress reports of any length; their joined
 * summaries reached the registry in replication.completed, which failed ("string is too long for
 * tsvector") and dead-lettered, so the request was completed in one service and missing in the other.
 * Here every text and list is at its bound, the producers publish the largest events they legally
 * can, and every consumer applies them: no dead letter anywhere.
 */
describe('the largest events a producer may publish are applied by every consumer', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let registry: RunningService;
  let replication: RunningService;
  let nomination: RunningService;
  const kudusAdmin = tokenFor({ sub: 'bagor-kudus', role: 'region-admin', region: KUDUS });
  const demakAdmin = tokenFor({ sub: 'bappeda-demak', role: 'region-admin', region: DEMAK });
  const deadLetters = async () => {
    const counts: Record<string, number> = {};
    for (const schema of ['registry', 'replication', 'nomination']) {
      counts[schema] = (await registry.app.get(DataSource).query(`SELECT count(*)::int AS n FROM "${schema}"."dead_letter"`))[0].n;
    }
    return counts;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    registry = await startService(createRegistryApp, { db, redis });
    replication = await startService(createReplicationApp, { db, redis });
    nomination = await startService(createNominationApp, { db, redis });
  });
  afterAll(async () => {
    await nomination?.close();
    await replication?.close();
    await registry?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('registers the largest innovation, replicates it with every progress report allowed, and the registry records the result', async () => {
    const ok = (res: { status: number; body: unknown }, status: number) => {
      expect({ status: res.status, message: (res.body as { message?: unknown })?.message }).toMatchObject({ status });
      return res.body as Record<string, any>;
    };
    const kudusAgency = ok(await registry.request('POST', '/agencies', { token: kudusAdmin, body: { regionCode: KUDUS, name: 'D'.repeat(200) } }), 201);
    const demakAgency = ok(await registry.request('POST', '/agencies', { token: demakAdmin, body: { regionCode: DEMAK, name: 'E'.repeat(200) } }), 201);
    const long = (seed: number) => distinctWords(INNOVATION_TEXT_MAX, seed);
    const origin = ok(
      await registry.request('POST', '/innovations', {
        token: kudusAdmin,
        body: {
          regionCode: KUDUS, agencyId: kudusAgency.id, name: 'N'.repeat(INNOVATION_NAME_MAX), typeCode: 'teknologi', stage: 'penerapan', initiator: 'opd',
          digital: true, form: 'pelayanan-publik', governmentAffair: 'g'.repeat(100), trialStartedOn: '2020-03-01', implementedOn: '2020-08-10', yearRegistered: 2020,
          problem: long(1e5), design: long(2e5), goals: long(3e5), benefits: long(4e5), results: long(5e5), adaptationNotes: long(6e5),
          evidence: Array.from({ length: INNOVATION_EVIDENCE_MAX }, (_, n) => ({
            indicator: `i${n}`.padEnd(100, 'x'),
            url: `https://jdih.kuduskab.go.id/${n}/`.padEnd(2000, 'a'),
            note: 'n'.repeat(1000),
          })),
        },
      }),
      201,
    );

    const demakStaff = tokenFor({ sub: 'staf-demak', role: 'agency-staff', region: DEMAK, agency: demakAgency.id });
    const request = await expectEventually(async () =>
      ok(
        await replication.request('POST', '/replication-requests', {
          token: demakStaff,
          body: {
            originInnovationId: origin.id, adopterRegionCode: DEMAK, adopterAgencyId: demakAgency.id, model: 'kerja-sama',
            reason: 'r'.repeat(REPLICATION_TEXT_MAX), plan: 'p'.repeat(REPLICATION_TEXT_MAX), contact: { name: 'Siti', email: 'siti@demakkab.go.id' },
          },
        }),
        201,
      ),
    );
    const step = (token: string, action: string, body: unknown) => replication.request('POST', `/replication-requests/${request.id}/${action}`, { token, body });
    ok(await step(kudusAdmin, 'accept', { note: 'a'.repeat(REPLICATION_NOTE_MAX) }), 200);
    ok(await step(demakAdmin, 'agreement', { mouNumber: 'm'.repeat(100), mouSignedOn: '2024-03-04', pksNumber: 'p'.repeat(100), pksSignedOn: '2024-03-18' }), 200);
    for (let n = 0; n < REPLICATION_PROGRESS_MAX; n++) {
      ok(await step(demakStaff, 'progress', { kind: 'adaptation', summary: distinctWords(REPLICATION_TEXT_MAX, 1e6 + n * 2000) }), 200);
    }
    // One report more is refused, and says why.
    const extra = await step(demakStaff, 'progress', { kind: 'adaptation', summary: 'Satu lagi.' });
    expect([extra.status, extra.body.message]).toEqual([409, expect.stringMatching(/progress reports/)]);
    ok(await step(demakStaff, 'implement', { implementedOn: '2024-09-02', adopterInnovationName: 'J'.repeat(INNOVATION_NAME_MAX), note: 'i'.repeat(REPLICATION_NOTE_MAX) }), 200);
    ok(await step(demakStaff, 'complete', { benefitEvaluation: distinctWords(REPLICATION_TEXT_MAX, 9e6), note: 'c'.repeat(REPLICATION_NOTE_MAX) }), 200);

    // The registry records Demak's innovation with the joined notes clipped to what it stores.
    const recorded = await expectEventually(async () => {
      const res = await registry.request('GET', `/innovations/${origin.id}`, { token: kudusAdmin });
      expect({ replications: res.body.replications?.length, deadLetters: await deadLetters() }).toEqual({ replications: 1, deadLetters: { registry: 0, replication: 0, nomination: 0 } });
      return (await registry.request('GET', `/innovations/${res.body.replications[0].id}`, { token: kudusAdmin })).body;
    }, 60_000);
    expect(recorded.adaptationNotes.length).toBeLessThanOrEqual(INNOVATION_TEXT_MAX);
    expect(recorded.adaptationNotes.length).toBeGreaterThan(INNOVATION_TEXT_MAX - 100);

    // The other consumers took both innovations, the largest one included.
    await expectEventually(async () => {
      const [{ n }] = await registry.app.get(DataSource).query(`SELECT count(*)::int AS n FROM "nomination"."innovation_view"`);
      expect({ n, deadLetters: await deadLetters() }).toEqual({ n: 2, deadLetters: { registry: 0, replication: 0, nomination: 0 } });
    }, 60_000);
  });
});
