import { createHash } from 'node:crypto';
import { DOCUMENT_STORAGES, type TestDocumentStorage } from '@lumbung/testing';
import { DEMAK, kudusEdition, NominationHarness, tokens, wib } from './nomination-test.fixtures.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'), Buffer.alloc(40)]);
const CHECKLIST = ['sk-inovasi', 'laporan-pelaksanaan'];

describe.each(DOCUMENT_STORAGES)('evidence documents of entries and the edition checklist (real PostgreSQL and Redis), stored in %s', (_name, makeStorage) => {
  let h: NominationHarness;
  let storage: TestDocumentStorage;
  let editionId: string;
  let entryId: string;
  let staff: string;
  let innovation: { id: string; agencyId: string };
  const stored = () => storage.stored();

  const upload = (bytes: Buffer, filename: string, indicator: string | null = 'sk-inovasi', token = staff, id = entryId) => {
    const form = new FormData();
    if (indicator !== null) form.append('indicator', indicator);
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), filename);
    return fetch(`${h.svc.baseUrl}/entries/${id}/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  };
  const entry = async (token = staff) => (await h.request('GET', `/entries/${entryId}`, { token })).body;

  beforeAll(async () => {
    storage = await makeStorage();
    h = await NominationHarness.start({ env: { ...storage.env, DOCUMENTS_MAX_BYTES: String(16 * 1024) } });
    h.travelTo(wib('2022-10-20'));
  });
  afterAll(async () => {
    await h?.close();
    await storage?.close();
  });

  it('refuses a checklist indicator that is not lowercase words joined by dashes, naming it', async () => {
    const res = await h.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition({ requiredDocuments: ['sk-inovasi', 'SK Bupati'] }) });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('requiredDocuments');
  });

  it('will not take an entry straight in while its checklist is unmet: a 400 naming each indicator', async () => {
    const created = await h.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition({ requiredDocuments: CHECKLIST }) });
    expect(created.body.requiredDocuments).toEqual(CHECKLIST);
    editionId = created.body.id;
    await h.request('POST', `/editions/${editionId}/phase`, { token: tokens.kudusAdmin, body: { phase: 'submission' } });
    innovation = await h.innovation({ name: 'Jos Pakk' });
    staff = tokens.staff(innovation.agencyId);
    const direct = await h.request('POST', `/editions/${editionId}/entries`, { token: staff, body: { innovationId: innovation.id } });
    expect(direct.status).toBe(400);
    expect(direct.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ['documents.sk-inovasi', 'entry.document-missing'],
      ['documents.laporan-pelaksanaan', 'entry.document-missing'],
    ]);
    const draft = await h.request('POST', `/editions/${editionId}/entries`, { token: staff, body: { innovationId: innovation.id, draft: true } });
    expect(draft.status).toBe(201);
    entryId = draft.body.id;
    expect((await entry()).documentsMissing).toEqual(CHECKLIST);
  });

  it('stores a document by its content with its hash, emits its metadata only, and lets the entry through once complete', async () => {
    const pdf = await upload(PDF, 'SK Kepala Dinas 12-2022.pdf');
    expect(pdf.status).toBe(201);
    const view = (await pdf.json()) as { id: string; sha256: string; type: string };
    expect(view).toMatchObject({ indicator: 'sk-inovasi', type: 'application/pdf', sha256: createHash('sha256').update(PDF).digest('hex') });
    const [event] = await h.db.query(`SELECT envelope FROM "nomination"."outbox" WHERE type = 'nomination.document-added'`);
    expect(event.envelope.payload.document).toEqual({ id: view.id, indicator: 'sk-inovasi', name: 'SK Kepala Dinas 12-2022.pdf', type: 'application/pdf', size: PDF.length, sha256: view.sha256 });
    expect(JSON.stringify(event.envelope)).not.toMatch(/storage|PDF-1\.4|http/i);

    const half = await h.request('POST', `/entries/${entryId}/submission`, { token: staff, body: {} });
    expect(half.status).toBe(400);
    expect(half.body.errors.map((e: { field: string }) => e.field)).toEqual(['documents.laporan-pelaksanaan']);
    expect((await upload(PNG, 'foto-layanan.png', 'laporan-pelaksanaan')).status).toBe(201);
    expect((await entry()).documentsMissing).toEqual([]);
    const submitted = await h.request('POST', `/entries/${entryId}/submission`, { token: staff, body: {} });
    expect(submitted.status).toBe(200);
    expect(await h.outboxTypes(entryId)).toEqual(['nomination.drafted', 'nomination.document-added', 'nomination.document-added', 'nomination.submitted']);
  });

  it('lets whoever may read the entry list and download its documents, and nobody else', async () => {
    const list = await h.request('GET', `/entries/${entryId}/documents`, { token: tokens.demakAdmin });
    expect(list.body.map((d: { name: string }) => d.name)).toEqual(['SK Kepala Dinas 12-2022.pdf', 'foto-layanan.png']);
    const download = await fetch(`${h.svc.baseUrl}/entry-documents/${list.body[0].id}`, { headers: { authorization: `Bearer ${tokens.demakAdmin}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''SK%20Kepala%20Dinas%2012-2022.pdf`);
    expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);
    expect((await fetch(`${h.svc.baseUrl}/entry-documents/${list.body[0].id}`)).status).toBe(401);
  });

  it('keeps documents fixed once submitted (409), and open again while returned for correction', async () => {
    const before = await stored();
    expect((await upload(PDF, 'tambahan.pdf')).status).toBe(409);
    expect(await stored()).toBe(before);
    const [doc] = (await h.request('GET', `/entries/${entryId}/documents`, { token: staff })).body;
    expect((await h.request('DELETE', `/entries/${entryId}/documents/${doc.id}`, { token: staff })).status).toBe(409);

    await h.request('POST', `/editions/${editionId}/phase`, { token: tokens.kudusAdmin, body: { phase: 'administrative-check' } });
    expect((await h.request('POST', `/entries/${entryId}/return`, { token: tokens.kudusAdmin, body: { note: 'SK belum ditandatangani', deadline: '2022-11-16' } })).status).toBe(200);
    expect((await h.request('DELETE', `/entries/${entryId}/documents/${doc.id}`, { token: staff })).status).toBe(204);
    expect(await stored()).toBe(before - 1);
    const [removed] = await h.db.query(`SELECT envelope FROM "nomination"."outbox" WHERE type = 'nomination.document-removed'`);
    expect(removed.envelope.payload.document.id).toBe(doc.id);
    // The removal stays in the audit, with what was removed.
    const [audit] = await h.db.query(`SELECT action, changes FROM "nomination"."change_audit" WHERE subject_id = $1 AND action = 'removed'`, [doc.id]);
    expect(audit.changes[0].before).toMatchObject({ indicator: 'sk-inovasi', name: 'SK Kepala Dinas 12-2022.pdf' });
    const resubmit = await h.request('POST', `/entries/${entryId}/resubmission`, { token: staff, body: {} });
    expect(resubmit.status).toBe(400);
    expect(resubmit.body.errors.map((e: { field: string }) => e.field)).toEqual(['documents.sk-inovasi']);
    expect((await upload(PDF, 'SK Kepala Dinas 12-2022 (ttd).pdf')).status).toBe(201);
    expect((await h.request('POST', `/entries/${entryId}/resubmission`, { token: staff, body: {} })).status).toBe(200);
  });

  it('refuses the wrong person, the wrong type, an empty file and a path for a name, storing nothing', async () => {
    // A new draft of another innovation of the same agency, to upload to.
    const other = await h.innovation({ name: 'Sipandu', agencyId: innovation.agencyId });
    const draft = await h.request('POST', `/editions/${editionId}/entries`, { token: staff, body: { innovationId: other.id, draft: true } });
    const id = draft.body.id as string;
    const before = await stored();
    const cases: [Buffer, string, string | null, string, number, string][] = [
      [PDF, 'sk.pdf', 'sk-inovasi', tokens.staff('11111111-1111-4111-8111-111111111111'), 403, 'auth.forbidden'],
      [PDF, 'sk.pdf', 'sk-inovasi', tokens.staff(innovation.agencyId, DEMAK), 403, 'auth.forbidden'],
      [Buffer.from('bukan dokumen, hanya teks'), 'sk.pdf', 'sk-inovasi', staff, 415, 'document.type-not-allowed'],
      [Buffer.alloc(0), 'sk.pdf', 'sk-inovasi', staff, 400, 'validation.failed'],
      [PDF, '../../etc/passwd', 'sk-inovasi', staff, 400, 'validation.failed'],
      [PDF, 'sk.pdf', null, staff, 400, 'validation.failed'],
      [Buffer.concat([PDF, Buffer.alloc(20 * 1024)]), 'besar.pdf', 'sk-inovasi', staff, 413, 'document.too-large'],
    ];
    for (const [bytes, name, indicator, token, status, code] of cases) {
      const res = await upload(bytes, name, indicator, token, id);
      expect([name, res.status, ((await res.json()) as { code: string }).code]).toEqual([name, status, code]);
    }
    expect(await stored()).toBe(before);
    // A draft's documents are its agency's own: another region does not learn they exist.
    expect((await h.request('GET', `/entries/${id}/documents`, { token: tokens.demakAdmin })).status).toBe(404);
  });
});
