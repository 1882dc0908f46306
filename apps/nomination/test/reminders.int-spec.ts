import { randomUUID } from 'node:crypto';
import { createTestDatabase, createTestRedis, expectEventually, type TestDatabase, type TestRedis } from '@lumbung/testing';
import { DeadlineReminders } from '../src/editions/deadline-reminders.service.js';
import { kudusEdition, NominationHarness, tokens, wib } from './nomination-test.fixtures.js';

/**
 * competition.deadline-approaching with two replicas of the nomination service on one database and
 * Redis, each running the BullMQ job scheduler every 100 ms: each reminder is published once, also
 * when both replicas run it at the same moment and after one restarts; an extended window reminds
 * again for its new last day.
 */
describe('deadline reminders, exactly once across replicas and restarts (real PostgreSQL and Redis)', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let a: NominationHarness;
  let b: NominationHarness;
  let editionId: string;
  const agencies = ['Dinas Kesehatan', 'Dinas Pendidikan', 'Bappeda'].map((agencyName) => ({ agencyId: randomUUID(), agencyName }));
  const env = { REMINDERS_ENABLED: 'true', PHASE_TICK_MS: '100', REMINDER_TICK_MS: '100', REMINDER_DAYS_BEFORE: '7,1' };
  const replicas = () => [a, b];
  const travel = (day: string) => replicas().forEach((h) => h.travelTo(wib(day)));

  interface Reminder {
    aggregateId: string;
    payload: { phase: string; endsOn: string; daysLeft: number; agenciesWithoutEntry: { agencyName: string }[] };
  }
  const reminders = async (): Promise<Reminder[]> =>
    ((await a.db.query(`SELECT envelope FROM "nomination"."outbox" WHERE type = 'competition.deadline-approaching' ORDER BY seq`)) as { envelope: Reminder }[]).map((r) => r.envelope);

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    a = await NominationHarness.start({ db, redis, env });
    b = await NominationHarness.start({ db, redis, env });
    travel('2022-10-20');
    editionId = (await a.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition() })).body.id;
    expect((await a.request('POST', `/editions/${editionId}/phase`, { token: tokens.kudusAdmin, body: { phase: 'submission' } })).status).toBe(200);
    // Three Kudus OPDs known by their innovations; the health office has entered.
    const innovations = [];
    for (const agency of agencies) innovations.push(await a.innovation({ name: `Inovasi ${agency.agencyName}`, ...agency }));
    const entered = await a.request('POST', `/editions/${editionId}/entries`, { token: tokens.staff(agencies[0]!.agencyId), body: { innovationId: innovations[0]!.id } });
    expect(entered.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('sends nothing before a reminder day', async () => {
    expect(await a.svc.app.get(DeadlineReminders).sendDue()).toBe(0);
    expect(await reminders()).toEqual([]);
  });

  it('sends the week-ahead reminder once, naming the OPDs without an entry, with both replicas ticking', async () => {
    travel('2022-11-06');
    await expectEventually(async () => expect(await reminders()).toHaveLength(1), 10_000, 100);
    // Both replicas asked at the same moment, again and again: still one.
    await Promise.all(replicas().flatMap((h) => [1, 2, 3].map(() => h.svc.app.get(DeadlineReminders).sendDue())));
    await new Promise((r) => setTimeout(r, 500));
    const [week] = await reminders();
    expect(await reminders()).toHaveLength(1);
    expect(week!.payload).toMatchObject({ phase: 'submission', endsOn: '2022-11-13', daysLeft: 7 });
    expect(week!.payload.agenciesWithoutEntry.map((x) => x.agencyName)).toEqual(['Bappeda', 'Dinas Pendidikan']);
  });

  it('sends the day-before reminder once, and nothing more after a replica restarts', async () => {
    travel('2022-11-12');
    await expectEventually(async () => expect(await reminders()).toHaveLength(2), 10_000, 100);
    await b.close();
    b = await NominationHarness.start({ db, redis, env });
    travel('2022-11-12');
    await new Promise((r) => setTimeout(r, 1_000));
    const all = await reminders();
    expect(all.map((r) => r.payload.daysLeft)).toEqual([7, 1]);
    expect(new Set(all.map((r) => r.aggregateId)).size).toBe(2);
  });

  it('reminds again for the new last day of an extended window', async () => {
    const changed = await a.request('PATCH', `/editions/${editionId}/schedule`, {
      token: tokens.kudusAdmin,
      body: { reason: 'Perpanjangan atas permintaan OPD', schedule: [{ phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-20' }, { phase: 'administrative-check', startsOn: '2022-11-21', endsOn: '2022-11-22' }, { phase: 'scoring', startsOn: '2022-11-23', endsOn: '2022-11-25' }, { phase: 'objection', startsOn: '2022-11-26', endsOn: '2022-11-27' }] },
    });
    expect(changed.status).toBe(200);
    travel('2022-11-13');
    await expectEventually(async () => expect(await reminders()).toHaveLength(3), 10_000, 100);
    expect((await reminders())[2]!.payload).toMatchObject({ endsOn: '2022-11-20', daysLeft: 7 });
  });
});
