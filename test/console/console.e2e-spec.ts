import { jest } from '@jest/globals';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { createTestDatabase, createTestRedis, expectEventually, startService, tokenFor, type RunningService, type TestDatabase, type TestRedis } from '@lumbung/testing';
import { createNominationApp } from '../../apps/nomination/src/nomination.app.js';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { createReplicationApp } from '../../apps/replication/src/replication.app.js';
import { startFrontDoor, type FrontDoor } from './console-front-door.js';

/**
 * The console in Debian's Chromium (never a downloaded browser), built as `npm run build` builds
 * it, served with /api/* routed to the real services on a test database, as the front door will.
 * Every page visited is checked with axe-core (serious or critical violations fail) and saved as a
 * screenshot under test-output/console/ (ignored by git).
 */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];
const SHOTS = resolve('test-output/console');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const KUDUS = '33.19';
const DEMAK = '33.21';

/** Real accounts in the registry: created by a national admin, their own passwords set at first sign-in. */
const ACCOUNTS = [
  { name: 'Sri Wahyuni', email: 'admin@kuduskab.go.id', password: 'kudus-rahasia-2022', role: 'region-admin', region: KUDUS },
  { name: 'Budi Santoso', email: 'admin@demakkab.go.id', password: 'demak-rahasia-2022', role: 'region-admin', region: DEMAK },
  { name: 'Dewi Lestari', email: 'operator@kemendagri.go.id', password: 'nasional-rahasia-2024', role: 'national-admin' },
] as const;
const JATENG = { name: 'Retno Anggraini', email: 'biro.organisasi@jatengprov.go.id', role: 'province-admin', province: '33' } as const;
const PASSWORDS = new Map<string, string>(ACCOUNTS.map((a) => [a.email, a.password]));

