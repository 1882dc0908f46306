import { join } from 'node:path';
import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import type { EventEnvelope } from '@lumbung/contracts';
import { templateHeaders, type CommandContext } from '@lumbung/platform';
import { EventCollector, expectEventually, startService, type RunningService } from '@lumbung/testing';
import { IMPORT_BATCH_ROWS, RegistryImportsService } from '../src/imports/registry-imports.service.js';
import { INNOVATION_TEMPLATE } from '../src/imports/registry-templates.js';
import { yearInJakarta } from '../src/innovations/innovation-rules.js';
import { InnovationStore } from '../src/innovations/innovation.store.js';
import { InnovationsService } from '../src/innovations/innovations.service.js';
import { createRegistryApp } from '../src/registry.app.js';
import { DEMAK, innovationBody, insertAgency, nationalAdmin } from './innovation-test.fixtures.js';
import { readSheetBack, sheetFolder, writeSheet } from './sheet-files.js';

const operator: CommandContext = { actor: { sub: 'cli:operator', role: 'national-admin' }, correlationId: 'import-batches-test' };
const CURRENT_YEAR = yearInJakarta(new Date());
const LAST_YEAR = CURRENT_YEAR - 1;
const HEADERS = templateHeaders(INNOVATION_TEMPLATE, 'id');

/** An innovation row in template order, of Dinas Kesehatan last year, good unless `changes` says otherwise. */
function row(name: string, changes: Record<string, string | number> = {}): (string | number)[] {
  const values: Record<string, string | number> = {
    regionCode: DEMAK,
    agencyName: 'Dinas Kesehatan',
    name,
    yearRegistered: LAST_YEAR,
    typeCode: 'teknologi',
    stage: 'penerapan',
    initiator: 'opd',
    digital: 'ya',
    form: 'pelayanan-publik',
    governmentAffair: 'kesehatan',
    implementedOn: '2024-08-17',
    problem: 'Antrean panjang di puskesmas.',
    ...changes,
  };
  return INNOVATION_TEMPLATE.columns.map((c) => values[c.field] ?? '');
}

