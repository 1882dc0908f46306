import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startService, tokenFor, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';

/** `npm run token`'s arguments, as the built CLI reads them (what `npm run -s token -- …` runs). */
const CLI = resolve('dist/libs/platform/src/auth/token.cli.js');

describe('npm run token', () => {
  let registry: RunningService;
  let kudusAgency: string;

  // Asynchronous: the CLI asks the registry, which answers from this very process.
  const token = (args: string[]) =>
    new Promise<{ status: number | null; out: string; err: string }>((done) => {
      const child = spawn(process.execPath, ['--import', 'reflect-metadata', CLI, ...args], { env: { PATH: process.env.PATH ?? '', REGISTRY_URL: registry.baseUrl } });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('close', (status) => done({ status, out: out.trim(), err: err.trim() }));
    });
  const subOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()).sub as string;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
    registry = await startService(createRegistryApp);
    const made = await registry.request('POST', '/agencies', { token: tokenFor({ sub: 'setup', role: 'national-admin' }), body: { regionCode: '33.19', name: 'Dinas Uji Token' } });
    expect(made.status).toBe(201);
    kudusAgency = made.body.id;
  });
  afterAll(() => registry?.close());

  it('prints its usage for --help, not a stack trace', async () => {
    const help = await token(['--help']);
    expect(help.status).toBe(0);
    expect(help.out).toMatch(/^usage: npm run -s token -- --role <role>/);
    expect(help.out).toMatch(/--agency/);
    expect(help.err).toBe('');
  });

  it.each([
    [['--rol', 'region-admin'], /Unknown option '--rol'/],
    [['--role', 'regent'], /unknown role "regent"/],
    [['--role', 'region-admin', '--region', '33.99'], /unknown region "33\.99"/],
    [['--role', 'province-admin', '--province', '99'], /unknown province "99"/],
    [['--role', 'region-admin'], /needs a regency\/city "region" claim/],
    [['--role', 'national-admin', '--ttl', 'soon'], /--ttl must be/],
  ])('refuses %j with a reason and the usage, without a stack trace', async (args, reason) => {
    const r = await token(args);
    expect({ status: r.status, out: r.out }).toEqual({ status: 2, out: '' });
    expect(r.err).toMatch(reason);
    expect(r.err).toMatch(/usage:/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('refuses an agency the registry does not know, or one of another region', async () => {
    const unknown = await token(['--role', 'agency-staff', '--region', '33.19', '--agency', randomUUID()]);
    expect(unknown.status).toBe(2);
    expect(unknown.err).toMatch(/unknown agency/);
    const elsewhere = await token(['--role', 'agency-staff', '--region', '33.21', '--agency', kudusAgency]);
    expect(elsewhere.status).toBe(2);
    expect(elsewhere.err).toMatch(/is in region 33\.19, not 33\.21/);
    const known = await token(['--role', 'agency-staff', '--region', '33.19', '--agency', kudusAgency]);
    expect(known.status).toBe(0);
  });

  it('gives each role and scope a subject of its own', async () => {
    const scopes = [
      ['--role', 'region-admin', '--region', '33.19'],
      ['--role', 'region-admin', '--region', '33.21'],
      ['--role', 'province-admin', '--province', '33'],
      ['--role', 'national-admin'],
      ['--role', 'juror', '--editions', 'kipp-2025'],
      ['--role', 'agency-staff', '--region', '33.19', '--agency', kudusAgency],
    ];
    const subs: string[] = [];
    for (const args of scopes) {
      const r = await token(args);
      expect({ args, status: r.status, err: r.err }).toEqual({ args, status: 0, err: '' });
      subs.push(subOf(r.out));
    }
    expect(new Set(subs).size).toBe(subs.length);
    expect(subs.slice(0, 2)).toEqual(['dev-region-admin-33.19', 'dev-region-admin-33.21']);
    expect(subOf((await token(['--role', 'national-admin', '--sub', 'ops-anna'])).out)).toBe('ops-anna');
  });
});
