import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RunningService } from '@lumbung/testing';
import {
  agencySnapshot,
  agencyStaff,
  DEMAK,
  handled,
  JEPARA,
  juror,
  KUDUS,
  nationalAdmin,
  provinceAdmin,
  regionAdmin,
  RegistryFeed,
  requestBody,
  seedWorld,
  startReplication,
  type World,
} from './replication-test.fixtures.js';

const SLEMAN = '34.04';

/**
 * One world for every list: Kudus's innovation asked for by Demak (two agencies) and Jepara, and
 * by Sleman in another province; one request long idle.
 */
describe('replication lists (real PostgreSQL and Redis)', () => {
  let svc: RunningService;
  let feed: RegistryFeed;
  let world: World;
  const ids: Record<string, string> = {};
  const demakDinkes = agencySnapshot(DEMAK, 'Dinas Kesehatan Demak');
  const jeparaAgency = agencySnapshot(JEPARA, 'DPMPTSP Jepara');
  const slemanAgency = agencySnapshot(SLEMAN, 'DPMPTSP Sleman');

  const get = (path: string, token: string) => svc.request('GET', path, { token });
  const idsOf = (body: { items: Array<{ id: string }> }) => body.items.map((r) => r.id);

  beforeAll(async () => {
    svc = await startReplication();
    feed = new RegistryFeed(svc.redis);
    world = await seedWorld(svc, feed);
    const events = [demakDinkes, jeparaAgency, slemanAgency].map((a) => feed.agencyEvent('agency.registered', a));
    await feed.send(...events);
    await handled(svc, events);
    const file = async (token: string, agencyId: string, region: string) => {
      const res = await svc.request('POST', '/replication-requests', { token, body: requestBody(world.origin.id, agencyId, { adopterRegionCode: region }) });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    // In this order, so newest first is sleman, jepara, demakDinkes, demak.
    ids.demak = await file(regionAdmin(DEMAK), world.demakAgency.id, DEMAK);
    ids.demakDinkes = await file(regionAdmin(DEMAK), demakDinkes.id, DEMAK);
    ids.jepara = await file(regionAdmin(JEPARA), jeparaAgency.id, JEPARA);
    ids.sleman = await file(regionAdmin(SLEMAN), slemanAgency.id, SLEMAN);
    await svc.request('POST', `/replication-requests/${ids.jepara}/decline`, { token: regionAdmin(KUDUS), body: { reason: 'Kapasitas pendampingan penuh.' } });
    await svc.request('POST', `/replication-requests/${ids.demak}/accept`, { token: regionAdmin(KUDUS), body: {} });
    // Given: Demak's Dinkes request has had no step for 45 days, Sleman's for 10.
    const db = svc.app.get(DataSource);
    await db.query(`UPDATE "replication"."replication_request" SET last_activity_at = now() - interval '45 days' WHERE id = $1`, [ids.demakDinkes]);
    await db.query(`UPDATE "replication"."replication_request" SET last_activity_at = now() - interval '10 days' WHERE id = $1`, [ids.sleman]);
  });
  afterAll(async () => {
    await feed?.close();
    await svc?.close();
  });

  it("lists an origin region's incoming requests, newest first, by status, page by page", async () => {
    const all = await get('/replication-requests/incoming', regionAdmin(KUDUS));
    expect(all.status).toBe(200);
    expect(idsOf(all.body)).toEqual([ids.sleman, ids.jepara, ids.demakDinkes, ids.demak]);
    expect(idsOf((await get('/replication-requests/incoming?status=declined', regionAdmin(KUDUS))).body)).toEqual([ids.jepara]);

    const first = await get('/replication-requests/incoming?limit=3', regionAdmin(KUDUS));
    expect(idsOf(first.body)).toEqual([ids.sleman, ids.jepara, ids.demakDinkes]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await get(`/replication-requests/incoming?limit=3&cursor=${first.body.nextCursor}`, regionAdmin(KUDUS));
    expect(idsOf(second.body)).toEqual([ids.demak]);
    expect(second.body.nextCursor).toBeNull();
    expect((await get('/replication-requests/incoming?cursor=bm9wZQ', regionAdmin(KUDUS))).body.errors[0].field).toBe('cursor');
  });

  it('lists outgoing requests of an adopter region, and of one of its agencies', async () => {
    expect(idsOf((await get('/replication-requests/outgoing', regionAdmin(DEMAK))).body)).toEqual([ids.demakDinkes, ids.demak]);
    expect(idsOf((await get(`/replication-requests/outgoing?agency=${demakDinkes.id}`, regionAdmin(DEMAK))).body)).toEqual([ids.demakDinkes]);
    expect(idsOf((await get('/replication-requests/outgoing?status=accepted', regionAdmin(DEMAK))).body)).toEqual([ids.demak]);
    // Agency staff see their own agency's requests only.
    expect(idsOf((await get('/replication-requests/outgoing', agencyStaff(DEMAK, world.demakAgency.id))).body)).toEqual([ids.demak]);
    expect(idsOf((await get('/replication-requests/incoming', agencyStaff(KUDUS, world.kudusAgency.id))).body)).toHaveLength(4);
  });

  it("lists a province's requests between its own regions, for its staff only", async () => {
    const jateng = await get('/provinces/33/replication-requests', provinceAdmin('33'));
    expect(idsOf(jateng.body)).toEqual([ids.jepara, ids.demakDinkes, ids.demak]);
    expect(idsOf((await get('/provinces/34/replication-requests', provinceAdmin('34'))).body)).toEqual([]);
    expect((await get('/provinces/33/replication-requests', regionAdmin(KUDUS))).status).toBe(403);
    expect((await get('/provinces/33/replication-requests', provinceAdmin('34'))).status).toBe(403);
    expect((await get('/provinces/33.19/replication-requests', nationalAdmin())).body.errors[0].field).toBe('code');
  });

  it('flags requests with no activity for N days as stalled, longest idle first', async () => {
    const month = await get('/replication-requests/stalled', regionAdmin(KUDUS));
    expect(idsOf(month.body)).toEqual([ids.demakDinkes]);
    expect(month.body.items[0].stalled).toBe(true);
    const week = await get('/replication-requests/stalled?days=7', regionAdmin(KUDUS));
    expect(idsOf(week.body)).toEqual([ids.demakDinkes, ids.sleman]);
    expect(idsOf((await get('/replication-requests/stalled?days=7', provinceAdmin('33'))).body)).toEqual([ids.demakDinkes]);
    expect(idsOf((await get('/replication-requests/stalled?days=7', nationalAdmin())).body)).toEqual([ids.demakDinkes, ids.sleman]);
    // The flag shows on every list, with the service's threshold (30 days).
    const outgoing = (await get('/replication-requests/outgoing', regionAdmin(DEMAK))).body.items;
    expect(outgoing.map((r: { id: string; stalled: boolean }) => [r.id, r.stalled])).toEqual([
      [ids.demakDinkes, true],
      [ids.demak, false],
    ]);
    // A final request is never stalled.
    await svc.app.get(DataSource).query(`UPDATE "replication"."replication_request" SET last_activity_at = now() - interval '90 days' WHERE id = $1`, [ids.jepara]);
    expect(idsOf((await get('/replication-requests/stalled', regionAdmin(KUDUS))).body)).toEqual([ids.demakDinkes]);
    expect((await get('/replication-requests/stalled?days=0', regionAdmin(KUDUS))).body.errors[0].field).toBe('days');
  });

  it("shows an innovation's replication network to anyone signed in, without contact details", async () => {
    const res = await get(`/innovations/${world.origin.id}/replication-network`, juror());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ innovationId: world.origin.id, regionCode: KUDUS, counts: { requested: 2, accepted: 1, declined: 1 } });
    expect(res.body.requests.map((r: { requestId: string }) => r.requestId)).toEqual([ids.demak, ids.demakDinkes, ids.jepara, ids.sleman]);
    expect(JSON.stringify(res.body)).not.toMatch(/Siti|phone|email|reason|plan/);
    expect((await get(`/innovations/${randomUUID()}/replication-network`, juror())).status).toBe(404);
  });

  it("refuses lists outside the caller's scope (403) and asks a regionless caller for a region (400)", async () => {
    expect((await get(`/replication-requests/incoming?region=${KUDUS}`, regionAdmin(DEMAK))).status).toBe(403);
    expect((await get(`/replication-requests/outgoing?region=${DEMAK}`, provinceAdmin('34'))).status).toBe(403);
    expect((await get(`/replication-requests/outgoing?region=${DEMAK}`, provinceAdmin('33'))).status).toBe(200);
    expect((await get('/replication-requests/incoming', juror())).body.errors[0].field).toBe('region');
    expect((await get(`/replication-requests/stalled?region=${DEMAK}`, regionAdmin(KUDUS))).status).toBe(403);
    expect((await get('/replication-requests/stalled', juror())).status).toBe(403);
  });
});