describe('spreadsheet import of innovations, a batch at a time (issue 18)', () => {
  let registry: RunningService;
  let imports: RegistryImportsService;
  let db: DataSource;
  let audit: EventCollector;
  let folder: Awaited<ReturnType<typeof sheetFolder>>;
  let kesehatan: string;
  let sosial: string;
  /** The innovation.registered events an import must have written: the ids of the records it stored. */
  const storedIds = new Set<string>();

  const idsNamed = async (name: string): Promise<{ id: string; year: number; agencyId: string }[]> =>
    db.query(`SELECT id, year_registered AS year, agency_id AS "agencyId" FROM registry.innovation WHERE name = $1 ORDER BY year_registered, agency_id`, [name]);
  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0].n);
  const importFile = async (fileName: string, rows: (string | number)[][]) => {
    const file = await writeSheet(join(folder.dir, fileName), HEADERS, rows);
    const before = new Set<string>((await db.query(`SELECT id FROM registry.innovation`)).map((r: { id: string }) => r.id));
    const summary = await imports.run('innovations', file, 'csv', operator, fileName);
    for (const { id } of await db.query(`SELECT id FROM registry.innovation`)) if (!before.has(id)) storedIds.add(id);
    return summary;
  };

  beforeAll(async () => {
    registry = await startService(createRegistryApp, { env: { EVENT_SUBSCRIBERS: 'audit:innovation.*' } });
    audit = new EventCollector('audit-events', registry.redis.url, registry.redis.prefix);
    imports = registry.app.get(RegistryImportsService);
    db = registry.app.get(DataSource);
    folder = await sheetFolder();
    kesehatan = await insertAgency(registry, DEMAK, 'Dinas Kesehatan');
    sosial = await insertAgency(registry, DEMAK, 'Dinas Sosial');
  });
  afterAll(async () => {
    await audit?.close();
    await registry?.close();
    await folder?.cleanup();
  });

  it("stores a batch's good rows together, refuses its bad rows with their codes, and finds keys stored in the table and earlier in the batch", async () => {
    // Registered over HTTP this year: a row of the same name for this year is already there.
    const http = await registry.request('POST', '/innovations', { token: nationalAdmin(), body: innovationBody(DEMAK, kesehatan, { name: 'Sudah Terdaftar' }) });
    expect(http.status).toBe(201);
    const outboxBefore = await count(`SELECT count(*) AS n FROM registry.outbox WHERE type = 'innovation.registered'`);
    const historyBefore = await count(`SELECT count(*) AS n FROM registry.innovation_history`);

    const summary = await importFile('campur.csv', [
      row('Si Jempol'), // 2: created, last year
      row('Bad: tahapan', { stage: 'selesai' }), // 3: refused by the validation pipe
      row('SI JEMPOL'), // 4: present: row 2's key, names compared case-insensitively
      row('Sudah Terdaftar', { yearRegistered: '' }), // 5: present: stored over HTTP this year
      row('Bad: jenis', { typeCode: 'sulap' }), // 6: refused by the statement's type check
      row('Posyandu Digital', { yearRegistered: '' }), // 7: created, this year
      row('Si Jempol', { yearRegistered: CURRENT_YEAR }), // 8: created: another year, another key
      row('Si Jempol', { agencyName: 'Dinas Sosial' }), // 9: created: another agency, another key
    ]);
    expect(summary).toMatchObject({ rows: 8, created: 4, present: 2, failed: 2 });

    const report = await readSheetBack(summary.reportPath!);
    expect(report.rows.slice(1).map(([rowNumber, column, code]) => [rowNumber, column, code])).toEqual([
      ['3', 'Tahapan *', 'field.not-allowed-value'],
      ['6', 'Jenis Inovasi *', 'field.invalid'],
    ]);
    expect(await count(`SELECT count(*) AS n FROM registry.innovation WHERE name LIKE 'Bad:%'`)).toBe(0);
    expect((await idsNamed('Si Jempol')).map(({ year, agencyId }) => `${year} ${agencyId}`).sort()).toEqual([`${LAST_YEAR} ${kesehatan}`, `${LAST_YEAR} ${sosial}`, `${CURRENT_YEAR} ${kesehatan}`].sort());
    expect(await count(`SELECT count(*) AS n FROM registry.innovation WHERE lower(name) = 'si jempol'`)).toBe(3);
    expect(await count(`SELECT count(*) AS n FROM registry.innovation WHERE name = 'Sudah Terdaftar'`)).toBe(1);
    // Each stored record has its history row and its event; nothing else was written.
    expect(await count(`SELECT count(*) AS n FROM registry.innovation_history`)).toBe(historyBefore + 4);
    expect(await count(`SELECT count(*) AS n FROM registry.outbox WHERE type = 'innovation.registered'`)).toBe(outboxBefore + 4);
    // The compliance counts the trigger keeps, and the search vector, as for a registration.
    expect(await count(`SELECT coalesce(sum(innovations), 0) AS n FROM registry.compliance_count WHERE agency_id = $1 AND year = $2`, [kesehatan, LAST_YEAR])).toBe(1);
    expect(await count(`SELECT coalesce(sum(innovations), 0) AS n FROM registry.compliance_count WHERE agency_id = $1 AND year = $2`, [kesehatan, CURRENT_YEAR])).toBe(3);
    const search = await registry.request('GET', `/innovations?q=${encodeURIComponent('posyandu')}`, { token: nationalAdmin() });
    expect(search.body.items.map((i: { name: string }) => i.name)).toEqual(['Posyandu Digital']);
  });

  it("writes each imported record's event as a registration over HTTP writes it", async () => {
    const [{ id: imported }] = await idsNamed('Posyandu Digital');
    const [{ id: overHttp }] = await idsNamed('Sudah Terdaftar');
    const eventOf = (id: string) => expectEventually(() => audit.ofType('innovation.registered').find((e) => e.aggregateId === id) ?? Promise.reject(new Error(`no event of ${id} yet`)));
    const [mine, theirs]: EventEnvelope[] = [await eventOf(imported), await eventOf(overHttp)];
    expect(Object.keys(mine).sort()).toEqual(Object.keys(theirs).sort());
    expect(mine).toMatchObject({ type: theirs.type, version: theirs.version, producer: theirs.producer, aggregateVersion: 1, correlationId: operator.correlationId, actor: { id: 'cli:operator', role: 'national-admin' } });
    const innovation = (mine.payload as { innovation: Record<string, unknown> }).innovation;
    expect(Object.keys(mine.payload)).toEqual(Object.keys(theirs.payload));
    expect(Object.keys(innovation).sort()).toEqual(Object.keys((theirs.payload as { innovation: object }).innovation).sort());
    // The record as the registry reads it, field for field.
    expect(innovation).toEqual(JSON.parse(JSON.stringify(await registry.app.get(InnovationStore).find(db, imported))));
  });

  it("says in a past year's history that it was imported as last year's data, and in this year's only where from", async () => {
    const history = async (id: string) => (await registry.request('GET', `/innovations/${id}/history`, { token: nationalAdmin() })).body;
    const [past, current] = (await idsNamed('Si Jempol')).filter((r) => r.agencyId === kesehatan);
    expect(await history(past.id)).toMatchObject([
      { version: 1, action: 'registered', actor: 'cli:operator', changedFields: ['yearRegistered'], note: `Diimpor dari berkas "campur.csv"; tahun registrasi ${LAST_YEAR} (impor data tahun lalu)` },
    ]);
    expect(await history(current.id)).toMatchObject([{ version: 1, action: 'registered', changedFields: [], note: 'Diimpor dari berkas "campur.csv"' }]);
  });

  it('finds a key stored by an earlier batch of the same file, stores each record once, and a second run stores nothing', async () => {
    const fresh = IMPORT_BATCH_ROWS * 2 + 100;
    const rows = Array.from({ length: fresh }, (_, i) => row(`Desa Berinovasi ${i}`));
    // In the second batch, a hundred rows naming records of the first batch, in other letters.
    const repeats = Array.from({ length: 100 }, (_, i) => row(`DESA BERINOVASI ${i * 4}`));
    const file = [...rows.slice(0, IMPORT_BATCH_ROWS + 50), ...repeats, ...rows.slice(IMPORT_BATCH_ROWS + 50)];
    const expectedRepeats = repeats.length;
    const outboxBefore = await count(`SELECT count(*) AS n FROM registry.outbox WHERE type = 'innovation.registered'`);

    const first = await importFile('desa.csv', file);
    expect(first).toMatchObject({ rows: fresh + expectedRepeats, created: fresh, present: expectedRepeats, failed: 0 });
    expect(await count(`SELECT count(*) AS n FROM registry.innovation WHERE name ILIKE 'desa berinovasi %'`)).toBe(fresh);
    expect(await count(`SELECT count(*) AS n FROM registry.outbox WHERE type = 'innovation.registered'`)).toBe(outboxBefore + fresh);

    const again = await importFile('desa.csv', file);
    expect(again).toMatchObject({ created: 0, present: fresh + expectedRepeats, failed: 0 });
    expect(await count(`SELECT count(*) AS n FROM registry.outbox WHERE type = 'innovation.registered'`)).toBe(outboxBefore + fresh);
  });

  it('goes through a batch that failed as a whole a row at a time, with the outcomes and report of the batch', async () => {
    const innovations = registry.app.get(InnovationsService);
    const batch = jest.spyOn(innovations, 'registerImported').mockRejectedValueOnce(new Error('simulated: an event of the batch broke its contract'));
    try {
      const summary = await importFile('satu-satu.csv', [
        row('Satu per Satu'),
        row('Bad: jenis lagi', { typeCode: 'sulap' }),
        row('satu per satu'),
        row('Si Jempol'),
        row('Ambulans Desa', { yearRegistered: '' }),
      ]);
      expect(batch).toHaveBeenCalledTimes(1);
      expect(summary).toMatchObject({ rows: 5, created: 2, present: 2, failed: 1 });
      const report = await readSheetBack(summary.reportPath!);
      expect(report.rows.slice(1).map(([rowNumber, column, code]) => [rowNumber, column, code])).toEqual([['3', 'Jenis Inovasi *', 'field.invalid']]);
      expect(await count(`SELECT count(*) AS n FROM registry.innovation WHERE lower(name) = 'satu per satu'`)).toBe(1);
    } finally {
      batch.mockRestore();
    }
  });

  it("finds a stored key before the registration's own checks, as a row at a time did: another region's admin gets present, not forbidden", async () => {
    const kudusAdmin: CommandContext = { actor: { sub: 'admin-kudus', role: 'region-admin', region: '33.19' }, correlationId: 'import-batches-kudus' };
    const file = await writeSheet(join(folder.dir, 'kudus.csv'), HEADERS, [row('Si Jempol'), row('Milik Demak Baru')]);
    const summary = await imports.run('innovations', file, 'csv', kudusAdmin, 'kudus.csv');
    expect(summary).toMatchObject({ rows: 2, created: 0, present: 1, failed: 1 });
    const report = await readSheetBack(summary.reportPath!);
    expect(report.rows.slice(1).map(([rowNumber, , code]) => [rowNumber, code])).toEqual([['3', 'auth.forbidden']]);
  });

  it("emits every imported record's innovation.registered once", async () => {
    const imported = () => audit.ofType('innovation.registered').filter((e) => storedIds.has(e.aggregateId));
    await expectEventually(() => expect(imported()).toHaveLength(storedIds.size), 60_000);
    expect(new Set(imported().map((e) => e.aggregateId)).size).toBe(storedIds.size);
    expect(await count(`SELECT count(*) AS n FROM registry.outbox WHERE type = 'innovation.registered' AND (envelope->>'aggregateId')::uuid = ANY($1::uuid[])`, [[...storedIds]])).toBe(storedIds.size);
  });
});
