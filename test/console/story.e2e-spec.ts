import { jest } from '@jest/globals';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { createTestDatabase, createTestRedis, expectEventually, startService, tokenFor, type RunningService, type TestDatabase, type TestRedis } from '@lumbung/testing';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { createReplicationApp } from '../../apps/replication/src/replication.app.js';
import { NATIONAL_2023, NominationHarness, wib } from '../../apps/nomination/test/nomination-test.fixtures.js';
import { CHROMIUM, CHROMIUM_ARGS, DESKTOP, expectAccessible, PHONE, shot, SHOTS } from './console-browser.js';
import { startFrontDoor, type FrontDoor } from './console-front-door.js';

/**
 * The Kudus/Demak story of the README, start to end, through the console's pages in Debian's
 * Chromium against the real services on one test database: the people sign in with real accounts
 * and do their own steps. A Kudus admin adds an agency and registers Jos Pakk; a Kudus staff member
 * registers theirs (a field error, fixed); Demak finds Jos Pakk by an Indonesian word and files a
 * kerja-sama request; Kudus accepts and records the MoU and PKS; Demak reports progress, implements
 * and completes it, and its own innovation names Kudus's as its origin. Kudus runs its 2022 KIPP
 * (an edition from the preset, entries, one rejected with a reason, three jurors scoring on a
 * phone, the decision, three winners forwarded and a fourth refused by the quota the page shows);
 * Central Java decides and forwards one to the national edition, whose result it records; the
 * tracking page shows it all with the lineage of that entry, and compliance shows Kudus and Demak.
 * Where a step is not the story's point (the other OPDs' entries, the province's jury), the test
 * takes it through the API, as those people would on their own pages.
 */
const KUDUS = '33.19';
const DEMAK = '33.21';

const PEOPLE = {
  kudus: { name: 'Sri Wahyuni', email: 'admin@kuduskab.go.id', password: 'kudus-rahasia-2022', role: 'region-admin', region: KUDUS },
  demak: { name: 'Budi Santoso', email: 'admin@demakkab.go.id', password: 'demak-rahasia-2022', role: 'region-admin', region: DEMAK },
  jateng: { name: 'Retno Anggraini', email: 'biro.organisasi@jatengprov.go.id', password: 'jateng-rahasia-2022', role: 'province-admin', province: '33' },
} as const;
const JURORS = [
  { name: 'Dr. Hartono (Undip)', email: 'hartono@undip.ac.id', password: 'juri-undip-2022!' },
  { name: 'Dewi Kartika (UMK)', email: 'dewi.kartika@umk.ac.id', password: 'juri-umk-2022!' },
  { name: 'Yusuf Hidayat (Suara Merdeka)', email: 'yusuf@suaramerdeka.com', password: 'juri-pers-2022!' },
] as const;
const STAFF = { name: 'Siti Rahayu', email: 'siti.rahayu@kuduskab.go.id', password: 'siti-kudus-2022!' };
const PASSWORDS = new Map<string, string>([...Object.values(PEOPLE), ...JURORS, STAFF].map((a) => [a.email, a.password]));

/** The other Kudus OPDs entering the 2022 KIPP, each with one innovation in use since 2020. */
const OTHER_ENTRANTS = [
  ['Dinas Pendidikan Kudus', 'Sekolah Ramah Anak Terpadu'],
  ['DPMPTSP Kudus', 'Sigap: izin usaha mikro dalam sehari'],
  ['Dinas Pertanian Kudus', 'Petani Milenial Kudus'],
  ['Dinas Sosial Kudus', 'Jaga Lansia'],
  ['Bappeda Kudus', 'Kudus Satu Data'],
  ['Dinas Perhubungan Kudus', 'Parkir Cerdas Kudus'],
] as const;
const JOS_PAKK = 'Jos Pakk: jemput bola pemeriksaan kesehatan';
/** A minimal PDF: what the services recognise by its bytes. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Each juror's marks per criterion of the KIPP 2023 preset, in its order, by entry: the higher, the better placed. */
const MARKS: Record<string, number[]> = {
  [JOS_PAKK]: [90, 92, 88, 95, 90, 85, 90],
  'Sekolah Ramah Anak Terpadu': [85, 88, 80, 88, 85, 80, 84],
  'Petani Milenial Kudus': [80, 82, 78, 84, 80, 75, 80],
  'Jaga Lansia': [75, 78, 70, 80, 76, 72, 75],
  'Kudus Satu Data': [60, 65, 60, 62, 60, 60, 61],
};
const CRITERIA = ['background', 'novelty', 'implementation', 'significance', 'adaptability', 'resources', 'sustainability'];

// A browser step waits on real services and Chromium; on a busy two-core machine a page of this
// suite can take several times its usual second, so each test gets two minutes, not Jest's one.
jest.setTimeout(120_000);

