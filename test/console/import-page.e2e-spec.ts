import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startService, tokenFor, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { CHROMIUM, CHROMIUM_ARGS, DESKTOP, expectAccessible, PHONE, shot, SHOTS } from './console-browser.js';
import { startFrontDoor, type FrontDoor } from './console-front-door.js';

/**
 * Impor data in Debian's Chromium against the real registry: Demak's admin, signed in with a real
 * account, downloads nothing yet, uploads Demak's OPD list as CSV, watches the bar reach "selesai"
 * and is offered the report of the one refused row; the page is axe-clean at both screen sizes and
 * fits 390 px.
 */
describe('Impor data in Chromium against the real registry', () => {
  let registry: RunningService;
  let frontDoor: FrontDoor;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install -y chromium\``);
    mkdirSync(SHOTS, { recursive: true });
    registry = await startService(createRegistryApp);
    // The page talks to the registry only; the other services' routes point at it and stay unused.
    frontDoor = await startFrontDoor({ registry: registry.baseUrl, replication: registry.baseUrl, nomination: registry.baseUrl });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const account = { name: 'Budi Santoso', email: 'admin@demakkab.go.id', role: 'region-admin', region: '33.21' };
    const created = await registry.request('POST', '/accounts', { token: tokenFor({ sub: 'u-nasional', role: 'national-admin' }), body: account });
    expect(created.status).toBe(201);
    const first = await registry.request('POST', '/accounts/sign-in', { body: { email: account.email, password: created.body.oneTimePassword, newPassword: 'demak-rahasia-2022' } });
    expect(first.status).toBe(200);
    dir = await mkdtemp(join(tmpdir(), 'lumbung-import-page-'));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await frontDoor?.close();
    await registry?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("uploads Demak's OPDs, follows the bar to the end and offers the report", async () => {
    const file = join(dir, 'opd-demak.csv');
    await writeFile(file, 'Kode Wilayah,Nama OPD\n33.21,Dinas Kesehatan\n33.21,Dinas Sosial\n3321,Dinas Perhubungan\n');
    for (const viewport of [DESKTOP, PHONE]) {
      const context = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
      const signIn = await context.request.post(`${frontDoor.url}/api/accounts/sign-in`, { data: { email: 'admin@demakkab.go.id', password: 'demak-rahasia-2022' } });
      expect(signIn.status()).toBe(200);
      const page = await context.newPage();
      await page.goto(`${frontDoor.url}/kepatuhan`);
      await page.getByRole('link', { name: 'Impor data' }).click();
      await page.getByRole('heading', { name: 'Impor data' }).waitFor();
      await expectAccessible(page, `impor-${viewport.width}`);
      await page.locator('input[type="file"]').setInputFiles(file);
      await page.getByRole('button', { name: 'Mulai impor' }).click();
      await page.getByText('opd-demak.csv: selesai').waitFor({ timeout: 30_000 });
      // The first pass stores two; the second finds them there.
      await page.getByText(viewport === DESKTOP ? '3 baris dibaca: 2 ditambahkan, 0 sudah ada, 1 ditolak' : '3 baris dibaca: 0 ditambahkan, 2 sudah ada, 1 ditolak').waitFor();
      await page.getByRole('button', { name: 'Unduh laporan baris yang ditolak' }).waitFor();
      await expectAccessible(page, `impor-selesai-${viewport.width}`);
      const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect({ viewport: viewport.width, overflow }).toEqual({ viewport: viewport.width, overflow: 0 });
      await shot(page, `impor-${viewport.width}`);
      await context.close();
    }
  });
});