async function expectAccessible(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect({ page: what, violations: serious.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`) }).toEqual({ page: what, violations: [] });
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true });
}

/** The page at both sizes the console is made for: axe-clean at each, saved as name-desktop / name-ponsel. */
async function checkBothSizes(page: Page, name: string, ready: () => Promise<unknown>) {
  for (const [size, viewport] of [['desktop', DESKTOP], ['ponsel', PHONE]] as const) {
    await page.setViewportSize(viewport);
    await ready();
    await expectAccessible(page, `${name}-${size}`);
    await shot(page, `${name}-${size}`);
  }
  await page.setViewportSize(DESKTOP);
}

// A browser step waits on real services and Chromium; on a busy two-core machine a page of this
// suite can take several times its usual second, so each test gets two minutes, not Jest's one.
jest.setTimeout(120_000);

describe('the console in Chromium against the real services', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let registry: RunningService;
  let replication: RunningService;
  let nomination: RunningService;
  let frontDoor: FrontDoor;
  let browser: Browser;
  let joskPakkId: string;
  let jatengOneTimePassword: string;

  /** A browser context, signed in through the front door's accounts route when asked (the refresh cookie lands in it). */
  const newContext = async (viewport = DESKTOP, signedInAs?: string): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
    if (signedInAs) {
      const res = await context.request.post(`${frontDoor.url}/api/accounts/sign-in`, { data: { email: signedInAs, password: PASSWORDS.get(signedInAs) } });
      expect(res.status()).toBe(200);
    }
    return context;
  };

  beforeAll(async () => {
    // Skip nothing silently: without Debian's Chromium this suite fails and says how to get it.
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install -y chromium\` (.ci/run does); the console's browser suite never downloads a browser`);
    mkdirSync(SHOTS, { recursive: true });
    db = await createTestDatabase();
    redis = createTestRedis();
    registry = await startService(createRegistryApp, { db, redis });
    replication = await startService(createReplicationApp, { db, redis });
    nomination = await startService(createNominationApp, { db, redis });
    frontDoor = await startFrontDoor({ registry: registry.baseUrl, replication: replication.baseUrl, nomination: nomination.baseUrl });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });

    // The accounts, as a national admin creates them; each sets its own password at first sign-in.
    const national = tokenFor({ sub: 'u-nasional', role: 'national-admin' });
    for (const { password, ...account } of ACCOUNTS) {
      const created = await registry.request('POST', '/accounts', { token: national, body: account });
      expect(created.status).toBe(201);
      const first = await registry.request('POST', '/accounts/sign-in', { body: { email: account.email, password: created.body.oneTimePassword, newPassword: password } });
      expect(first.status).toBe(200);
    }
    const jateng = await registry.request('POST', '/accounts', { token: national, body: JATENG });
    expect(jateng.status).toBe(201);
    jatengOneTimePassword = jateng.body.oneTimePassword;

    // Kudus's world, through the registry's API: two agencies and Jos Pakk, in use since 2022.
    const kudusAdmin = tokenFor({ sub: 'u-kudus', role: 'region-admin', region: KUDUS });
    const demakAdmin = tokenFor({ sub: 'u-demak', role: 'region-admin', region: DEMAK });
    const agency = await registry.request('POST', '/agencies', { token: kudusAdmin, body: { regionCode: KUDUS, name: 'DPMPTSP Kudus' } });
    await registry.request('POST', '/agencies', { token: demakAdmin, body: { regionCode: DEMAK, name: 'DPMPTSP Demak' } });
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
        contact: { name: 'Agus Prasetyo', position: 'Kepala Bidang Perizinan', phone: '0291-438000', email: 'perizinan@kuduskab.go.id' },
      },
    });
    expect([agency.status, innovation.status]).toEqual([201, 201]);
    joskPakkId = innovation.body.id;
    // Enough more for a second page of the catalogue (20 a page).
    for (let i = 1; i <= 20; i++) {
      const more = await registry.request('POST', '/innovations', {
        token: kudusAdmin,
        body: { regionCode: KUDUS, agencyId: agency.body.id, name: `Inovasi Kudus nomor ${i}`, typeCode: 'metode', stage: 'inisiatif', initiator: 'asn', digital: false, form: 'tata-kelola', governmentAffair: 'kesehatan', yearRegistered: 2022 },
      });
      expect(more.status).toBe(201);
    }
    // The given state: Kudus's innovations are of 2022. The registry stamps a registration with the
    // year it is made (only an import may set a past year), so the test sets it as an import would.
    await registry.app.get(DataSource).query(`UPDATE "registry"."innovation" SET year_registered = 2022 WHERE region_code = $1`, [KUDUS]);
  });

  afterAll(async () => {
    await browser?.close();
    await frontDoor?.close();
    await nomination?.close();
    await replication?.close();
    await registry?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('signs a Demak admin in: a wrong password is explained in Indonesian, then the shell shows their name, role and sections', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(frontDoor.url);
    await page.waitForURL('**/masuk');
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    await page.getByRole('heading', { name: 'Masuk ke Lumbung' }).waitFor();
    await expectAccessible(page, 'masuk');
    await shot(page, 'masuk');

    await page.getByLabel('Email').fill('admin@demakkab.go.id');
    await page.getByLabel(/^Kata sandi( \*)?$/).fill('salah');
    await page.getByRole('button', { name: 'Masuk' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('Email atau kata sandi salah');

    await page.getByLabel(/^Kata sandi( \*)?$/).fill('demak-rahasia-2022');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { name: 'Selamat datang, Budi Santoso' }).waitFor();
    const user = await page.getByTestId('signed-in-user').innerText();
    expect(user).toContain('Budi Santoso');
    expect(user).toContain('Admin Kabupaten/Kota');
    const nav = page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link');
    expect(await nav.allInnerTexts()).toEqual(['Beranda', 'Katalog Inovasi', 'Replikasi', 'Kompetisi (KIPP)', 'Kepatuhan', 'Akun']);
    await expectAccessible(page, 'beranda');
    await shot(page, 'beranda');

    // The access token lives in memory only: a reload signs in again through the refresh cookie.
    await page.reload();
    await page.getByRole('heading', { name: 'Selamat datang, Budi Santoso' }).waitFor();

    // Signing out ends the cookie too: a reload stays on the sign-in page.
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.getByRole('heading', { name: 'Masuk ke Lumbung' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Masuk ke Lumbung' }).waitFor();
    await context.close();
  });

  it('finds the Kudus innovation by an Indonesian word, marks the match, and offers Demak "Ajukan replikasi"', async () => {
    const context = await newContext(DESKTOP, 'admin@demakkab.go.id');
    const page = await context.newPage();
    await page.goto(`${frontDoor.url}/katalog`);
    await page.getByRole('heading', { name: 'Katalog Inovasi' }).waitFor();
    // Paged by the registry's cursor: 20 first, the rest on request.
    const results = page.getByRole('list', { name: 'Hasil pencarian' }).getByRole('listitem');
    await page.getByText('20 inovasi ditampilkan').waitFor();
    await page.getByRole('button', { name: 'Tampilkan lebih banyak' }).click();
    await page.getByText('21 inovasi ditampilkan').waitFor();
    expect(await results.count()).toBe(21);
    expect(await page.getByRole('button', { name: 'Tampilkan lebih banyak' }).count()).toBe(0);

    // A filter with nothing in it says so.
    await page.goto(`${frontDoor.url}/katalog?region=${DEMAK}`);
    expect(await page.getByTestId('catalogue-empty').innerText()).toContain('Belum ada inovasi untuk filter ini');
    await page.goto(`${frontDoor.url}/katalog`);

    await page.getByRole('searchbox', { name: 'Cari inovasi' }).fill('izin');
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    const result = page.getByRole('list', { name: 'Hasil pencarian' }).getByRole('listitem');
    // The full list stays on screen until the search answers: wait for the answer, not for any list.
    await page.waitForURL(/[?&]q=izin/);
    await expectEventually(async () => expect(await result.count()).toBe(1), 15_000, 100);
    // "izin" matches "perizinan" through the Indonesian stemmer, and the page marks it.
    expect(await result.locator('mark').allInnerTexts()).toEqual(expect.arrayContaining(['perizinan', 'izin']));
    await expectAccessible(page, 'katalog');
    await shot(page, 'katalog');

    await page.getByRole('searchbox', { name: 'Cari inovasi' }).fill('stunting');
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    expect(await page.getByTestId('catalogue-empty').innerText()).toContain('Tidak ada inovasi yang memuat kata “stunting”');
    await shot(page, 'katalog-kosong');

    await page.getByRole('searchbox', { name: 'Cari inovasi' }).fill('izin');
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await page.getByRole('link', { name: 'Jos Pakk: layanan perizinan daring' }).click();
    await page.getByRole('heading', { name: 'Jos Pakk: layanan perizinan daring', level: 2 }).waitFor();
    const record = await page.getByRole('main').innerText();
    expect(record).toContain('10 Januari 2022'); // implementedOn, as written in letters
    expect(record).toContain('Didaftarkan'); // the history's first entry
    await page.getByRole('link', { name: 'Ajukan replikasi' }).waitFor();
    await expectAccessible(page, 'inovasi');
    await shot(page, 'inovasi');
    await context.close();
  });

  it('does not offer Kudus to replicate its own innovation', async () => {
    const context = await newContext(DESKTOP, 'admin@kuduskab.go.id');
    const page = await context.newPage();
    await page.goto(`${frontDoor.url}/katalog/${joskPakkId}`);
    await page.getByRole('heading', { name: 'Riwayat perubahan' }).waitFor();
    expect(await page.getByText('Ajukan replikasi').count()).toBe(0);
    await context.close();
  });

  it('shows the public catalogue without signing in, linkable per innovation, and never the contact', async () => {
    const context = await newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${frontDoor.url}/publik?q=izin`);
    await page.getByRole('heading', { name: 'Katalog Inovasi Daerah Jawa Tengah' }).waitFor();
    const results = page.getByRole('list', { name: 'Hasil pencarian' }).getByRole('listitem');
    await expectEventually(async () => expect(await results.count()).toBe(1), 15_000, 100);
    expect(await results.locator('mark').allInnerTexts()).toEqual(expect.arrayContaining(['perizinan']));
    await checkBothSizes(page, 'publik', () => page.getByRole('link', { name: 'Jos Pakk: layanan perizinan daring' }).waitFor());

    await page.getByRole('link', { name: 'Jos Pakk: layanan perizinan daring' }).click();
    await page.waitForURL(new RegExp(`/publik/${joskPakkId}$`));
    await page.getByRole('heading', { name: 'Asal dan replikasi' }).waitFor();
    const text = await page.locator('body').innerText();
    expect(text).toContain('DPMPTSP Kudus');
    expect(text).toContain('10 Januari 2022');
    for (const secret of ['Agus Prasetyo', '0291-438000', 'perizinan@kuduskab.go.id', 'Riwayat perubahan']) expect(text).not.toContain(secret);
    await checkBothSizes(page, 'publik-inovasi', () => page.getByRole('heading', { name: 'Asal dan replikasi' }).waitFor());
    // A signed-out visitor is offered the sign-in, not the console.
    await page.getByRole('link', { name: 'Masuk' }).waitFor();
    await context.close();
  });

  it('switches to English: <html lang> follows and the navigation reads in English', async () => {
    const context = await newContext(DESKTOP, 'admin@kuduskab.go.id');
    const page = await context.newPage();
    await page.goto(`${frontDoor.url}/katalog`);
    await page.getByRole('heading', { name: 'Katalog Inovasi' }).waitFor();
    await page.locator('label', { hasText: 'English' }).click();
    await page.getByRole('heading', { name: 'Innovation catalogue' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link').allInnerTexts()).toContain('Replication');
    await expectAccessible(page, 'catalogue-en');
    await context.close();
  });

  it('shows the national operator the event stream: a subscriber paused and resumed, queues and dead letters of each service', async () => {
    const national = tokenFor({ sub: 'u-nasional', role: 'national-admin' });
    const added = await registry.request('POST', '/admin/subscribers', { token: national, body: { name: 'dasbor-bappeda', patterns: ['innovation.*'], provinceCode: '33' } });
    expect(added.status).toBe(201);
    const context = await newContext(DESKTOP, 'operator@kemendagri.go.id');
    const page = await context.newPage();
    await page.goto(`${frontDoor.url}/operasi`);
    await page.getByRole('heading', { name: 'Operasi aliran event' }).waitFor();
    const row = page.getByTestId('subscriber-dasbor-bappeda');
    await row.getByText('Aktif').waitFor();
    await expect(row.innerText()).resolves.toMatch(/antrean dasbor-bappeda-events[\s\S]*innovation\.\*[\s\S]*hanya provinsi 33/);
    await row.getByRole('button', { name: 'Jeda' }).click();
    await row.getByText('Dijeda operator').waitFor();
    await page.getByTestId('queues-registry').getByText('registry-inbox').waitFor();
    await page.getByTestId('dead-letters-nomination').getByText('Tidak ada event gagal.').waitFor();
    await checkBothSizes(page, 'operasi', () => row.getByRole('button', { name: 'Lanjutkan' }).waitFor());
    await row.getByRole('button', { name: 'Lanjutkan' }).click();
    await row.getByText('Aktif').waitFor();
    expect((await registry.request('GET', '/admin/subscribers/dasbor-bappeda', { token: national })).body.state).toBe('active');
    await context.close();
  });

  it('works on a 390x844 phone: the navigation is behind a burger menu', async () => {
    const context = await newContext(PHONE, 'admin@kuduskab.go.id');
    const page = await context.newPage();
    await page.goto(`${frontDoor.url}/katalog/${joskPakkId}`);
    await page.getByRole('heading', { name: 'Riwayat perubahan' }).waitFor();
    // Collapsed, the navigation sits outside the screen and out of the keyboard's and screen reader's way.
    const link = page.locator('nav a[href="/kepatuhan"]');
    const box = await link.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Buka menu' }).focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(`!!document.activeElement.closest('.mantine-AppShell-navbar')`)).toBe(false);
    await expectAccessible(page, 'inovasi-ponsel');
    await shot(page, 'inovasi-ponsel');
    await page.getByRole('button', { name: 'Buka menu' }).click();
    await page.getByRole('link', { name: 'Kepatuhan' }).waitFor({ state: 'visible' });
    // Opened, it slides in: wait until its left edge is on the screen.
    await page.waitForFunction(`document.querySelector('nav a[href="/kepatuhan"]').getBoundingClientRect().left >= 0`);
    await shot(page, 'menu-ponsel');
    await page.getByRole('link', { name: 'Katalog Inovasi' }).click();
    await page.getByRole('heading', { name: 'Katalog Inovasi' }).waitFor();
    await context.close();
  });

  it('asks a one-time-password account for a new password, then signs in with it; the province sees Pelacakan', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${frontDoor.url}/masuk`);
    await page.getByLabel('Email').fill('biro.organisasi@jatengprov.go.id');
    await page.getByLabel(/^Kata sandi( \*)?$/).fill(jatengOneTimePassword);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { name: 'Buat kata sandi baru' }).waitFor();
    await expectAccessible(page, 'kata-sandi-baru');
    await shot(page, 'kata-sandi-baru');
    await page.getByLabel(/^Kata sandi baru( \*)?$/).fill('jateng-baru-2022!');
    await page.getByLabel('Ulangi kata sandi baru').fill('jateng-baru-2022!');
    await page.getByRole('button', { name: 'Simpan dan masuk' }).click();
    await page.getByRole('heading', { name: 'Selamat datang, Retno Anggraini' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link').allInnerTexts()).toContain('Pelacakan Nominasi');
    await context.close();
  });

  it('a Kudus admin creates an agency-staff account; the staff member signs in with the one-time password and sets their own', async () => {
    const admin = await newContext(DESKTOP, 'admin@kuduskab.go.id');
    const page = await admin.newPage();
    // Beranda: what waits for a region admin (this year no Kudus agency has registered anything).
    await page.goto(frontDoor.url);
    await page.getByRole('heading', { name: 'Selamat datang, Sri Wahyuni' }).waitFor();
    await page.getByTestId('home-without-innovation').getByText('DPMPTSP Kudus').waitFor();
    await page.getByText('Tidak ada permohonan replikasi yang menunggu jawaban.').waitFor();
    await checkBothSizes(page, 'beranda-admin', () => page.getByTestId('home-requests').waitFor());

    await page.goto(`${frontDoor.url}/akun`);
    await page.getByRole('heading', { name: 'Akun yang Anda kelola' }).waitFor();
    await page.getByRole('button', { name: 'Buat akun' }).click();
    await page.getByLabel(/^Nama/).fill('Siti Rahayu');
    await page.getByLabel(/^Email/).fill('siti.rahayu@kuduskab.go.id');
    // A region admin may hand out only agency-staff and juror accounts.
    await page.getByLabel(/^Peran/).first().click();
    expect(await page.getByRole('option').allInnerTexts()).toEqual(['Staf Perangkat Daerah', 'Juri']);
    await page.getByRole('option', { name: 'Staf Perangkat Daerah' }).click();
    await page.getByLabel(/^Perangkat Daerah \(OPD\)/).first().click();
    await page.getByRole('option', { name: 'DPMPTSP Kudus' }).click();
    await page.getByRole('button', { name: 'Buat akun' }).click();
    // A refusal would show as an alert or under a field: name it rather than time out.
    await page.locator('[data-testid="one-time-password"], [role="alert"], .mantine-InputWrapper-error').first().waitFor();
    expect(await page.locator('[role="alert"]:not([data-testid="one-time-password"]), .mantine-InputWrapper-error').allInnerTexts()).toEqual([]);
    const otp = (await page.getByTestId('one-time-password-value').innerText()).trim();
    expect(otp.length).toBeGreaterThanOrEqual(10);
    expect(await page.getByTestId('one-time-password').innerText()).toContain('hanya ditampilkan sekarang');
    await page.getByRole('button', { name: 'Salin kata sandi' }).waitFor();
    await checkBothSizes(page, 'akun-sandi-sekali-pakai', () => page.getByTestId('one-time-password').waitFor());
    await page.getByRole('button', { name: 'Sudah saya sampaikan' }).click();
    expect(await page.getByTestId('one-time-password').count()).toBe(0);
    const row = page.getByRole('row', { name: /Siti Rahayu/ });
    expect(await row.innerText()).toMatch(/kata sandi sekali pakai/i); // a badge, in capitals
    await checkBothSizes(page, 'akun', () => row.waitFor());

    // The record, its audit, and an action that asks once, naming what happens.
    await page.getByRole('link', { name: 'Siti Rahayu' }).click();
    await page.getByRole('heading', { name: 'Riwayat akun' }).waitFor();
    await page.getByText('Dibuat', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Nonaktifkan akun' }).click();
    expect(await page.getByRole('dialog').innerText()).toContain('tidak dapat masuk lagi');
    await page.getByRole('dialog').getByRole('button', { name: 'Batal' }).last().click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await checkBothSizes(page, 'akun-detail', () => page.getByRole('heading', { name: 'Riwayat akun' }).waitFor());
    await admin.close();

    const staff = await newContext();
    const own = await staff.newPage();
    await own.goto(`${frontDoor.url}/masuk`);
    await own.getByLabel('Email').fill('siti.rahayu@kuduskab.go.id');
    await own.getByLabel(/^Kata sandi( \*)?$/).fill(otp);
    await own.getByRole('button', { name: 'Masuk' }).click();
    await own.getByRole('heading', { name: 'Buat kata sandi baru' }).waitFor();
    await own.getByLabel(/^Kata sandi baru( \*)?$/).fill('siti-kudus-2022!');
    await own.getByLabel('Ulangi kata sandi baru').fill('siti-kudus-2022!');
    await own.getByRole('button', { name: 'Simpan dan masuk' }).click();
    await own.getByRole('heading', { name: 'Selamat datang, Siti Rahayu' }).waitFor();
    // Beranda for agency staff: their agency's innovations this year (none yet), said in words.
    await own.getByTestId('home-our-innovations').getByText(/belum mendaftarkan inovasi/).waitFor();
    await checkBothSizes(own, 'beranda-staf', () => own.getByTestId('home-our-innovations').waitFor());
    // Everyone may change their own password; staff manage no accounts.
    await own.goto(`${frontDoor.url}/akun`);
    await own.getByRole('heading', { name: 'Ubah kata sandi' }).waitFor();
    expect(await own.getByRole('heading', { name: 'Akun yang Anda kelola' }).count()).toBe(0);
    await checkBothSizes(own, 'ubah-kata-sandi', () => own.getByRole('heading', { name: 'Ubah kata sandi' }).waitFor());
    await staff.close();
  });

  it('shows Jateng its regencies with their share, Kudus among them, and clicks through to Kudus', async () => {
    PASSWORDS.set(JATENG.email, 'jateng-baru-2022!');
    const context = await newContext(DESKTOP, JATENG.email);
    const page = await context.newPage();
    await page.goto(`${frontDoor.url}/kepatuhan?year=2022`);
    await page.getByRole('heading', { name: 'Kepatuhan Satu OPD Satu Inovasi' }).waitFor();
    const kudus = page.getByTestId(`compliance-row-${KUDUS}`);
    expect(await kudus.innerText()).toMatch(/Kudus[\s\S]*1 dari 1[\s\S]*100%/);
    expect(await page.getByTestId(`compliance-row-${DEMAK}`).innerText()).toContain('0 dari 1');
    await checkBothSizes(page, 'kepatuhan-provinsi', () => kudus.waitFor());
    // Sorting by share, lowest first, puts Demak (0%) before Kudus (100%).
    const order = async () => (await page.locator('[data-testid^="compliance-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid'))));
    const rows = await order();
    expect(rows.indexOf(`compliance-row-${DEMAK}`)).toBeLessThan(rows.indexOf(`compliance-row-${KUDUS}`));
    await kudus.getByRole('link').click();
    await page.getByTestId('compliance-summary').waitFor();
    expect(await page.getByRole('main').innerText()).toContain('DPMPTSP Kudus (21 inovasi)');
    await checkBothSizes(page, 'kepatuhan-kabupaten', () => page.getByTestId('compliance-summary').waitFor());
    await context.close();
  });

  it('a Kudus admin adds agencies and a type on their page, registers an innovation with every field, and a stale revision is re-applied', async () => {
    const context = await newContext(DESKTOP, 'admin@kuduskab.go.id');
    const page = await context.newPage();
    await page.goto(`${frontDoor.url}/katalog`);
    await page.getByRole('link', { name: 'OPD dan jenis inovasi' }).click();
    await page.getByRole('heading', { name: 'OPD dan jenis inovasi' }).waitFor();
    const agencies = page.getByTestId('agencies-table');
    await agencies.getByText('DPMPTSP Kudus').waitFor();
    for (const name of ['Dinas Kesehatan Kudus', 'Dinas Pendidikan Kudus']) {
      await page.getByLabel('Nama OPD baru').fill(name);
      await page.getByRole('button', { name: 'Tambah OPD' }).click();
      await agencies.getByText(name).waitFor();
    }
    // A name an active agency already has is refused, and said so.
    await page.getByLabel('Nama OPD baru').fill('Dinas Kesehatan Kudus');
    await page.getByRole('button', { name: 'Tambah OPD' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('namanya sudah dipakai');
    await page.getByRole('button', { name: 'Ganti nama Dinas Pendidikan Kudus' }).click();
    await page.getByRole('textbox', { name: 'Ganti nama Dinas Pendidikan Kudus' }).fill('Dinas Pendidikan, Kepemudaan dan Olahraga Kudus');
    await page.getByRole('button', { name: 'Simpan', exact: true }).click();
    await agencies.getByText('Dinas Pendidikan, Kepemudaan dan Olahraga Kudus').waitFor();
    // A type code is lowercase words: one in capitals is explained next to the field.
    await page.getByLabel('Kode').fill('Layanan Digital');
    await page.getByLabel('Nama jenis').fill('Layanan Digital');
    await page.getByRole('button', { name: 'Tambah jenis' }).click();
    await page.locator('.mantine-InputWrapper-error', { hasText: 'Formatnya tidak sesuai' }).waitFor();
    await page.getByLabel('Kode').fill('layanan-digital');
    await page.getByRole('button', { name: 'Tambah jenis' }).click();
    await page.getByTestId('types-table').getByText('layanan-digital').waitFor();
    await checkBothSizes(page, 'opd-dan-jenis', () => page.getByTestId('types-table').getByText('layanan-digital').waitFor());

    await page.goto(`${frontDoor.url}/katalog`);
    await page.getByRole('link', { name: 'Daftarkan inovasi' }).click();
    await page.getByRole('heading', { name: 'Daftarkan inovasi' }).waitFor();
    const choose = async (label: RegExp, option: string) => {
      await page.getByLabel(label).first().click();
      await page.getByRole('option', { name: option, exact: true }).click();
    };
    await choose(/^Perangkat Daerah/, 'Dinas Kesehatan Kudus');
    await page.getByLabel(/^Nama inovasi/).fill('Si Cantik: cek kesehatan ibu hamil lewat WhatsApp');
    // What is typed survives a reload: the draft is kept on the device until sent.
    await page.reload();
    await page.getByRole('heading', { name: 'Daftarkan inovasi' }).waitFor();
    expect(await page.getByLabel(/^Nama inovasi/).inputValue()).toBe('Si Cantik: cek kesehatan ibu hamil lewat WhatsApp');
    await choose(/^Jenis/, 'Layanan Digital');
    await choose(/^Tahapan/, 'Uji Coba');
    await choose(/^Inisiator/, 'Perangkat Daerah');
    await choose(/^Bentuk/, 'Inovasi pelayanan publik');
    await page.getByLabel(/^Urusan Pemerintahan/).fill('kesehatan');
    await page.getByLabel('Inovasi digital').check();
    await page.getByLabel(/^Mulai uji coba/).fill('2025-02-03');
    await page.getByLabel('Permasalahan').fill('Ibu hamil di desa jauh dari puskesmas jarang memeriksakan kandungan.');
    await page.getByLabel('Tujuan').fill('Setiap ibu hamil diperiksa paling sedikit enam kali.');
    await page.getByRole('button', { name: 'Tambah bukti' }).click();
    await page.getByLabel('Indikator bukti 1').fill('regulasi');
    await page.getByLabel('Tautan bukti 1').fill('https://jdih.kuduskab.go.id/perbup-5-2025.pdf');
    await page.getByLabel('Nama narahubung').fill('dr. Ani Lestari');
    await page.getByLabel('Jabatan').fill('Kepala Bidang Kesehatan Masyarakat');
    await page.getByLabel('Telepon kantor').fill('0291-431010');
    await page.getByLabel('Email kantor').fill('dinkes@kuduskab.go.id');
    await checkBothSizes(page, 'daftar-inovasi', () => page.getByLabel('Email kantor').waitFor());
    await page.getByRole('button', { name: 'Daftarkan', exact: true }).click();
    await page.getByRole('heading', { name: 'Si Cantik: cek kesehatan ibu hamil lewat WhatsApp', exact: true, level: 2 }).waitFor();
    const id = page.url().split('/').pop()!;
    // The record names the region's own type by its name, and the trial date as written in letters.
    await expectEventually(async () => expect(await page.getByRole('main').innerText()).toMatch(/Layanan Digital[\s\S]*3 Februari 2025/), 15_000, 100);

    // A revision, while someone else renames the record: the page says what changed and re-applies the change.
    await page.getByRole('link', { name: 'Ubah data inovasi' }).click();
    await page.getByRole('heading', { name: /^Ubah inovasi/ }).waitFor();
    await page.getByLabel('Manfaat').fill('Kunjungan pemeriksaan kehamilan naik.');
    const kudusAdmin = tokenFor({ sub: 'u-kudus', role: 'region-admin', region: KUDUS });
    const read = await registry.request('GET', `/innovations/${id}`, { token: kudusAdmin });
    const { name: _name, typeCode, initiator, digital, form, governmentAffair, trialStartedOn, problem, goals, evidence, contact } = read.body;
    const meanwhile = await registry.request('PUT', `/innovations/${id}`, {
      token: kudusAdmin,
      headers: { 'if-match': '"1"' },
      body: { name: 'Si Cantik: cek kehamilan lewat WhatsApp', typeCode, initiator, digital, form, governmentAffair, trialStartedOn, problem, goals, evidence: evidence.map(({ indicator, url }: { indicator: string; url: string }) => ({ indicator, url })), contact },
    });
    expect(meanwhile.status).toBe(200);
    await page.getByRole('button', { name: 'Simpan perubahan' }).click();
    const stale = page.getByTestId('stale-edit');
    expect(await stale.innerText()).toContain('Yang berubah: nama.');
    await checkBothSizes(page, 'ubah-inovasi-bentrok', () => stale.waitFor());
    await page.getByRole('button', { name: 'Terapkan ulang perubahan saya' }).click();
    expect(await page.getByLabel(/^Nama inovasi/).inputValue()).toBe('Si Cantik: cek kehamilan lewat WhatsApp');
    expect(await page.getByLabel('Manfaat').inputValue()).toBe('Kunjungan pemeriksaan kehamilan naik.');
    await page.getByRole('button', { name: 'Simpan perubahan' }).click();
    await page.getByRole('heading', { name: 'Si Cantik: cek kehamilan lewat WhatsApp', exact: true, level: 2 }).waitFor();
    expect(await page.getByRole('main').innerText()).toContain('Kunjungan pemeriksaan kehamilan naik.');
    // The history, reloaded after the write, names both revisions: theirs and the re-applied one.
    await expectEventually(async () => expect(await page.getByText('Diperbarui', { exact: true }).count()).toBe(2), 15_000, 100);
    await context.close();
  });

  it('a Kudus agency-staff member registers theirs: one field error shown in Indonesian, fixed, saved', async () => {
    PASSWORDS.set('siti.rahayu@kuduskab.go.id', 'siti-kudus-2022!');
    const context = await newContext(DESKTOP, 'siti.rahayu@kuduskab.go.id');
    const page = await context.newPage();
    await page.goto(`${frontDoor.url}/katalog`);
    // Staff register for their own agency; the region's lists are the admin's.
    expect(await page.getByRole('link', { name: 'OPD dan jenis inovasi' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Daftarkan inovasi' }).click();
    await page.getByRole('heading', { name: 'Daftarkan inovasi' }).waitFor();
    await expectEventually(async () => expect(await page.getByLabel('Perangkat Daerah').inputValue()).toBe('DPMPTSP Kudus'), 15_000, 100);
    const choose = async (label: RegExp, option: string) => {
      await page.getByLabel(label).first().click();
      await page.getByRole('option', { name: option, exact: true }).click();
    };
    await page.getByLabel(/^Nama inovasi/).fill('Sigap: izin usaha mikro dalam sehari');
    await choose(/^Jenis/, 'Proses');
    await choose(/^Inisiator/, 'ASN');
    await choose(/^Bentuk/, 'Inovasi pelayanan publik');
    await page.getByLabel(/^Urusan Pemerintahan/).fill('penanaman modal');
    await page.getByRole('button', { name: 'Tambah bukti' }).click();
    await page.getByLabel('Indikator bukti 1').fill('SK inovasi');
    await page.getByLabel('Tautan bukti 1').fill('jdih.kuduskab.go.id/sk-7-2025.pdf');
    await page.getByRole('button', { name: 'Daftarkan', exact: true }).click();
    const errors = page.locator('.mantine-InputWrapper-error');
    await errors.first().waitFor();
    expect(await errors.allInnerTexts()).toEqual(['Tulis alamat lengkap yang diawali https:// atau http://.']);
    expect(await page.getByLabel('Tautan bukti 1').getAttribute('aria-invalid')).toBe('true');
    await checkBothSizes(page, 'daftar-inovasi-galat', () => errors.first().waitFor());
    await page.getByLabel('Tautan bukti 1').fill('https://jdih.kuduskab.go.id/sk-7-2025.pdf');
    await page.getByRole('button', { name: 'Daftarkan', exact: true }).click();
    await page.getByRole('heading', { name: 'Sigap: izin usaha mikro dalam sehari', level: 2 }).waitFor();
    expect(await page.getByRole('main').innerText()).toContain('DPMPTSP Kudus');
    await checkBothSizes(page, 'inovasi-staf', () => page.getByRole('heading', { name: 'Riwayat perubahan' }).waitFor());
    await context.close();
  });
});
