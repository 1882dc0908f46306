import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { createTestDatabase, createTestRedis, expectEventually, startService, tokenFor, type RunningService, type TestDatabase, type TestRedis } from '@lumbung/testing';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { createReplicationApp } from '../../apps/replication/src/replication.app.js';
import { JATENG_2022, kudusEdition, NominationHarness, seedScoredEdition, tokens, wib, type SeededEdition } from '../../apps/nomination/test/nomination-test.fixtures.js';
import { CHROMIUM, CHROMIUM_ARGS, DESKTOP, expectAccessible, PHONE, shot, SHOTS } from './console-browser.js';
import { startFrontDoor, type FrontDoor } from './console-front-door.js';

/**
 * Replikasi and Pelacakan in Debian's Chromium against the real services on a test database:
 * Demak files a kerja-sama request for a Kudus innovation, Kudus accepts, the request's page shows
 * its timeline, a stale step is refused and explained; Central Java's tracking page for 2022 shows
 * the table, the funnel and its numbers, and an entry's lineage. People sign in with real accounts
 * through the front door, as in console.e2e-spec.ts.
 */
const KUDUS = '33.19';
const DEMAK = '33.21';

const ACCOUNTS = [
  { name: 'Sri Wahyuni', email: 'admin@kuduskab.go.id', password: 'kudus-rahasia-2022', role: 'region-admin', region: KUDUS },
  { name: 'Budi Santoso', email: 'admin@demakkab.go.id', password: 'demak-rahasia-2022', role: 'region-admin', region: DEMAK },
  { name: 'Retno Anggraini', email: 'biro.organisasi@jatengprov.go.id', password: 'jateng-rahasia-2022', role: 'province-admin', province: '33' },
] as const;
const PASSWORDS = new Map<string, string>(ACCOUNTS.map((a) => [a.email, a.password]));

