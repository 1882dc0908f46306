import { createTestDatabase, createTestRedis, expectEventually, startService, tokenFor, type RunningService, type TestDatabase, type TestRedis } from '@lumbung/testing';
import { createNominationApp } from '../../apps/nomination/src/nomination.app.js';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { kudusEdition } from '../../apps/nomination/test/nomination-test.fixtures.js';

/**
 * An edition's admin assigns a juror account in the nomination service; the registry hears
 * competition.juror-assigned (a real BullMQ job, read by its worker) and the juror's next token
 * names the edition, so the juror can score it; removing the juror takes it off again.
 */
describe('a juror account follows its assignments', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let registry: RunningService;
  let nomination: RunningService;
  const kudusAdmin = tokenFor({ sub: 'admin-kudus', role: 'region-admin', region: '33.19' });
  const PASSWORD = 'Juri yang teliti dari Undip';

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    registry = await startService(createRegistryApp, { db, redis });
    nomination = await startService(createNominationApp, { db, redis });
  });
  afterAll(async () => {
    await nomination?.close();
    await registry?.close();
    await db?.drop();
    await redis?.cleanup();
  });

  const signIn = async () => {
    const res = await registry.request('POST', '/accounts/sign-in', { body: { email: 'retno@undip.ac.id', password: PASSWORD } });
    expect(res.status).toBe(200);
    return res.body as { accessToken: string; account: { editions: string[] } };
  };
  const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { editions?: string[] };

  it('names the edition in the juror’s token once assigned, and drops it once removed', async () => {
    const created = await registry.request('POST', '/accounts', { token: kudusAdmin, body: { name: 'Dr. Retno', email: 'retno@undip.ac.id', role: 'juror' } });
    expect(created.status).toBe(201);
    const jurorId: string = created.body.account.id;
    await registry.request('POST', '/accounts/sign-in', { body: { email: 'retno@undip.ac.id', password: created.body.oneTimePassword, newPassword: PASSWORD } });
    expect(claimsOf((await signIn()).accessToken).editions).toEqual([]);

    const edition = await nomination.request('POST', '/editions', { token: kudusAdmin, body: kudusEdition() });
    expect(edition.status).toBe(201);
    const assigned = await nomination.request('POST', `/editions/${edition.body.id}/jurors`, { token: kudusAdmin, body: { jurorId, name: 'Dr. Retno', affiliation: 'Universitas Diponegoro' } });
    expect(assigned.status).toBe(201);

    const session = await expectEventually(async () => {
      const s = await signIn();
      expect(claimsOf(s.accessToken).editions).toEqual([edition.body.id]);
      return s;
    });
    expect(session.account.editions).toEqual([edition.body.id]);
    // The nomination service takes the new token as this edition's juror.
    expect((await nomination.request('GET', `/editions/${edition.body.id}/jurors`, { token: session.accessToken })).status).toBe(200);

    expect((await nomination.request('DELETE', `/editions/${edition.body.id}/jurors/${jurorId}`, { token: kudusAdmin })).status).toBeLessThan(300);
    await expectEventually(async () => expect(claimsOf((await signIn()).accessToken).editions).toEqual([]));
  });
});
