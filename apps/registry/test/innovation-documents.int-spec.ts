import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { createTestDatabase, createTestRedis, DOCUMENT_STORAGES, startService, type RunningService, type TestDocumentStorage } from '@lumbung/testing';
import { createRegistryApp } from '../src/registry.app.js';
import { agencyStaff, DEMAK, innovationBody, insertAgency, KUDUS, regionAdmin } from './innovation-test.fixtures.js';

const MAX = 16 * 1024;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'), Buffer.alloc(40)]);
/** A zip holding one plain text file: a container, but neither a DOCX nor an XLSX. */
const ZIP = Buffer.from('504b03041400000000000000000000000000000000000000000005000000612e74787448656c6c6f', 'hex');

describe.each(DOCUMENT_STORAGES)('evidence documents of an innovation, stored in %s', (_name, makeStorage) => {
  let storage: TestDocumentStorage;
  let registry: RunningService;
  let innovationId: string;
  let staff: string;
  const kudus = regionAdmin(KUDUS);

  const upload = (bytes: Buffer, filename: string, token = staff, indicator: string | null = 'regulasi') => {
    const form = new FormData();
    if (indicator !== null) form.append('indicator', indicator);
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), filename);
    return fetch(`${registry.baseUrl}/innovations/${innovationId}/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  };

  beforeAll(async () => {
    storage = await makeStorage();
    const db = await createTestDatabase();
    const redis = createTestRedis();
    registry = await startService(createRegistryApp, { db, redis, env: { ...storage.env, DOCUMENTS_MAX_BYTES: String(MAX) } });
    const agencyId = await insertAgency(registry, KUDUS, 'Dinas Kesehatan');
    staff = agencyStaff(KUDUS, agencyId);
    const created = await registry.request('POST', '/innovations', { token: staff, body: innovationBody(KUDUS, agencyId) });
    expect(created.status).toBe(201);
    innovationId = created.body.id;
  });
  afterAll(async () => {
    await registry?.close();
    await storage?.close();
  });

  it('stores a PDF and a PNG by their content, with their SHA-256, lists them and serves the same bytes back', async () => {
    const pdf = await upload(PDF, 'Perbup 5 2022.pdf');
    expect(pdf.status).toBe(201);
    const view = (await pdf.json()) as { id: string; sha256: string };
    expect(view).toMatchObject({ indicator: 'regulasi', name: 'Perbup 5 2022.pdf', type: 'application/pdf', size: PDF.length, uploadedBy: expect.stringMatching(/^staff-/) });
    expect(view.sha256).toBe((await import('node:crypto')).createHash('sha256').update(PDF).digest('hex'));
    // A PNG sent with a PDF's declared type is a PNG: the content decides.
    const png = await upload(PNG, 'foto-layanan.png');
    expect(((await png.json()) as { type: string }).type).toBe('image/png');

    const list = await registry.request('GET', `/innovations/${innovationId}/documents`, { token: regionAdmin(DEMAK) });
    expect(list.body.map((d: { name: string }) => d.name)).toEqual(['Perbup 5 2022.pdf', 'foto-layanan.png']);
    const download = await fetch(`${registry.baseUrl}/documents/${view.id}`, { headers: { authorization: `Bearer ${regionAdmin(DEMAK)}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''Perbup%205%202022.pdf`);
    expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);
    expect((await fetch(`${registry.baseUrl}/documents/${view.id}`)).status).toBe(401);
    expect(await storage.stored()).toBe(2);
  });

  it('tells a DOCX and an XLSX (zip containers both) apart by what they hold', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Bukti').addRow(['Indikator', 'Nilai']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
    zip.file('word/document.xml', '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>');
    const docx = await zip.generateAsync({ type: 'nodebuffer' });
    const types = [];
    for (const [bytes, name] of [[xlsx, 'rekap.xlsx'], [docx, 'laporan.docx']] as const) {
      const res = await upload(bytes, name);
      types.push([res.status, ((await res.json()) as { type: string }).type]);
    }
    expect(types).toEqual([
      [201, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      [201, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ]);
  });

  it('refuses a wrong type by content, an empty file, an oversize one, a path in the name, no file and no indicator, storing nothing', async () => {
    const before = await storage.stored();
    const refusals = [
      [await upload(Buffer.from('not a pdf at all, just text'), 'laporan.pdf'), 415, 'document.type-not-allowed'],
      [await upload(ZIP, 'laporan.docx'), 415, 'document.type-not-allowed'],
      [await upload(Buffer.alloc(0), 'kosong.pdf'), 400, 'document.empty'],
      [await upload(Buffer.concat([PDF, Buffer.alloc(MAX)]), 'besar.pdf'), 413, 'document.too-large'],
      [await upload(PDF, '../../etc/passwd.pdf'), 400, 'document.bad-name'],
      [await upload(PDF, 'a\\b.pdf'), 400, 'document.bad-name'],
      [await upload(PDF, 'tanpa-indikator.pdf', staff, null), 400, 'field.required'],
    ] as const;
    const answers = [];
    for (const [res] of refusals) {
      const body = (await res.json()) as { code?: string; errors?: { code: string }[] };
      answers.push([res.status, body.errors?.[0]?.code ?? body.code]);
    }
    expect(answers).toEqual(refusals.map(([, status, code]) => [status, code]));
    const json = await registry.request('POST', `/innovations/${innovationId}/documents`, { token: staff, body: { indicator: 'regulasi' } });
    expect(json.status).toBe(400);
    expect(json.body.errors[0]).toMatchObject({ field: 'file', code: 'document.no-file' });
    expect(await storage.stored()).toBe(before);
  });

  it('lets only those who may change the innovation upload or remove; a removal keeps the metadata in the audit and deletes the bytes', async () => {
    const before = await storage.stored();
    expect((await upload(PDF, 'dari-demak.pdf', regionAdmin(DEMAK))).status).toBe(403);
    expect(await storage.stored()).toBe(before);

    const [first] = (await registry.request('GET', `/innovations/${innovationId}/documents`, { token: kudus })).body;
    expect((await registry.request('DELETE', `/innovations/${innovationId}/documents/${first.id}`, { token: regionAdmin(DEMAK) })).status).toBe(403);
    expect((await registry.request('DELETE', `/innovations/${innovationId}/documents/${first.id}`, { token: kudus })).status).toBe(204);
    expect((await registry.request('DELETE', `/innovations/${innovationId}/documents/${first.id}`, { token: kudus })).status).toBe(404);
    expect((await registry.request('GET', `/documents/${first.id}`, { token: kudus })).status).toBe(404);
    expect(await storage.stored()).toBe(before - 1);
    const audit = await registry.app.get((await import('typeorm')).DataSource).query(
      `SELECT action, actor_sub, changes FROM "registry"."change_audit" WHERE subject_kind = 'innovation-document' AND subject_id = $1 ORDER BY id`,
      [first.id],
    );
    expect(audit.map((a: { action: string; actor_sub: string }) => [a.action, a.actor_sub])).toEqual([
      ['added', expect.stringMatching(/^staff-/)],
      ['removed', `admin-${KUDUS}`],
    ]);
    expect(audit[1].changes[0].before).toMatchObject({ name: first.name, sha256: first.sha256 });
    // Each change is an event of its own, the document being the aggregate, with the metadata only.
    const events: { type: string; envelope: { aggregateId: string; aggregateVersion: number; payload: Record<string, unknown> } }[] = await registry.app
      .get((await import('typeorm')).DataSource)
      .query(`SELECT type, envelope FROM "registry"."outbox" WHERE envelope->>'aggregateId' = $1 ORDER BY seq`, [first.id]);
    expect(events.map((e) => [e.type, e.envelope.aggregateVersion])).toEqual([
      ['innovation.document-added', 1],
      ['innovation.document-removed', 2],
    ]);
    expect(events[1].envelope.payload).toEqual({
      innovationId,
      regionCode: KUDUS,
      agencyId: expect.any(String),
      document: { id: first.id, indicator: first.indicator, name: first.name, type: first.type, size: first.size, sha256: first.sha256 },
    });
  });
});