describe('Replikasi and Pelacakan in Chromium against the real services', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let registry: RunningService;
  let replication: RunningService;
  let nomination: NominationHarness;
  let frontDoor: FrontDoor;
  let browser: Browser;
  const kudusAdmin = tokenFor({ sub: 'u-kudus', role: 'region-admin', region: KUDUS });
  const demakAdmin = tokenFor({ sub: 'u-demak', role: 'region-admin', region: DEMAK });
  let joskPakkId: string;
  let requestId: string;
  let kudusEntries: SeededEdition;
  let provinceEntryId: string;

  const newContext = async (viewport: { width: number; height: number }, signedInAs: string): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
    const res = await context.request.post(`${frontDoor.url}/api/accounts/sign-in`, { data: { email: signedInAs, password: PASSWORDS.get(signedInAs) } });
    expect(res.status()).toBe(200);
    return context;
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install -y chromium\` (.ci/run does); the console's browser suite never downloads a browser`);
    mkdirSync(SHOTS, { recursive: true });
    db = await createTestDatabase();
    redis = createTestRedis();
    registry = await startService(createRegistryApp, { db, redis });
    replication = await startService(createReplicationApp, { db, redis });
    nomination = await NominationHarness.start({ db, redis });
    frontDoor = await startFrontDoor({ registry: registry.baseUrl, replication: replication.baseUrl, nomination: nomination.svc.baseUrl });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });

    // The accounts, as a national admin creates them; each sets its own password at first sign-in.
    const national = tokenFor({ sub: 'u-nasional', role: 'national-admin' });
    for (const { password, ...account } of ACCOUNTS) {
      const created = await registry.request('POST', '/accounts', { token: national, body: account });
      expect(created.status).toBe(201);
      const first = await registry.request('POST', '/accounts/sign-in', { body: { email: account.email, password: created.body.oneTimePassword, newPassword: password } });
      expect(first.status).toBe(200);
    }

    // Kudus's Jos Pakk, in use since 2022, and an agency in Demak to carry the replication.
    const agency = await registry.request('POST', '/agencies', { token: kudusAdmin, body: { regionCode: KUDUS, name: 'DPMPTSP Kudus' } });
    const demakAgency = await registry.request('POST', '/agencies', { token: demakAdmin, body: { regionCode: DEMAK, name: 'DPMPTSP Demak' } });
    const innovation = await registry.request('POST', '/innovations', {
      token: kudusAdmin,
      body: {
        regionCode: KUDUS,
        agencyId: agency.body.id,
        name: 'Jos Pakk: layanan perizinan daring',
        typeCode: 'teknologi',
        stage: 'penerapan',
        initiator: 'opd',
        digital: true,
        form: 'pelayanan-publik',
        governmentAffair: 'penanaman modal',
        trialStartedOn: '2021-03-01',
        implementedOn: '2022-01-10',
        problem: 'Warga harus datang berkali-kali untuk mengurus izin usaha.',
        design: 'Permohonan diajukan dan dilacak daring; izin terbit dengan tanda tangan elektronik.',
        yearRegistered: 2022,
      },
    });
    expect([agency.status, demakAgency.status, innovation.status]).toEqual([201, 201, 201]);
    joskPakkId = innovation.body.id;
    // The replication service learns of both through the registry's events.
    await expectEventually(async () => {
      const network = await replication.request('GET', `/innovations/${joskPakkId}/replication-network`, { token: demakAdmin });
      expect(network.status).toBe(200);
    });

    // KIPP Kudus 2022 decided, its winner forwarded to KIPP Jawa Tengah 2022 (as the nomination tests seed it).
    nomination.travelTo(wib('2022-12-06'));
    kudusEntries = await seedScoredEdition(nomination, { count: 4, body: kudusEdition({ presentationWeight: 0, winnerCount: 2 }), leaveIn: 'decision' });
    await nomination.request('POST', `/editions/${kudusEntries.id}/decision`, { token: tokens.kudusAdmin, body: {} });
    const jateng = await nomination.request('POST', '/editions', {
      token: tokens.jatengAdmin,
      body: { level: 'province', ownerRegionCode: '33', year: 2022, name: 'KIPP Jawa Tengah 2022', schedule: JATENG_2022, criteriaPreset: 'kipp-2023', forwardingQuota: 3, autoAdvance: false },
    });
    await nomination.request('POST', `/editions/${jateng.body.id}/phase`, { token: tokens.jatengAdmin, body: { phase: 'submission' } });
    const forwarded = await nomination.request('POST', `/entries/${kudusEntries.entries[0].id}/forward`, { token: tokens.kudusAdmin, body: { targetEditionId: jateng.body.id } });
    expect(forwarded.status).toBe(201);
    provinceEntryId = forwarded.body.id;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await frontDoor?.close();
    await nomination?.close();
    await replication?.close();
    await registry?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('Central Java opens the replication network before any request and is told, in words, there is none yet', async () => {
    const context = await newContext(DESKTOP, 'biro.organisasi@jatengprov.go.id');
    const page = await context.newPage();
    await page.goto(`${frontDoor.url}/replikasi?tampilan=jaringan`);
    expect(await page.getByTestId('replication-network-empty').innerText()).toBe('Belum ada inovasi yang direplikasi antardaerah di provinsi ini.');
    await context.close();
  });

  it('Demak files a kerja-sama request for Jos Pakk from the innovation page', async () => {
    const context = await newContext(DESKTOP, 'admin@demakkab.go.id');
    const page = await context.newPage();
    await page.goto(`${frontDoor.url}/katalog/${joskPakkId}`);
    await page.getByRole('link', { name: 'Ajukan replikasi' }).click();
    await page.getByRole('heading', { name: 'Ajukan Permohonan Replikasi' }).waitFor();
    await page.getByRole('radio', { name: 'Kerja Sama' }).check();
    // Sending with blanks names each missing field next to it, in Indonesian.
    await page.getByRole('button', { name: 'Ajukan permohonan' }).click();
    await page.getByText('Wajib diisi.').first().waitFor();
    await page.getByText('Isi telepon atau email narahubung.').waitFor();
    await expectAccessible(page, 'replikasi-ajukan');
    await shot(page, 'replikasi-ajukan');

    await page.getByRole('combobox', { name: /^Perangkat Daerah \(OPD\) pelaksana/ }).click();
    await page.getByRole('option', { name: 'DPMPTSP Demak' }).click();
    await page.getByRole('textbox', { name: /^Alasan/ }).fill('Perizinan usaha di Demak masih harus datang ke kantor berkali-kali.');
    await page.getByRole('textbox', { name: /^Rencana replikasi/ }).fill('Studi tiru ke DPMPTSP Kudus, lalu uji coba daring untuk izin usaha mikro pada 2023.');
    await page.getByRole('textbox', { name: /^Nama narahubung/ }).fill('Budi Santoso');
    await page.getByRole('textbox', { name: /^Telepon/ }).fill('+62 291 685877');
    await page.getByRole('button', { name: 'Ajukan permohonan' }).click();
    await page.getByRole('heading', { name: 'Permohonan Replikasi: Jos Pakk: layanan perizinan daring' }).waitFor();
    requestId = new URL(page.url()).pathname.split('/').pop()!;
    // Badges are set in capitals by CSS: the text itself is as written.
    expect(await page.getByTestId('request-status').textContent()).toBe('Diajukan');
    // Demak may only withdraw now: accepting is Kudus's step.
    expect(await page.locator('section[aria-labelledby="actions-heading"] button').allInnerTexts()).toEqual(['Tarik permohonan']);

    await page.goto(`${frontDoor.url}/replikasi?arah=keluar`);
    await page.getByRole('link', { name: 'Jos Pakk: layanan perizinan daring' }).waitFor();
    await expectAccessible(page, 'replikasi-keluar');
    await context.close();
  });

  it('Kudus sees it among incoming requests, accepts it once asked, and the page shows the timeline', async () => {
    const context = await newContext(DESKTOP, 'admin@kuduskab.go.id');
    const page = await context.newPage();
    await page.goto(`${frontDoor.url}/replikasi`);
    await page.getByRole('heading', { name: 'Replikasi' }).waitFor();
    const row = page.getByRole('table', { name: 'Daftar permohonan replikasi' }).getByRole('row').filter({ hasText: 'Jos Pakk' });
    expect(await row.innerText()).toContain('DPMPTSP Demak');
    expect(await row.textContent()).toContain('Diajukan');
    await expectAccessible(page, 'replikasi');
    await shot(page, 'replikasi');
    // A status filter with nothing in it says so.
    await page.goto(`${frontDoor.url}/replikasi?status=completed`);
    expect(await page.getByTestId('replication-empty').innerText()).toContain('Belum ada permohonan replikasi untuk filter ini');

    await page.goto(`${frontDoor.url}/replikasi/${requestId}`);
    const actions = page.locator('section[aria-labelledby="actions-heading"] button');
    await actions.first().waitFor();
    expect(await actions.allInnerTexts()).toEqual(['Terima', 'Tolak', 'Batalkan permohonan']);
    await actions.filter({ hasText: 'Terima' }).click();
    const dialog = page.getByRole('dialog', { name: 'Terima' });
    expect(await dialog.innerText()).toContain('Permohonan akan berstatus Diterima');
    await expectAccessible(page, 'replikasi-terima');
    await dialog.getByRole('button', { name: 'Ya, terima' }).click();
    await page.getByTestId('request-status').filter({ hasText: 'Diterima' }).waitFor();
    const timeline = page.getByTestId('request-timeline');
    await timeline.getByText('Diterima', { exact: true }).waitFor();
    expect(await timeline.innerText()).toContain('Diajukan');
    // Kerja sama: the MoU and PKS come next, for either side.
    expect(await actions.allInnerTexts()).toEqual(['Catat Nota Kesepakatan dan PKS', 'Batalkan permohonan']);
    await expectAccessible(page, 'replikasi-permohonan');
    await shot(page, 'replikasi-permohonan');
    await context.close();

    const phone = await newContext(PHONE, 'admin@kuduskab.go.id');
    const small = await phone.newPage();
    await small.goto(`${frontDoor.url}/replikasi/${requestId}`);
    await small.getByTestId('request-timeline').getByText('Diterima', { exact: true }).waitFor();
    await expectAccessible(small, 'replikasi-permohonan-ponsel');
    await shot(small, 'replikasi-permohonan-ponsel');
    await phone.close();
  });

  it('a step on a version someone else changed meanwhile is refused, the page reloads and says what changed', async () => {
    const context = await newContext(DESKTOP, 'admin@demakkab.go.id');
    const page = await context.newPage();
    await page.goto(`${frontDoor.url}/replikasi/${requestId}`);
    await page.getByRole('button', { name: 'Catat Nota Kesepakatan dan PKS' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Nomor Nota Kesepakatan/).fill('415.4/001/2023');
    await dialog.getByLabel(/^Tanggal Nota Kesepakatan/).fill('2023-01-16');
    await dialog.getByLabel(/^Nomor PKS/).fill('415.4/002/2023');
    await dialog.getByLabel(/^Tanggal PKS/).fill('2023-01-16');
    // Meanwhile Kudus records the agreement itself, through the API.
    const current = await replication.request('GET', `/replication-requests/${requestId}`, { token: kudusAdmin });
    const signed = await replication.request('POST', `/replication-requests/${requestId}/agreement`, {
      token: kudusAdmin,
      headers: { 'if-match': `"${current.body.version}"` },
      body: { mouNumber: '415.4/001/2023', mouSignedOn: '2023-01-16', pksNumber: '415.4/002/2023', pksSignedOn: '2023-01-16' },
    });
    expect(signed.status).toBe(200);
    await dialog.getByRole('button', { name: 'Simpan Nota Kesepakatan dan PKS' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Permohonan ini diubah oleh pihak lain' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('dari Diterima menjadi Nota Kesepakatan dan PKS ditandatangani');
    expect(await alert.innerText()).toContain('Nota Kesepakatan dan PKS dicatat (u-kudus)');
    // The reloaded page offers what Demak can do now.
    expect(await page.locator('section[aria-labelledby="actions-heading"] button').allInnerTexts()).toEqual(['Laporkan kemajuan', 'Tarik permohonan']);
    await shot(page, 'replikasi-berubah');
    await context.close();
  });

  it.each([
    ['desktop', DESKTOP, 'replikasi-jaringan'],
    ['phone', PHONE, 'replikasi-jaringan-ponsel'],
  ] as const)('Central Java sees Jos Pakk travel from Kudus to Demak on the replication network (%s), drawn and as a table, accessible', async (_, viewport, name) => {
    const context = await newContext(viewport, 'biro.organisasi@jatengprov.go.id');
    const page = await context.newPage();
    await page.goto(`${frontDoor.url}/replikasi`);
    // Mantine's segmented control hides its radios under their labels: a click lands on the label.
    await page.locator('label', { hasText: /^Jaringan$/ }).click();
    await page.getByRole('heading', { name: 'Jaringan replikasi' }).waitFor();
    const rows = await page.getByTestId('replication-network-table').locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t'))).toEqual([['Jos Pakk: layanan perizinan daring', 'Kabupaten Kudus', 'Kabupaten Demak', '1', 'Nota Kesepakatan dan PKS ditandatangani']]);
    // The drawing (a lazy chunk) has both regions and the arrow between them.
    const graph = page.getByTestId('replication-network-graph');
    await graph.locator('.react-flow__edge').first().waitFor();
    expect(await graph.locator('.react-flow__node').allInnerTexts()).toEqual(['Kabupaten Kudus', 'Kabupaten Demak']);
    // Nothing runs off the side of a phone: the table scrolls inside its own box.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
    await expectAccessible(page, name);
    await shot(page, name);
    await context.close();
  });

  it.each([
    ['desktop', DESKTOP, 'pelacakan'],
    ['phone', PHONE, 'pelacakan-ponsel'],
  ] as const)('Central Java tracks 2022 (%s): every regency/city in a table, the funnel and its numbers, accessible', async (_, viewport, name) => {
    const context = await newContext(viewport, 'biro.organisasi@jatengprov.go.id');
    const page = await context.newPage();
    await page.goto(`${frontDoor.url}/pelacakan?provinsi=33&tahun=2022`);
    await page.getByRole('heading', { name: 'Pelacakan Nominasi' }).waitFor();
    const table = page.getByTestId('tracking-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(36); // 29 regencies, 6 cities, the province's own OPDs
    const kudus = await table.locator('tbody tr').filter({ hasText: 'Kabupaten Kudus' }).locator('td').allInnerTexts();
    expect(kudus).toEqual(['Kabupaten Kudus', '4', '4', '2', '1', '0 pemenang dari 1', '—']);
    // The chart (a lazy chunk) draws, and its numbers are in a table beside it.
    await page.getByTestId('funnel-chart').locator('svg').waitFor();
    const funnelRows = await page.getByTestId('funnel-table').locator('tbody tr').allInnerTexts();
    expect(funnelRows.slice(0, 4).map((r) => r.split('\t').slice(0, 2))).toEqual([
      ['Diajukan', '4'],
      ['Lolos Seleksi Administrasi', '4'],
      ['Pemenang kabupaten/kota', '2'],
      ['Diteruskan ke tingkat Provinsi', '1'],
    ]);
    // Nothing runs off the side of a phone: the wide table scrolls inside its own box.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
    await expectAccessible(page, name);
    await shot(page, name);
    await context.close();
  });

  it('opens a Kudus entry and its lineage from the regency to the province', async () => {
    const context = await newContext(DESKTOP, 'biro.organisasi@jatengprov.go.id');
    const page = await context.newPage();
    await page.goto(`${frontDoor.url}/pelacakan?provinsi=33&tahun=2022`);
    await page.getByRole('button', { name: 'Kabupaten Kudus' }).click();
    await page.getByRole('heading', { name: 'Entri Kabupaten Kudus' }).waitFor();
    await page.getByRole('link', { name: 'Inovasi 1' }).click();
    await page.getByRole('heading', { name: 'Jejak nominasi: Inovasi 1' }).waitFor();
    const lineage = await page.getByTestId('lineage').innerText();
    expect(lineage).toContain('Kabupaten/Kota · KIPP Kabupaten Kudus 2022');
    expect(lineage).toContain('Provinsi · KIPP Jawa Tengah 2022');
    expect(new URL(page.url()).pathname).toBe(`/pelacakan/entri/${kudusEntries.entries[0].id}`);
    expect(provinceEntryId).toBeTruthy();
    await expectAccessible(page, 'pelacakan-jejak');
    await shot(page, 'pelacakan-jejak');
    await context.close();
  });
});
