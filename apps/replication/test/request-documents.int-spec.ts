import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DOCUMENT_STORAGES, type RunningService, type TestDocumentStorage } from '@lumbung/testing';
import { agencyStaff, DEMAK, JEPARA, KUDUS, provinceAdmin, regionAdmin, RegistryFeed, requestBody, seedWorld, startReplication, type World } from './replication-test.fixtures.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe.each(DOCUMENT_STORAGES)('documents of a replication request (real PostgreSQL and Redis), stored in %s', (_name, makeStorage) => {
  let svc: RunningService;
  let feed: RegistryFeed;
  let storage: TestDocumentStorage;
  let world: World;
  let requestId: string;
  let demakStaff: string;
  const stored = () => storage.stored();
  const upload = (bytes: Buffer, filename: string, token: string, indicator = 'surat-minat', id = requestId) => {
    const form = new FormData();
    form.append('indicator', indicator);
    form.append('file', new Blob([bytes]), filename);
    return fetch(`${svc.baseUrl}/replication-requests/${id}/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  };

  beforeAll(async () => {
    storage = await makeStorage();
    svc = await startReplication({ env: storage.env });
    feed = new RegistryFeed(svc.redis);
    world = await seedWorld(svc, feed);
    demakStaff = agencyStaff(DEMAK, world.demakAgency.id);
    const created = await svc.request('POST', '/replication-requests', { token: demakStaff, body: requestBody(world.origin.id, world.demakAgency.id) });
    requestId = created.body.id;
  });
  afterAll(async () => {
    await feed?.close();
    await svc?.close();
    await storage?.close();
  });

  it("takes each side's papers (the adopter's letter of interest, the origin's MoU), with metadata-only events of their own", async () => {
    const letter = await upload(PDF, 'Surat minat Demak.pdf', demakStaff);
    expect(letter.status).toBe(201);
    const view = (await letter.json()) as { id: string; sha256: string };
    expect(view.sha256).toBe(createHash('sha256').update(PDF).digest('hex'));
    expect((await upload(PDF, 'MoU Kudus-Demak.pdf', regionAdmin(KUDUS), 'mou')).status).toBe(201);
    const list = await svc.request('GET', `/replication-requests/${requestId}/documents`, { token: provinceAdmin('33') });
    expect(list.body.map((d: { indicator: string; name: string }) => [d.indicator, d.name])).toEqual([
      ['surat-minat', 'Surat minat Demak.pdf'],
      ['mou', 'MoU Kudus-Demak.pdf'],
    ]);
    const [event] = await svc.app.get(DataSource).query(`SELECT envelope FROM "replication"."outbox" WHERE envelope->>'aggregateId' = $1`, [view.id]);
    expect(event.envelope).toMatchObject({ type: 'replication.document-added', aggregateVersion: 1 });
    expect(event.envelope.payload).toEqual({
      requestId,
      originRegionCode: KUDUS,
      adopterRegionCode: DEMAK,
      document: { id: view.id, indicator: 'surat-minat', name: 'Surat minat Demak.pdf', type: 'application/pdf', size: PDF.length, sha256: view.sha256 },
    });
    // The request's own version (If-Match, timeline) does not move for a document.
    expect((await svc.request('GET', `/replication-requests/${requestId}`, { token: demakStaff })).body.version).toBe(1);
  });

  it('lets the parties and overseers download, nobody else; an overseer reads but does not attach', async () => {
    const [doc] = (await svc.request('GET', `/replication-requests/${requestId}/documents`, { token: demakStaff })).body;
    const download = await fetch(`${svc.baseUrl}/replication-documents/${doc.id}`, { headers: { authorization: `Bearer ${regionAdmin(KUDUS)}` } });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);
    expect((await fetch(`${svc.baseUrl}/replication-documents/${doc.id}`, { headers: { authorization: `Bearer ${regionAdmin(JEPARA)}` } })).status).toBe(404);
    expect((await svc.request('GET', `/replication-requests/${requestId}/documents`, { token: regionAdmin(JEPARA) })).status).toBe(403);
    const before = await stored();
    expect((await upload(PDF, 'dari-provinsi.pdf', provinceAdmin('33'))).status).toBe(403);
    expect((await upload(PDF, 'dari-jepara.pdf', regionAdmin(JEPARA))).status).toBe(403);
    expect((await upload(Buffer.from('teks biasa'), 'palsu.pdf', demakStaff)).status).toBe(415);
    expect(await stored()).toBe(before);
  });

  it('removes a document while the request is open (its row stays, the bytes go), and keeps them fixed once it is closed', async () => {
    const [letter, mou] = (await svc.request('GET', `/replication-requests/${requestId}/documents`, { token: demakStaff })).body;
    const before = await stored();
    expect((await svc.request('DELETE', `/replication-requests/${requestId}/documents/${letter.id}`, { token: demakStaff })).status).toBe(204);
    expect(await stored()).toBe(before - 1);
    const [row] = await svc.app.get(DataSource).query(`SELECT removed_by, removed_at FROM "replication"."request_document" WHERE id = $1`, [letter.id]);
    expect(row.removed_by).toMatch(/^staff-/);
    const versions = await svc.app.get(DataSource).query(`SELECT type, (envelope->>'aggregateVersion')::int AS v FROM "replication"."outbox" WHERE envelope->>'aggregateId' = $1 ORDER BY seq`, [letter.id]);
    expect(versions).toEqual([
      { type: 'replication.document-added', v: 1 },
      { type: 'replication.document-removed', v: 2 },
    ]);
    expect((await svc.request('POST', `/replication-requests/${requestId}/withdraw`, { token: regionAdmin(DEMAK), body: { reason: 'Anggaran dialihkan.' } })).status).toBe(200);
    expect((await upload(PDF, 'terlambat.pdf', demakStaff)).status).toBe(409);
    expect((await svc.request('DELETE', `/replication-requests/${requestId}/documents/${mou.id}`, { token: regionAdmin(KUDUS) })).status).toBe(409);
  });
});