describe('the Kudus/Demak story through the console', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let registry: RunningService;
  let replication: RunningService;
  let nomination: NominationHarness;
  let frontDoor: FrontDoor;
  let browser: Browser;
  const national = tokenFor({ sub: 'u-nasional', role: 'national-admin' });
  const kudusAdmin = tokenFor({ sub: 'u-kudus', role: 'region-admin', region: KUDUS });
  const demakAdmin = tokenFor({ sub: 'u-demak', role: 'region-admin', region: DEMAK });
  const jatengAdmin = tokenFor({ sub: 'u-jateng', role: 'province-admin', province: '33' });
  const jurorIds: string[] = [];
  const jurorTokens: string[] = [];
  const agencyIds = new Map<string, string>();
  let joskPakkId: string;
  let requestId: string;
  let kudusEditionId: string;
  let jatengEditionId: string;
  let nationalEditionId: string;
  const entryIds = new Map<string, string>();

  const newContext = async (viewport: { width: number; height: number }, signedInAs: string): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
    const res = await context.request.post(`${frontDoor.url}/api/accounts/sign-in`, { data: { email: signedInAs, password: PASSWORDS.get(signedInAs) } });
    expect(res.status()).toBe(200);
    return context;
  };
  const pageAs = async (email: string, viewport = DESKTOP): Promise<Page> => (await newContext(viewport, email)).newPage();
  const done = (page: Page) => page.context().close();

  /** An account as its admin makes it, with its own password set at first sign-in. */
  const account = async (token: string, body: Record<string, unknown>, password: string): Promise<{ id: string; accessToken: string }> => {
    const created = await registry.request('POST', '/accounts', { token, body });
    expect(created.status).toBe(201);
    const first = await registry.request('POST', '/accounts/sign-in', { body: { email: body.email, password: created.body.oneTimePassword, newPassword: password } });
    expect(first.status).toBe(200);
    return { id: created.body.account.id, accessToken: first.body.accessToken };
  };

  const choose = async (page: Page, label: RegExp | string, option: string) => {
    await page.getByLabel(label).first().click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };

  /** The edition's admin moves it to the next phase on its page, confirming once. */
  const movePhase = async (page: Page, phase: string) => {
    await choose(page, 'Pindahkan ke tahap', phase);
    await page.getByRole('button', { name: 'Pindahkan tahap' }).click();
    await page.getByRole('dialog').getByRole('button', { name: `Ya, pindah ke ${phase}`, exact: true }).click();
    await page.getByTestId('edition-phase').filter({ hasText: phase }).waitFor();
  };

  const stepOnRequest = async (page: Page, step: string, fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void>, confirm: string, status: string) => {
    await page.getByRole('button', { name: step }).click();
    const dialog = page.getByRole('dialog');
    await fill(dialog);
    await dialog.getByRole('button', { name: confirm }).click();
    await page.getByTestId('request-status').filter({ hasText: status }).waitFor();
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install -y chromium\` (.ci/run does); the console's browser suite never downloads a browser`);
    mkdirSync(SHOTS, { recursive: true });
    db = await createTestDatabase();
    redis = createTestRedis();
    registry = await startService(createRegistryApp, { db, redis });
    replication = await startService(createReplicationApp, { db, redis });
    nomination = await NominationHarness.start({ db, redis });
    // The KIPP of 2022 runs in late 2022: the nomination service's calendar is set there.
    nomination.travelTo(wib('2022-10-20'));
    frontDoor = await startFrontDoor({ registry: registry.baseUrl, replication: replication.baseUrl, nomination: nomination.svc.baseUrl });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });

    for (const { password, ...person } of Object.values(PEOPLE)) await account(national, person, password);
    // Demak's own office, which will carry the replication; Kudus's other OPDs and their innovations.
    const demakAgency = await registry.request('POST', '/agencies', { token: demakAdmin, body: { regionCode: DEMAK, name: 'Dinas Kesehatan Demak' } });
    expect(demakAgency.status).toBe(201);
    for (const [agency, innovation] of OTHER_ENTRANTS) {
      const created = await registry.request('POST', '/agencies', { token: kudusAdmin, body: { regionCode: KUDUS, name: agency } });
      expect(created.status).toBe(201);
      agencyIds.set(agency, created.body.id);
      const registered = await registry.request('POST', '/innovations', {
        token: kudusAdmin,
        body: { regionCode: KUDUS, agencyId: created.body.id, name: innovation, typeCode: 'proses', stage: 'penerapan', initiator: 'opd', digital: true, form: 'pelayanan-publik', governmentAffair: 'pelayanan umum', trialStartedOn: '2019-07-01', implementedOn: '2020-03-02' },
      });
      expect(registered.status).toBe(201);
    }
    // Three jurors of Kudus's KIPP, made by its admin.
    for (const juror of JURORS) {
      const made = await account(kudusAdmin, { name: juror.name, email: juror.email, role: 'juror' }, juror.password);
      jurorIds.push(made.id);
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await frontDoor?.close();
    await nomination?.close();
    await replication?.close();
    await registry?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  it('a Kudus admin adds the health office and registers Jos Pakk with its dates', async () => {
    const page = await pageAs(PEOPLE.kudus.email);
    await page.goto(`${frontDoor.url}/katalog/opd`);
    await page.getByRole('heading', { name: 'OPD dan jenis inovasi' }).waitFor();
    await page.getByLabel('Nama OPD baru').fill('Dinas Kesehatan Kudus');
    await page.getByRole('button', { name: 'Tambah OPD' }).click();
    await page.getByTestId('agencies-table').getByText('Dinas Kesehatan Kudus').waitFor();

    await page.goto(`${frontDoor.url}/katalog/daftar`);
    await page.getByRole('heading', { name: 'Daftarkan inovasi' }).waitFor();
    await choose(page, /^Perangkat Daerah/, 'Dinas Kesehatan Kudus');
    await page.getByLabel(/^Nama inovasi/).fill(JOS_PAKK);
    await choose(page, /^Jenis/, 'Proses');
    await choose(page, /^Tahapan/, 'Penerapan');
    await choose(page, /^Inisiator/, 'Perangkat Daerah');
    await choose(page, /^Bentuk/, 'Inovasi pelayanan publik');
    await page.getByLabel(/^Urusan Pemerintahan/).fill('kesehatan');
    await page.getByLabel('Inovasi digital').check();
    await page.getByLabel(/^Mulai uji coba/).fill('2019-06-03');
    await page.getByLabel(/^Mulai penerapan/).fill('2020-01-15');
    await page.getByLabel('Permasalahan').fill('Warga desa jauh dari puskesmas dan antre berjam-jam untuk diperiksa.');
    await page.getByRole('button', { name: 'Daftarkan', exact: true }).click();
    await page.getByRole('heading', { name: JOS_PAKK, exact: true, level: 2 }).waitFor();
    joskPakkId = page.url().split('/').pop()!;
    expect(await page.getByRole('main').innerText()).toContain('15 Januari 2020');
    // The regent's decree (Perbup) as evidence: the type is read from the bytes, and it downloads back.
    await page.getByRole('combobox', { name: 'Indikator' }).fill('regulasi');
    await page.locator('input[type="file"]').setInputFiles({ name: 'Perbup Kudus 5 2022.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Unggah', exact: true }).click();
    await page.getByTestId('documents-table').getByText('Perbup Kudus 5 2022.pdf').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh Perbup Kudus 5 2022.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('Perbup Kudus 5 2022.pdf');
    await expectAccessible(page, 'katalog-dokumen');
    await done(page);
  });

  it('a Kudus staff member registers theirs: one field error in Indonesian, fixed, saved', async () => {
    agencyIds.set('Dinas Kesehatan Kudus', (await registry.request('GET', `/agencies?region=${KUDUS}`, { token: kudusAdmin })).body.find((a: { name: string }) => a.name === 'Dinas Kesehatan Kudus').id);
    await account(kudusAdmin, { name: STAFF.name, email: STAFF.email, role: 'agency-staff', region: KUDUS, agency: agencyIds.get('Dinas Kesehatan Kudus') }, STAFF.password);
    const page = await pageAs(STAFF.email);
    await page.goto(`${frontDoor.url}/katalog/daftar`);
    await page.getByRole('heading', { name: 'Daftarkan inovasi' }).waitFor();
    await page.getByLabel(/^Nama inovasi/).fill('Si Cantik: cek kehamilan lewat WhatsApp');
    await choose(page, /^Jenis/, 'Teknologi');
    await choose(page, /^Inisiator/, 'ASN');
    await choose(page, /^Bentuk/, 'Inovasi pelayanan publik');
    await page.getByLabel(/^Urusan Pemerintahan/).fill('kesehatan');
    await page.getByRole('button', { name: 'Tambah bukti' }).click();
    await page.getByLabel('Indikator bukti 1').fill('SK inovasi');
    await page.getByLabel('Tautan bukti 1').fill('jdih.kuduskab.go.id/sk-12-2022.pdf');
    await page.getByRole('button', { name: 'Daftarkan', exact: true }).click();
    const errors = page.locator('.mantine-InputWrapper-error');
    await errors.first().waitFor();
    expect(await errors.allInnerTexts()).toEqual(['Tulis alamat lengkap yang diawali https:// atau http://.']);
    await page.getByLabel('Tautan bukti 1').fill('https://jdih.kuduskab.go.id/sk-12-2022.pdf');
    await page.getByRole('button', { name: 'Daftarkan', exact: true }).click();
    await page.getByRole('heading', { name: 'Si Cantik: cek kehamilan lewat WhatsApp', level: 2 }).waitFor();
    await done(page);
  });

  it('Demak finds Jos Pakk by the word "jemput" and files a kerja-sama request', async () => {
    const page = await pageAs(PEOPLE.demak.email);
    await page.goto(`${frontDoor.url}/katalog`);
    await page.getByRole('searchbox', { name: 'Cari inovasi' }).fill('jemput');
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    const results = page.getByRole('list', { name: 'Hasil pencarian' }).getByRole('listitem');
    // The search index follows the registry's write at once; the list re-reads until it shows.
    await expectEventually(async () => expect(await results.count()).toBe(1), 15_000, 100);
    expect(await results.locator('mark').allInnerTexts()).toContain('jemput');
    await page.getByRole('link', { name: JOS_PAKK }).click();
    await page.getByRole('link', { name: 'Ajukan replikasi' }).click();
    await page.getByRole('heading', { name: 'Ajukan Permohonan Replikasi' }).waitFor();
    await page.getByRole('radio', { name: 'Kerja Sama' }).check();
    await choose(page, /^Perangkat Daerah \(OPD\) pelaksana/, 'Dinas Kesehatan Demak');
    await page.getByRole('textbox', { name: /^Alasan/ }).fill('Antrean puskesmas di Demak sama panjangnya.');
    await page.getByRole('textbox', { name: /^Rencana replikasi/ }).fill('Studi tiru ke Dinas Kesehatan Kudus, lalu uji coba di tiga kecamatan pada 2023.');
    await page.getByRole('textbox', { name: /^Nama narahubung/ }).fill('Budi Santoso');
    await page.getByRole('textbox', { name: /^Telepon/ }).fill('+62 291 685877');
    // The replication service learns of Jos Pakk from the registry's events a moment after it was registered.
    await expectEventually(async () => {
      await page.getByRole('button', { name: 'Ajukan permohonan' }).click();
      await page.getByRole('heading', { name: `Permohonan Replikasi: ${JOS_PAKK}` }).waitFor({ timeout: 2_000 });
    }, 20_000, 500);
    requestId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.getByTestId('request-status').textContent()).toBe('Diajukan');
    await done(page);
  });

  it('Kudus accepts and records the MoU and PKS; Demak reports progress, implements and completes it', async () => {
    const kudus = await pageAs(PEOPLE.kudus.email);
    await kudus.goto(`${frontDoor.url}/replikasi/${requestId}`);
    await stepOnRequest(kudus, 'Terima', async () => {}, 'Ya, terima', 'Diterima');
    await stepOnRequest(
      kudus,
      'Catat Nota Kesepakatan dan PKS',
      async (dialog) => {
        await dialog.getByLabel(/^Nomor Nota Kesepakatan/).fill('440/015/2023');
        await dialog.getByLabel(/^Tanggal Nota Kesepakatan/).fill('2023-01-16');
        await dialog.getByLabel(/^Nomor PKS/).fill('440/016/2023');
        await dialog.getByLabel(/^Tanggal PKS/).fill('2023-01-16');
      },
      'Simpan Nota Kesepakatan dan PKS',
      'Nota Kesepakatan dan PKS ditandatangani',
    );
    // The signed MoU itself goes with the request, for both sides and the province to read.
    await kudus.getByRole('combobox', { name: 'Indikator' }).fill('mou');
    await kudus.locator('input[type="file"]').setInputFiles({ name: 'MoU 440-015-2023.pdf', mimeType: 'application/pdf', buffer: PDF });
    await kudus.getByRole('button', { name: 'Unggah', exact: true }).click();
    await kudus.getByTestId('documents-table').getByText('MoU 440-015-2023.pdf').waitFor();
    await done(kudus);

    const demak = await pageAs(PEOPLE.demak.email);
    await demak.goto(`${frontDoor.url}/replikasi/${requestId}`);
    await stepOnRequest(
      demak,
      'Laporkan kemajuan',
      async (dialog) => {
        await dialog.getByLabel(/^Jenis kemajuan/).click();
        await demak.getByRole('option', { name: 'Alih pengetahuan' }).click();
        await dialog.getByLabel(/^Ringkasan/).fill('Studi tiru ke Dinas Kesehatan Kudus dan pelatihan 12 petugas puskesmas.');
      },
      'Kirim laporan kemajuan',
      'Berjalan',
    );
    await stepOnRequest(
      demak,
      'Catat penerapan',
      async (dialog) => {
        await dialog.getByLabel(/^Tanggal penerapan/).fill('2023-06-05');
        await dialog.getByLabel(/^Nama inovasi di daerah Anda/).fill('Jemput Sehat Demak');
      },
      'Catat penerapan',
      'Diterapkan',
    );
    await stepOnRequest(
      demak,
      'Selesaikan dengan evaluasi manfaat',
      async (dialog) => {
        await dialog.getByLabel(/^Evaluasi manfaat/).fill('Waktu tunggu di puskesmas percontohan turun dari 3 jam menjadi 40 menit.');
      },
      'Selesaikan replikasi',
      'Selesai',
    );
    await expectAccessible(demak, 'cerita-replikasi-selesai');
    await shot(demak, 'cerita-replikasi-selesai');

    // The registry records Demak's own innovation from the completed replication, naming its origin.
    let demakInnovationId = '';
    await expectEventually(async () => {
      const found = await registry.request('GET', `/innovations?region=${DEMAK}`, { token: demakAdmin });
      demakInnovationId = found.body.items.find((i: { name: string }) => i.name === 'Jemput Sehat Demak')?.id;
      expect(demakInnovationId).toBeTruthy();
    }, 20_000, 200);
    await demak.goto(`${frontDoor.url}/katalog/${demakInnovationId}`);
    await demak.getByText('Inovasi ini adalah replikasi.').waitFor();
    await demak.getByRole('link', { name: 'Lihat inovasi asalnya' }).click();
    await demak.getByRole('heading', { name: JOS_PAKK, exact: true, level: 2 }).waitFor();
    expect(new URL(demak.url()).pathname).toBe(`/katalog/${joskPakkId}`);
    await done(demak);
  });

  it('Kudus sets up its KIPP 2022 from the preset, on its page, and opens the submission window', async () => {
    const page = await pageAs(PEOPLE.kudus.email);
    await page.goto(`${frontDoor.url}/kompetisi`);
    await page.getByRole('heading', { name: 'Kompetisi (KIPP)' }).waitFor();
    expect(await page.getByTestId('editions-empty').innerText()).toBe('Belum ada edisi kompetisi untuk filter ini.');
    await page.getByRole('link', { name: 'Buat edisi' }).click();
    await page.getByRole('heading', { name: 'Buat edisi kompetisi' }).waitFor();
    await page.getByLabel(/^Tahun/).fill('2022');
    await page.getByRole('button', { name: 'Isi jadwal KIPP 2022' }).click();
    expect(await page.getByLabel('Masa Pengajuan Proposal: mulai').inputValue()).toBe('2022-10-13');
    await page.getByLabel(/^Nama edisi/).fill('KIPP Kabupaten Kudus 2022');
    await page.getByLabel(/^Jumlah pemenang/).fill('4');
    await page.getByLabel('Tahap berganti otomatis sesuai jadwal').uncheck();
    // Kudus has a public objection window (sanggah) this year, after the scoring.
    await page.getByRole('checkbox', { name: 'Masa Sanggah' }).check();
    await page.getByLabel('Masa Sanggah: mulai').fill('2022-11-23');
    await page.getByLabel('Masa Sanggah: selesai').fill('2022-11-27');
    await expectAccessible(page, 'kompetisi-buat-edisi');
    await shot(page, 'kompetisi-buat-edisi');
    await page.getByRole('button', { name: 'Buat edisi' }).click();
    await page.getByRole('heading', { name: 'KIPP Kabupaten Kudus 2022' }).waitFor();
    kudusEditionId = page.url().split('/').pop()!;
    // The preset's weights, and the phases as a timeline from the guideline's dates.
    const criteria = await page.getByTestId('edition-criteria').locator('tbody tr').allInnerTexts();
    expect(criteria.map((r) => r.split('\t'))).toContainEqual(['Signifikansi', '30%']);
    expect(criteria).toHaveLength(7);
    expect(await page.getByTestId('edition-phases').innerText()).toContain('13 Oktober 2022 – 13 November 2022');
    await movePhase(page, 'Masa Pengajuan Proposal');
    await expectAccessible(page, 'kompetisi-edisi');
    await shot(page, 'kompetisi-edisi');
    await done(page);
  });

  it('Siti enters Jos Pakk with its proposal; the window is extended by seven days; the other OPDs enter theirs', async () => {
    const page = await pageAs(STAFF.email);
    await page.goto(`${frontDoor.url}/kompetisi/${kudusEditionId}`);
    await page.getByRole('link', { name: 'Kirim entri' }).click();
    await page.getByRole('heading', { name: 'Kirim entri ke KIPP Kabupaten Kudus 2022' }).waitFor();
    await choose(page, /^Inovasi/, JOS_PAKK);
    await page.getByLabel(/^Ringkasan/).fill('Petugas puskesmas datang ke desa dengan jadwal tetap, pendaftaran lewat WhatsApp.');
    await page.getByText('11 dari 200 kata').waitFor();
    await page.getByLabel(/^Signifikansi/).fill('Waktu tunggu turun dari 3 jam menjadi 20 menit; 9.000 warga terlayani setahun.');
    // What is typed survives a reload: the draft is kept on the device until sent.
    await page.reload();
    expect(await page.getByLabel(/^Signifikansi/).inputValue()).toContain('9.000 warga');
    await page.getByLabel(/^Latar belakang dan tujuan/).fill('Antrean panjang di puskesmas; warga desa jauh dari layanan.');
    await expectAccessible(page, 'kompetisi-kirim-entri');
    await shot(page, 'kompetisi-kirim-entri');
    // The nomination service learns of Jos Pakk from the registry's events.
    await expectEventually(async () => {
      await page.getByRole('button', { name: 'Kirim entri' }).click();
      await page.getByTestId('entry-state').waitFor({ timeout: 2_000 });
    }, 20_000, 500);
    expect(await page.getByTestId('entry-state').textContent()).toBe('Diajukan');
    entryIds.set(JOS_PAKK, page.url().split('/').pop()!);
    await done(page);

    // The OPDs ask for more time: Kudus extends the submission window by seven days, with the reason.
    const admin = await pageAs(PEOPLE.kudus.email);
    await admin.goto(`${frontDoor.url}/kompetisi/${kudusEditionId}`);
    await admin.getByRole('button', { name: 'Ubah jadwal' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Hari terakhir yang baru').fill('2022-11-20');
    await dialog.getByLabel(/^Alasan perubahan/).fill('Perpanjangan atas permintaan OPD (surat Bagian Organisasi).');
    expect(await dialog.getByTestId('schedule-changes').innerText()).toContain('Seleksi Administrasi: 21 November 2022 – 23 November 2022');
    await expectAccessible(admin, 'kompetisi-ubah-jadwal');
    await dialog.getByRole('button', { name: 'Simpan jadwal baru' }).click();
    await admin.getByTestId('edition-phases').getByText('13 Oktober 2022 – 20 November 2022', { exact: false }).waitFor();
    await done(admin);

    const registered = await registry.request('GET', `/innovations?region=${KUDUS}&limit=100`, { token: kudusAdmin });
    for (const [agency, name] of OTHER_ENTRANTS) {
      const innovationId = registered.body.items.find((i: { name: string }) => i.name === name).id;
      const staff = tokenFor({ sub: `staff-${agency}`, role: 'agency-staff', region: KUDUS, agency: agencyIds.get(agency)! });
      await expectEventually(async () => {
        const entered = await nomination.request('POST', `/editions/${kudusEditionId}/entries`, { token: staff, body: { innovationId, proposal: { summary: `Ringkasan ${name}` } } });
        expect(entered.status).toBe(201);
        entryIds.set(name, entered.body.id);
      }, 20_000, 200);
    }
  });

  it('the admin check returns one entry for correction, rejects one with a reason, one is withdrawn, the others admitted; three jurors are assigned', async () => {
    const page = await pageAs(PEOPLE.kudus.email);
    // Beranda says what waits: the six entries to check.
    await page.goto(frontDoor.url);
    await page.getByTestId('home-competitions').getByText('7 entri menunggu seleksi administrasi di').waitFor();
    await page.goto(`${frontDoor.url}/kompetisi/${kudusEditionId}`);
    await movePhase(page, 'Seleksi Administrasi');
    await page.getByTestId('entries-table').getByRole('link', { name: 'Sigap: izin usaha mikro dalam sehari' }).click();
    await page.getByRole('button', { name: 'Tidak loloskan' }).click();
    const dialog = page.getByRole('dialog');
    // A rejection without its reason is refused, and said so next to nothing lost.
    await dialog.getByRole('button', { name: 'Ya, tidak loloskan' }).click();
    await dialog.getByRole('alert').waitFor();
    await dialog.getByLabel(/^Alasan/).fill('Proposal tidak melampirkan SK penetapan inovator.');
    await expectAccessible(page, 'kompetisi-tolak-entri');
    await dialog.getByRole('button', { name: 'Ya, tidak loloskan' }).click();
    await page.getByTestId('entry-state').filter({ hasText: 'Tidak lolos administrasi' }).waitFor();
    expect(await page.getByRole('main').innerText()).toContain('Proposal tidak melampirkan SK penetapan inovator.');

    // The transport office withdraws its entry before the check reaches it (its admin does it for it).
    await page.goto(`${frontDoor.url}/kompetisi/entri/${entryIds.get('Parkir Cerdas Kudus')}`);
    await page.getByRole('button', { name: 'Tarik entri' }).click();
    await page.getByRole('dialog').getByLabel(/^Alasan/).fill('Inovasi diikutkan ke lomba lain tahun ini.');
    await page.getByRole('dialog').getByRole('button', { name: 'Ya, tarik entri' }).click();
    await page.getByTestId('entry-state').filter({ hasText: 'Ditarik' }).waitFor();
    expect(await page.getByRole('main').innerText()).toContain('Inovasi diikutkan ke lomba lain tahun ini.');

    // Jos Pakk goes back to its OPD for one correction, with a note and a deadline.
    await page.goto(`${frontDoor.url}/kompetisi/entri/${entryIds.get(JOS_PAKK)}`);
    await page.getByRole('button', { name: 'Kembalikan untuk perbaikan' }).click();
    const back = page.getByRole('dialog');
    await back.getByLabel(/^Yang perlu diperbaiki/).fill('Lampirkan data waktu tunggu sebelum dan sesudah inovasi.');
    await back.getByLabel(/^Batas waktu perbaikan/).fill('2022-11-15');
    await back.getByRole('button', { name: 'Kembalikan', exact: true }).click();
    await page.getByTestId('entry-state').filter({ hasText: 'Dikembalikan untuk perbaikan' }).waitFor();

    // Siti sees it on her Beranda, attaches the waiting-time data, corrects the proposal and sends it back before the deadline.
    const siti = await pageAs(STAFF.email);
    await siti.goto(`${frontDoor.url}/kompetisi/entri/${entryIds.get(JOS_PAKK)}`);
    await siti.getByRole('combobox', { name: 'Indikator' }).fill('data-waktu-tunggu');
    await siti.locator('input[type="file"]').setInputFiles({ name: 'Waktu tunggu 2019-2021.pdf', mimeType: 'application/pdf', buffer: PDF });
    await siti.getByRole('button', { name: 'Unggah', exact: true }).click();
    await siti.getByTestId('documents-table').getByText('Waktu tunggu 2019-2021.pdf').waitFor();
    await siti.goto(frontDoor.url);
    await siti.getByRole('link', { name: `Perbaiki entri ${JOS_PAKK}` }).click();
    await siti.getByRole('heading', { name: `Proposal ${JOS_PAKK}` }).waitFor();
    expect(await siti.getByRole('main').innerText()).toContain('Lampirkan data waktu tunggu sebelum dan sesudah inovasi. Batas perbaikan: 15 November 2022.');
    const significance = siti.getByLabel(/^Signifikansi/);
    await significance.fill(`${await significance.inputValue()} Sebelum: rata-rata 3 jam (2019); sesudah: 20 menit (2021).`);
    await expectAccessible(siti, 'kompetisi-perbaiki-proposal');
    await shot(siti, 'kompetisi-perbaiki-proposal');
    await siti.getByRole('button', { name: 'Kirim ulang ke seleksi' }).click();
    await siti.getByTestId('entry-state').filter({ hasText: /^Diajukan$/ }).waitFor();
    expect(await siti.getByRole('main').innerText()).toContain('Sebelum: rata-rata 3 jam (2019)');
    await done(siti);

    await page.reload();
    await page.getByRole('button', { name: 'Loloskan', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ya, loloskan', exact: true }).click();
    await page.getByTestId('entry-state').filter({ hasText: /^Lolos administrasi$/ }).waitFor();
    for (const name of Object.keys(MARKS).filter((n) => n !== JOS_PAKK)) {
      const admitted = await nomination.request('POST', `/entries/${entryIds.get(name)}/admission`, { token: kudusAdmin, body: { decision: 'admit' } });
      expect(admitted.status).toBe(200);
    }

    await page.goto(`${frontDoor.url}/kompetisi/${kudusEditionId}`);
    for (const juror of JURORS) {
      await choose(page, 'Akun juri', `${juror.name} (${juror.email})`);
      await page.getByRole('button', { name: 'Tugaskan sebagai juri' }).click();
      await page.getByTestId('jurors-list').getByText(juror.name).waitFor();
    }
    // The admin tries the jury as two panels (an even split: jurors dealt in turn, entries spread),
    // then keeps it whole: there are few enough entries for every juror to read them all.
    await page.getByRole('button', { name: 'Atur panel' }).click();
    await page.getByLabel('Jumlah panel').fill('2');
    await page.getByRole('button', { name: 'Bagi rata' }).click();
    expect(await page.getByRole('combobox', { name: `Panel untuk ${JURORS[1].name}` }).inputValue()).toBe('Panel B');
    await expectAccessible(page, 'kompetisi-atur-panel');
    await page.getByRole('button', { name: 'Simpan panel' }).click();
    const panels = page.getByTestId('panels-list');
    await panels.waitFor();
    const listed = await panels.innerText();
    const at = (text: string) => listed.indexOf(text);
    expect([at('Panel A'), at(`${JURORS[0].name}, ${JURORS[2].name}`), at('Panel B'), at(JURORS[1].name)].every((i, k, all) => i >= 0 && (k === 0 || i > all[k - 1]))).toBe(true);
    await shot(page, 'kompetisi-panel');
    await page.getByRole('button', { name: 'Bubarkan panel' }).click();
    await page.getByTestId('panels-none').waitFor();
    await movePhase(page, 'Penilaian');
    await done(page);
    // Each juror's next sign-in carries the edition, as the registry learns of the assignment.
    for (const id of jurorIds) {
      await expectEventually(async () => expect((await registry.request('GET', `/accounts/${id}`, { token: kudusAdmin })).body.editions).toEqual([kudusEditionId]), 20_000, 200);
    }
  });

  it('three jurors score on a phone: each criterion beside its section and weight, unsent marks kept', async () => {
    for (const [n, juror] of JURORS.entries()) {
      const page = await pageAs(juror.email, PHONE);
      // Beranda says what is left to score, and by when (the scoring moved with the extended window).
      await page.goto(frontDoor.url);
      await page.getByTestId('home-competitions').getByRole('listitem').first().waitFor();
      expect(await page.getByTestId('home-competitions').innerText()).toContain('5 entri belum selesai Anda nilai di KIPP Kabupaten Kudus 2022 (sampai 29 November 2022)');
      if (n === 0) await shot(page, 'beranda-juri-ponsel');
      await page.goto(`${frontDoor.url}/kompetisi`);
      if (n === 0) {
        await page.getByRole('link', { name: 'KIPP Kabupaten Kudus 2022' }).waitFor();
        await expectAccessible(page, 'kompetisi-juri-ponsel');
        await shot(page, 'kompetisi-juri-ponsel');
      }
      await page.getByRole('link', { name: 'KIPP Kabupaten Kudus 2022' }).click();
      await page.getByRole('heading', { name: 'KIPP Kabupaten Kudus 2022' }).waitFor();
      // The first juror scores every admitted entry here; the others score Jos Pakk here and the rest from their own pages (the API).
      const here = n === 0 ? Object.keys(MARKS) : [JOS_PAKK];
      for (const name of here) {
        await page.goto(`${frontDoor.url}/kompetisi/entri/${entryIds.get(name)}`);
        await page.getByRole('heading', { name: 'Lembar penilaian' }).waitFor();
        const inputs = page.getByRole('textbox', { name: /^Nilai / });
        expect(await inputs.count()).toBe(7);
        // The other jurors read the first one's comment beside the criterion.
        if (n > 0) await page.getByTestId('criterion-significance').getByTestId('jury-comments').getByText('Dr. Hartono (Undip): Waktu tunggu turun nyata; minta data dua puskesmas lain.').waitFor();
        for (const [i, mark] of MARKS[name]!.entries()) await inputs.nth(i).fill(String(mark).replace('.', ','));
        if (n === 0 && name === JOS_PAKK) {
          // Badges are set in capitals by CSS: the text itself is as written.
          expect(await page.getByTestId('criterion-significance').textContent()).toContain('Bobot 30%');
          expect(await page.getByTestId('criterion-significance').textContent()).toContain('9.000 warga');
          await page.getByLabel(/^Komentar untuk Signifikansi/).fill('Waktu tunggu turun nyata; minta data dua puskesmas lain.');
          // A reload loses nothing typed: the marks and comments are kept on the phone until sent.
          await page.reload();
          await page.getByRole('heading', { name: 'Lembar penilaian' }).waitFor();
          expect(await page.getByRole('textbox', { name: 'Nilai Signifikansi' }).inputValue()).toBe('95');
          expect(await page.getByLabel(/^Komentar untuk Signifikansi/).inputValue()).toBe('Waktu tunggu turun nyata; minta data dua puskesmas lain.');
          expect(await page.getByTestId('weighted-total').innerText()).toBe('Nilai tertimbang Anda: 91,45');
          expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
          await expectAccessible(page, 'kompetisi-penilaian-ponsel');
          await shot(page, 'kompetisi-penilaian-ponsel');
        }
        await page.getByRole('button', { name: 'Kirim nilai' }).click();
        await page.getByText('Nilai Anda tersimpan.', { exact: false }).waitFor();
      }
      if (n > 0) {
        const signedIn = await registry.request('POST', '/accounts/sign-in', { body: { email: juror.email, password: juror.password, refreshTokenIn: 'body' } });
        jurorTokens.push(signedIn.body.accessToken);
        for (const name of Object.keys(MARKS).filter((e) => e !== JOS_PAKK)) {
          const scores = CRITERIA.map((criterion, i) => ({ criterion, value: MARKS[name]![i]! }));
          const scored = await nomination.request('PUT', `/entries/${entryIds.get(name)}/scores`, { token: signedIn.body.accessToken, body: { scores } });
          expect(scored.status).toBe(200);
        }
      }
      await done(page);
    }
  });

  it('the ranking follows the scores; five finalists, an objection dismissed with a note, a presentation scored; the decision names four winners', async () => {
    const page = await pageAs(PEOPLE.kudus.email);
    await page.goto(`${frontDoor.url}/kompetisi/${kudusEditionId}`);
    const ranking = page.getByTestId('ranking-table');
    await ranking.waitFor();
    const rows = async () => (await ranking.locator('tbody tr').allInnerTexts()).map((r) => r.split('\t').slice(0, 2));
    expect((await rows()).slice(0, 2)).toEqual([
      ['1', JOS_PAKK],
      ['2', 'Sekolah Ramah Anak Terpadu'],
    ]);
    // Another region's admin sees the entries' states but no score before the decision.
    const demak = await pageAs(PEOPLE.demak.email);
    await demak.goto(`${frontDoor.url}/kompetisi/${kudusEditionId}`);
    await demak.getByTestId('entries-table').waitFor();
    expect(await demak.getByTestId('ranking-table').count()).toBe(0);
    expect(await demak.getByRole('columnheader', { name: 'Nilai' }).count()).toBe(0);
    // Nor the jury's comments, which the admin reads on the entry's page.
    await demak.goto(`${frontDoor.url}/kompetisi/entri/${entryIds.get(JOS_PAKK)}`);
    await demak.getByRole('heading', { name: 'Proposal' }).waitFor();
    expect(await demak.getByTestId('jury-comments').count()).toBe(0);
    await done(demak);
    await page.goto(`${frontDoor.url}/kompetisi/entri/${entryIds.get(JOS_PAKK)}`);
    await page.getByTestId('jury-comments').getByText('Dr. Hartono (Undip): Waktu tunggu turun nyata; minta data dua puskesmas lain.').waitFor();
    await page.goto(`${frontDoor.url}/kompetisi/${kudusEditionId}`);
    await ranking.waitFor();

    // The five scored entries become finalists; in the objection window Demak objects to one, and
    // Kudus dismisses it with a note; in the presentation a juror scores Jos Pakk's.
    await page.getByRole('button', { name: 'Tetapkan finalis' }).click();
    const naming = page.getByRole('dialog');
    expect(await naming.getByLabel('Jumlah finalis').inputValue()).toBe('5');
    await naming.getByRole('button', { name: 'Ya, tetapkan finalis' }).click();
    await expectEventually(async () => expect((await page.getByTestId('entries-table').locator('tbody tr').allTextContents()).filter((r) => r.includes('Finalis'))).toHaveLength(5), 10_000, 100);
    await movePhase(page, 'Masa Sanggah');
    const objector = await pageAs(PEOPLE.demak.email);
    await objector.goto(`${frontDoor.url}/kompetisi/entri/${entryIds.get('Kudus Satu Data')}`);
    await objector.getByRole('button', { name: 'Ajukan sanggahan' }).click();
    await objector.getByRole('dialog').getByLabel(/^Alasan sanggahan/).fill('Portal Kudus Satu Data tidak diperbarui sejak 2021.');
    await objector.getByRole('dialog').getByRole('button', { name: 'Ajukan sanggahan' }).click();
    await objector.getByRole('dialog').waitFor({ state: 'detached' });
    await done(objector);
    await page.reload();
    const objections = page.getByTestId('objections-list');
    await objections.getByText('Portal Kudus Satu Data tidak diperbarui sejak 2021.').waitFor();
    await objections.getByRole('button', { name: 'Tolak sanggahan' }).click();
    await page.getByRole('dialog').getByLabel(/^Catatan keputusan/).fill('Verifikasi: portal diperbarui setiap triwulan sejak 2022.');
    await page.getByRole('dialog').getByRole('button', { name: 'Tolak sanggahan' }).click();
    await objections.getByText('Ditolak: Verifikasi: portal diperbarui setiap triwulan sejak 2022.').waitFor();
    await expectAccessible(page, 'kompetisi-sanggahan');
    await shot(page, 'kompetisi-sanggahan');
    await movePhase(page, 'Presentasi dan Wawancara');
    const presenter = await pageAs(JURORS[0].email, PHONE);
    await presenter.goto(`${frontDoor.url}/kompetisi/entri/${entryIds.get(JOS_PAKK)}`);
    await presenter.getByRole('button', { name: 'Beri nilai presentasi' }).click();
    await presenter.getByRole('dialog').getByLabel(/^Nilai presentasi dan wawancara/).fill('88,5');
    await presenter.getByRole('dialog').getByRole('button', { name: 'Simpan nilai' }).click();
    await presenter.getByRole('dialog').waitFor({ state: 'detached' });
    await done(presenter);

    await movePhase(page, 'Penetapan Pemenang');
    await page.getByRole('button', { name: 'Tetapkan pemenang' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.innerText()).toContain(`1. ${JOS_PAKK}`);
    await dialog.getByRole('button', { name: 'Ya, tetapkan pemenang' }).click();
    await page.getByText(/^Ditetapkan /).waitFor();
    // Each entry's state, as written (the badges are set in capitals by CSS).
    await expectEventually(async () => {
      const states = await page.getByTestId('entries-table').locator('tbody tr').allTextContents();
      expect([states.filter((r) => r.includes('Pemenang')).length, states.filter((r) => r.includes('Tidak Terpilih')).length]).toEqual([4, 1]);
    }, 10_000, 100);
    await expectAccessible(page, 'kompetisi-keputusan');
    await shot(page, 'kompetisi-keputusan');
    // The editions by level and year, as the address says, at both sizes.
    for (const [size, viewport] of [['desktop', DESKTOP], ['ponsel', PHONE]] as const) {
      await page.setViewportSize(viewport);
      await page.goto(`${frontDoor.url}/kompetisi?tingkat=regency&tahun=2022`);
      const row = page.getByTestId('editions-table').locator('tbody tr');
      await row.first().waitFor();
      expect((await row.allTextContents()).map((r) => r.includes('KIPP Kabupaten Kudus 2022'))).toEqual([true]);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
      await expectAccessible(page, `kompetisi-${size}`);
      await shot(page, `kompetisi-${size}`);
    }
    await page.goto(`${frontDoor.url}/kompetisi?tingkat=national`);
    expect(await page.getByTestId('editions-empty').innerText()).toBe('Belum ada edisi kompetisi untuk filter ini.');
    await done(page);
  });

  it('Central Java sets up its 2022 edition with three places per regency; Kudus forwards three winners and the fourth is refused by the quota shown', async () => {
    const jateng = await pageAs(PEOPLE.jateng.email);
    await jateng.goto(`${frontDoor.url}/kompetisi/baru`);
    await jateng.getByRole('heading', { name: 'Buat edisi kompetisi' }).waitFor();
    await jateng.getByLabel(/^Tahun/).fill('2022');
    await jateng.getByRole('button', { name: 'Isi jadwal KIPP 2022' }).click();
    await jateng.getByLabel(/^Nama edisi/).fill('KIPP Provinsi Jawa Tengah 2022');
    await jateng.getByLabel(/^Jumlah pemenang/).fill('1');
    await jateng.getByLabel(/^Kuota nominasi per daerah asal/).fill('3');
    await jateng.getByLabel('Tahap berganti otomatis sesuai jadwal').uncheck();
    await jateng.getByRole('button', { name: 'Buat edisi' }).click();
    await jateng.getByRole('heading', { name: 'KIPP Provinsi Jawa Tengah 2022' }).waitFor();
    jatengEditionId = jateng.url().split('/').pop()!;
    await movePhase(jateng, 'Masa Pengajuan Proposal');
    await done(jateng);

    const page = await pageAs(PEOPLE.kudus.email);
    const winners = [JOS_PAKK, 'Sekolah Ramah Anak Terpadu', 'Petani Milenial Kudus'];
    for (const [i, name] of winners.entries()) {
      await page.goto(`${frontDoor.url}/kompetisi/entri/${entryIds.get(name)}`);
      await page.getByRole('button', { name: 'Teruskan ke tingkat berikutnya' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByTestId('quota-left').filter({ hasText: `Sisa kuota daerah Anda: ${3 - i} dari 3.` }).waitFor();
      if (i === 0) await expectAccessible(page, 'kompetisi-teruskan');
      await dialog.getByRole('button', { name: 'Teruskan', exact: true }).click();
      await page.getByRole('main').getByText('KIPP Provinsi Jawa Tengah 2022 · Diajukan').waitFor();
    }
    await page.goto(`${frontDoor.url}/kompetisi/entri/${entryIds.get('Jaga Lansia')}`);
    await page.getByRole('button', { name: 'Teruskan ke tingkat berikutnya' }).click();
    const dialog = page.getByRole('dialog');
    const quota = dialog.getByTestId('quota-left');
    await quota.filter({ hasText: 'sudah habis' }).waitFor();
    expect(await quota.innerText()).toBe('Kuota Kabupaten Kudus untuk edisi ini sudah habis (3 dari 3 terpakai). Entri ini tidak dapat diteruskan.');
    expect(await dialog.getByRole('button', { name: 'Teruskan', exact: true }).isDisabled()).toBe(true);
    await shot(page, 'kompetisi-kuota-habis');
    // The service refuses it the same way when asked directly.
    const refused = await nomination.request('POST', `/entries/${entryIds.get('Jaga Lansia')}/forward`, { token: kudusAdmin, body: { targetEditionId: jatengEditionId } });
    expect([refused.status, refused.body.code]).toEqual([409, 'nomination.quota-reached']);
    await done(page);
  });

  it('Central Java checks, scores and decides; it forwards its winner to the national edition and records its result', async () => {
    const entries = (await nomination.request('GET', `/editions/${jatengEditionId}/entries`, { token: jatengAdmin })).body as { id: string; innovationName: string }[];
    expect(entries).toHaveLength(3);
    const phase = (to: string) => nomination.request('POST', `/editions/${jatengEditionId}/phase`, { token: jatengAdmin, body: { phase: to } });
    expect((await phase('administrative-check')).status).toBe(200);
    for (const e of entries) expect((await nomination.request('POST', `/entries/${e.id}/admission`, { token: jatengAdmin, body: { decision: 'admit' } })).status).toBe(200);
    expect((await nomination.request('POST', `/editions/${jatengEditionId}/jurors`, { token: jatengAdmin, body: { jurorId: jurorIds[0], name: JURORS[0].name } })).status).toBe(201);
    expect((await phase('scoring')).status).toBe(200);
    const juror = tokenFor({ sub: jurorIds[0]!, role: 'juror', editions: [jatengEditionId] } as never);
    for (const e of entries) {
      const scores = CRITERIA.map((criterion, i) => ({ criterion, value: MARKS[e.innovationName]![i]! }));
      expect((await nomination.request('PUT', `/entries/${e.id}/scores`, { token: juror, body: { scores } })).status).toBe(200);
    }
    expect((await phase('decision')).status).toBe(200);
    const created = await nomination.request('POST', '/editions', {
      token: national,
      body: {
        level: 'national',
        year: 2023,
        name: 'KIPP Nasional 2023',
        schedule: NATIONAL_2023,
        criteriaPreset: 'kipp-2023',
        autoAdvance: false,
        categories: [{ code: 'umum', quota: 10 }, { code: 'replikasi', quota: 5 }],
      },
    });
    nationalEditionId = created.body.id;
    expect((await nomination.request('POST', `/editions/${nationalEditionId}/phase`, { token: national, body: { phase: 'submission' } })).status).toBe(200);

    const page = await pageAs(PEOPLE.jateng.email);
    await page.goto(`${frontDoor.url}/kompetisi/${jatengEditionId}`);
    await page.getByRole('button', { name: 'Tetapkan pemenang' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ya, tetapkan pemenang' }).click();
    await page.getByText(/^Ditetapkan /).waitFor();
    await page.getByTestId('entries-table').getByRole('link', { name: JOS_PAKK }).click();
    await page.getByTestId('entry-state').filter({ hasText: 'Pemenang' }).waitFor();
    await page.getByRole('button', { name: 'Teruskan ke tingkat berikutnya' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('quota-left').filter({ hasText: 'tidak membatasi' }).waitFor();
    // The national edition has categories (kelompok): the entry goes into one, chosen here.
    expect(await dialog.getByRole('button', { name: 'Teruskan', exact: true }).isDisabled()).toBe(true);
    await choose(page, /^Kategori \(kelompok\)/, 'Umum');
    await dialog.getByRole('button', { name: 'Teruskan', exact: true }).click();
    await page.getByRole('main').getByRole('link', { name: 'KIPP Nasional 2023 · Diajukan' }).click();
    await page.getByRole('button', { name: 'Catat hasil nasional' }).click();
    await choose(page, /^Hasil nasional/, 'Top 45');
    await page.getByRole('dialog').getByRole('button', { name: 'Catat hasil' }).click();
    await page.getByTestId('entry-state').filter({ hasText: 'Top 45' }).waitFor();
    expect(await page.getByRole('main').innerText()).toMatch(/Kategori \(kelompok\)\s+Umum/);
    await expectAccessible(page, 'kompetisi-hasil-nasional');
    await shot(page, 'kompetisi-hasil-nasional');
    await done(page);
  });

  it('Central Java tracks 2022: Kudus row, the funnel, and the lineage of Jos Pakk up to its national result', async () => {
    const page = await pageAs(PEOPLE.jateng.email);
    await page.goto(`${frontDoor.url}/pelacakan?provinsi=33&tahun=2022`);
    const table = page.getByTestId('tracking-table');
    await table.waitFor();
    const kudus = await table.locator('tbody tr').filter({ hasText: 'Kabupaten Kudus' }).locator('td').allInnerTexts();
    expect(kudus).toEqual(['Kabupaten Kudus', '7', '5', '4', '3', '1 pemenang dari 3', 'Top 45: 1']);
    await page.getByRole('button', { name: 'Kabupaten Kudus' }).click();
    await page.getByRole('link', { name: JOS_PAKK }).click();
    await page.getByRole('heading', { name: `Jejak nominasi: ${JOS_PAKK}` }).waitFor();
    const lineage = await page.getByTestId('lineage').innerText();
    expect(lineage).toContain('Kabupaten/Kota · KIPP Kabupaten Kudus 2022');
    expect(lineage).toContain('Provinsi · KIPP Provinsi Jawa Tengah 2022');
    expect(lineage).toContain('Nasional · KIPP Nasional 2023');
    await expectAccessible(page, 'cerita-jejak');
    await shot(page, 'cerita-jejak');
    await done(page);
  });

  it('compliance for 2022 shows Kudus and Demak', async () => {
    // The story's innovations are of 2022; the registry stamps a registration with the year it is
    // made (only an import may set a past year), so the test sets it as an import would.
    await registry.app.get(DataSource).query(`UPDATE "registry"."innovation" SET year_registered = 2022`);
    const page = await pageAs(PEOPLE.jateng.email);
    await page.goto(`${frontDoor.url}/kepatuhan?year=2022`);
    await page.getByRole('heading', { name: 'Kepatuhan Satu OPD Satu Inovasi' }).waitFor();
    // Kudus: seven OPDs with an innovation each, the health office with two; Demak's office with its replication.
    expect(await page.getByTestId(`compliance-row-${KUDUS}`).innerText()).toMatch(/Kudus[\s\S]*7 dari 7[\s\S]*100%/);
    expect(await page.getByTestId(`compliance-row-${DEMAK}`).innerText()).toMatch(/Demak[\s\S]*1 dari 1[\s\S]*100%/);
    await done(page);
  });
});
