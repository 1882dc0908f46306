import { DataSource } from 'typeorm';
import { createTestDatabase, createTestRedis, expectEventually, startService, tokenFor, type RunningService, type TestDatabase, type TestRedis } from '@lumbung/testing';
import { complianceReminderDue } from '../src/compliance/compliance-counts.js';
import { ComplianceReminders } from '../src/compliance/compliance-reminders.service.js';
import { createRegistryApp } from '../src/registry.app.js';

/**
 * compliance.reminder with two replicas of the registry on one database and Redis, each ticking its
 * BullMQ job scheduler every 100 ms (the reminder day set to the first of January, so it is due
 * now): each region with agencies lacking this year's innovation is reminded once, also when both
 * replicas run at once and after one restarts; a region whose agencies all have one is not.
 */
describe('compliance reminders, exactly once per region and year across replicas and restarts (real PostgreSQL and Redis)', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let a: RunningService;
  let b: RunningService;
  const national = tokenFor({ sub: 'admin-kemendagri', role: 'national-admin' });
  const env = { REMINDERS_ENABLED: 'true', REMINDER_TICK_MS: '100', COMPLIANCE_REMINDER_FROM: '01-01' };
  const start = (role = 'all') => startService(createRegistryApp, { db, redis, env: { ...env, ROLE: role } });

  type Reminder = { regionCode: string; agencies: number; withoutInnovation: { agencyName: string }[] };
  const reminders = async (): Promise<Reminder[]> =>
    ((await a.app.get(DataSource).query(`SELECT envelope FROM "registry"."outbox" WHERE type = 'compliance.reminder' ORDER BY seq`)) as { envelope: { payload: Reminder } }[]).map((r) => r.envelope.payload);

  const agency = async (regionCode: string, name: string): Promise<string> => {
    const res = await a.request('POST', '/agencies', { token: national, body: { regionCode, name } });
    expect(res.status).toBe(201);
    return res.body.id;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    // The records first, by an API-only replica (ROLE=http runs no scheduler), so no reminder goes
    // out on a half-made world; then the two replicas that tick.
    a = await start('http');
    // Kudus: the health office has this year's innovation, the education office none; Demak: none;
    // Jepara: its one office has one.
    const kudusHealth = await agency('33.19', 'Dinas Kesehatan Kudus');
    await agency('33.19', 'Dinas Pendidikan Kudus');
    await agency('33.21', 'Dinas Kesehatan Demak');
    const jepara = await agency('33.20', 'Dinas Kesehatan Jepara');
    for (const [regionCode, agencyId] of [['33.19', kudusHealth], ['33.20', jepara]] as const) {
      const res = await a.request('POST', '/innovations', {
        token: national,
        body: { regionCode, agencyId, name: `Inovasi ${regionCode}`, typeCode: 'teknologi', stage: 'inisiatif', initiator: 'opd', digital: true, form: 'pelayanan-publik', governmentAffair: 'kesehatan' },
      });
      expect(res.status).toBe(201);
    }
    await a.close();
    a = await start();
    b = await start();
  }, 60_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('is due from the reminder day of the year, in WIB', () => {
    expect(complianceReminderDue(new Date('2022-09-30T16:59:00Z'), '10-01')).toBe(false); // 23.59 WIB on 30 September
    expect(complianceReminderDue(new Date('2022-09-30T17:00:00Z'), '10-01')).toBe(true); // midnight WIB, 1 October
    expect(complianceReminderDue(new Date('2022-12-31T12:00:00Z'), '10-01')).toBe(true);
  });

  it('reminds Kudus and Demak once each, naming the agencies without an innovation, with both replicas ticking and asking at once', async () => {
    await expectEventually(async () => expect(await reminders()).toHaveLength(2), 10_000, 100);
    await Promise.all([a, b].flatMap((svc) => [1, 2, 3].map(() => svc.app.get(ComplianceReminders).sendDue())));
    expect(await reminders()).toEqual([
      { regionCode: '33.19', regionName: 'Kabupaten Kudus', year: expect.any(Number), agencies: 2, withoutInnovation: [{ agencyId: expect.any(String), agencyName: 'Dinas Pendidikan Kudus' }] },
      { regionCode: '33.21', regionName: 'Kabupaten Demak', year: expect.any(Number), agencies: 1, withoutInnovation: [{ agencyId: expect.any(String), agencyName: 'Dinas Kesehatan Demak' }] },
    ]);
  });

  it('sends nothing more after a replica restarts', async () => {
    await b.close();
    b = await start();
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await reminders()).map((r) => r.regionCode)).toEqual(['33.19', '33.21']);
  });
});
