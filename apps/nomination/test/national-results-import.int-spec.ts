import { join } from 'node:path';
import { templateHeaders, type CommandContext } from '@lumbung/platform';
import { NominationImportsService } from '../src/imports/nomination-imports.service.js';
import { NATIONAL_RESULT_TEMPLATE } from '../src/imports/national-results.template.js';
import { readSheetBack, sheetFolder, writeSheet } from '../../registry/test/sheet-files.js';
import { DEMAK, KUDUS, NATIONAL_2023, NominationHarness, tokens, wib } from './nomination-test.fixtures.js';

const operator: CommandContext = { actor: { sub: 'cli:operator', role: 'national-admin' }, correlationId: 'import-national-results' };

describe('importing the national results as published (real PostgreSQL and Redis)', () => {
  let h: NominationHarness;
  let imports: NominationImportsService;
  let folder: Awaited<ReturnType<typeof sheetFolder>>;
  const entryIds: Record<string, string> = {};

  beforeAll(async () => {
    h = await NominationHarness.start();
    imports = h.svc.app.get(NominationImportsService);
    folder = await sheetFolder();
    h.travelTo(wib('2023-03-13'));
    const national = await h.request('POST', '/editions', {
      token: tokens.nationalAdmin,
      body: { level: 'national', year: 2023, name: 'KIPP 2023', schedule: NATIONAL_2023, criteriaPreset: 'kipp-2023', autoAdvance: false },
    });
    expect(national.status).toBe(201);
    await h.request('POST', `/editions/${national.body.id}/phase`, { token: tokens.nationalAdmin, body: { phase: 'submission' } });
    for (const [region, name] of [[KUDUS, 'Jos Pakk'], [KUDUS, 'Si Gesit'], [DEMAK, 'Lapak Ganjar']]) {
      const innovation = await h.innovation({ name, regionCode: region, provinceCode: '33' });
      const entry = await h.request('POST', `/editions/${national.body.id}/entries`, { token: tokens.nationalAdmin, body: { innovationId: innovation.id } });
      expect(entry.status).toBe(201);
      entryIds[name] = entry.body.id;
    }
  }, 90_000);
  afterAll(async () => {
    await h?.close();
    await folder?.cleanup();
  });

  it('records each result once through the same rule as the API, and lists the rows it cannot', async () => {
    const file = await writeSheet(join(folder.dir, 'hasil-kipp-2023.xlsx'), templateHeaders(NATIONAL_RESULT_TEMPLATE, 'id'), [
      ['KIPP 2023', KUDUS, 'Jos Pakk', 'Top 99'],
      [2023, DEMAK, 'lapak ganjar', 'Terpuji'],
      ['KIPP 2023', KUDUS, 'Tidak Ada', 'Top 45'],
      ['KIPP 2023', KUDUS, 'Si Gesit', 'Juara 1'],
    ]);
    const first = await imports.run('national-results', file, 'xlsx', operator);
    expect(first).toMatchObject({ rows: 4, created: 2, failed: 2 });
    const report = await readSheetBack(first.reportPath!);
    expect(report.rows.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([
      // The column as headed in the file, the template's "*" for a required one included.
      [4, 'Nama Inovasi *', 'not-found'],
      [5, 'Hasil *', 'field.not-allowed-value'],
    ]);
    expect((await h.request('GET', `/entries/${entryIds['Jos Pakk']}`, { token: tokens.nationalAdmin })).body).toMatchObject({ state: 'top-99', nationalResult: 'top-99' });

    const again = await imports.run('national-results', file, 'xlsx', operator);
    expect(again).toMatchObject({ created: 0, present: 2, failed: 2 });
    expect(await h.outboxTypes(entryIds['Jos Pakk'])).toEqual(['nomination.submitted', 'nomination.national-result']);

    // A result is only raised: a later list lowering it is refused as the API refuses it.
    const lower = await writeSheet(join(folder.dir, 'koreksi.csv'), NATIONAL_RESULT_TEMPLATE.columns.map((c) => c.en), [['KIPP 2023', KUDUS, 'Jos Pakk', 'not-selected']]);
    const refused = await imports.run('national-results', lower, 'csv', operator);
    expect(refused).toMatchObject({ created: 0, failed: 1 });
    expect((await readSheetBack(refused.reportPath!)).rows[1].slice(0, 3)).toEqual(['2', '', 'conflict']);
  });
});
