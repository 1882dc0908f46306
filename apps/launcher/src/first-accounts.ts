import { AccountsService } from '../../registry/src/accounts/accounts.service.js';
import type { LaunchedSystem } from './system.launcher.js';

/** The first national admin's sign-in name on a new database. */
export const FIRST_ADMIN_EMAIL = 'admin@lumbung.local';

/** One password for every demo account: the demo is for looking around, on a machine of one's own. */
export const DEMO_PASSWORD = 'demo-lumbung-2022';

const accountsOf = (system: LaunchedSystem) => system.services.find((s) => s.name === 'registry')!.app.get(AccountsService);

/**
 * On a database without accounts, the first national admin, with a one-time password printed once
 * and replaced at the first sign-in; from there every other account is handed out in the console.
 */
export async function firstAdminLines(system: LaunchedSystem): Promise<string[]> {
  const first = await accountsOf(system).bootstrap(FIRST_ADMIN_EMAIL);
  if (!first) return [];
  return [
    '  First sign-in (national admin), shown only this once; the password must be changed at sign-in:',
    `    e-mail    ${first.account.email}`,
    `    password  ${first.oneTimePassword}   (valid until ${first.expiresAt.toISOString().slice(0, 10)})`,
  ];
}

interface DemoAccount {
  name: string;
  email: string;
  role: 'region-admin' | 'agency-staff' | 'province-admin' | 'juror';
  region?: string;
  province?: string;
  /** The name of a demo agency of `region`, for agency staff. */
  agencyName?: string;
}

/** The people of the README's story: Kudus and Demak admins, a Kudus OPD, Central Java, three jurors of Kudus's. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { name: 'Admin Bagian Organisasi Kudus', email: 'admin.kudus@demo.lumbung.local', role: 'region-admin', region: '33.19' },
  { name: 'Staf Dinas Kesehatan Kudus', email: 'dinkes.kudus@demo.lumbung.local', role: 'agency-staff', region: '33.19', agencyName: 'Dinas Kesehatan' },
  { name: 'Admin Bagian Organisasi Demak', email: 'admin.demak@demo.lumbung.local', role: 'region-admin', region: '33.21' },
  { name: 'Biro Organisasi Jawa Tengah', email: 'admin.jateng@demo.lumbung.local', role: 'province-admin', province: '33' },
  { name: 'Juri Akademisi', email: 'juri1@demo.lumbung.local', role: 'juror', region: '33.19' },
  { name: 'Juri Jurnalis', email: 'juri2@demo.lumbung.local', role: 'juror', region: '33.19' },
  { name: 'Juri Praktisi', email: 'juri3@demo.lumbung.local', role: 'juror', region: '33.19' },
];

/** Makes the demo accounts (once) and says how to sign in with them. */
export async function demoAccountLines(system: LaunchedSystem, agencyIdOf: (region: string, name: string) => Promise<string | undefined>): Promise<string[]> {
  const accounts = accountsOf(system);
  const lines = [`  Demo accounts (password ${DEMO_PASSWORD} for each):`];
  for (const a of DEMO_ACCOUNTS) {
    const agency = a.agencyName ? await agencyIdOf(a.region!, a.agencyName) : undefined;
    if (a.agencyName && !agency) continue;
    await accounts.ensureDemoAccount({ name: a.name, email: a.email, role: a.role, region: a.region, province: a.province, agency }, DEMO_PASSWORD);
    lines.push(`    ${a.role.padEnd(15)} ${a.email.padEnd(34)} ${a.name}`);
  }
  return lines;
}
