import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestRedis, EventCollector, expectEventually, type TestRedis } from '@lumbung/testing';
import { LAUNCHABLE_SERVICES } from '../../apps/launcher/src/launchable-services.js';
import { READY_LINE } from '../../apps/launcher/src/ready-banner.js';

/**
 * `npm start` as a newcomer runs it: the built launcher, no DATABASE_URL (so the embedded PGlite
 * in a data directory of its own), the machine's Redis under a key prefix of this run, and an
 * outside subscriber configured by EVENT_SUBSCRIBERS that must receive the registry's events.
 */
const LAUNCHER = resolve('dist/apps/launcher/src/main.js');
const START_TIMEOUT_MS = 120_000;

interface Launched {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function launch(env: Record<string, string>): Launched {
  const inherited = { ...process.env };
  // The launcher must pick its own database and Redis, and run as outside Jest.
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'JEST_WORKER_ID', 'NODE_OPTIONS', 'PORT', 'EVENT_SUBSCRIBERS', 'QUEUE_PREFIX']) delete inherited[name];
  const child = spawn(process.execPath, [LAUNCHER], { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  return { child, output: () => output, exited };
}

async function waitForReady(launched: Launched): Promise<void> {
  let exit: { code: number | null } | undefined;
  void launched.exited.then((e) => (exit = e));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!launched.output().includes(READY_LINE)) {
    if (exit) throw new Error(`the launcher exited with code ${exit.code} before it was ready:\n${launched.output()}`);
    if (Date.now() > deadline) throw new Error(`the launcher was not ready within ${START_TIMEOUT_MS} ms:\n${launched.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm start on the embedded default', () => {
  let workDir: string;
  let redis: TestRedis;
  let collector: EventCollector;
  let launched: Launched;
  let registryUrl: string;
  let token: string;

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(registryUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    if (!existsSync(LAUNCHER)) {
      throw new Error(`${LAUNCHER} is missing: run \`npm run build\` before this test (npm test does it first)`);
    }
    workDir = mkdtempSync(join(tmpdir(), 'lumbung-smoke-'));
    redis = createTestRedis();
    collector = new EventCollector('smoke-events', redis.url, redis.prefix);
    launched = launch({
      LUMBUNG_DATA_DIR: join(workDir, 'pglite'),
      ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
      QUEUE_PREFIX: redis.prefix,
      // Every service on a free port: the defaults (3001…) may be taken by a system already running.
      ...Object.fromEntries(LAUNCHABLE_SERVICES.map((s) => [s.portVariable, '0'])),
      FRONT_DOOR_PORT: '0',
      EVENT_SUBSCRIBERS: 'smoke:innovation.*',
      RELAY_POLL_MS: '100',
      LOG_LEVEL: 'error',
    });
    await waitForReady(launched);
    registryUrl = /registry\s+(http:\/\/\S+)/.exec(launched.output())![1];
    // The first sign-in the banner prints, as a person would use it, through the front door: the
    // one-time password, then one's own; the browser's refresh cookie then works there too.
    const door = /front door\s+(http:\/\/\S+)/.exec(launched.output())![1];
    const email = /^\s+e-mail\s+(\S+)$/m.exec(launched.output())![1];
    const password = /^\s+password\s+(\S+)\s+\(valid/m.exec(launched.output())![1];
    const signIn = (body: object) => fetch(`${door}/api/accounts/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password, ...body }) });
    expect((await signIn({})).status).toBe(403);
    const session = await signIn({ newPassword: 'Kretek dan jenang dari Kudus' });
    expect(session.status).toBe(200);
    const cookie = session.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^lumbung_refresh=[\w-]+; Path=\/api\/accounts;.*HttpOnly; SameSite=Strict/);
    const refreshed = await fetch(`${door}/api/accounts/refresh`, { method: 'POST', headers: { cookie: cookie.split(';')[0] } });
    expect(refreshed.status).toBe(200);
    token = ((await refreshed.json()) as { accessToken: string }).accessToken;
  }, START_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    if (launched && launched.child.exitCode === null && launched.child.signalCode === null) {
      launched.child.kill('SIGKILL');
      await launched.exited;
    }
    await collector?.close();
    await redis?.cleanup();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('prints where every service listens, on the embedded database, with a first sign-in that works', async () => {
    expect(launched.output()).toMatch(/database\s+embedded PostgreSQL \(PGlite\)/);
    expect(launched.output()).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(launched.output()).toContain(`${registryUrl}/docs`);
    for (const service of LAUNCHABLE_SERVICES) {
      const url = new RegExp(`${service.name}\\s+(http://\\S+)`).exec(launched.output())?.[1];
      expect({ service: service.name, ready: url && (await fetch(`${url}/health/ready`)).status }).toEqual({ service: service.name, ready: 200 });
    }

    const ready = await fetch(`${registryUrl}/health/ready`);
    const health = (await ready.json()) as { error: Record<string, unknown>; info: Record<string, unknown> };
    expect(health.error).toEqual({});
    expect(ready.status).toBe(200);
    expect(Object.keys(health.info)).toEqual(expect.arrayContaining(['database', 'redis', 'worker']));

    const door = /front door\s+(http:\/\/\S+)/.exec(launched.output())![1];
    expect((await fetch(`${door}/.well-known/jwks.json`)).status).toBe(200);
    const viaDoor = await fetch(`${door}/api/registry/regions?parent=33`, { headers: { authorization: `Bearer ${token}` } });
    expect(viaDoor.status).toBe(200);

    const regions = await call('GET', '/regions?parent=33');
    expect(regions.status).toBe(200);
    expect(regions.body).toEqual(expect.arrayContaining([expect.objectContaining({ code: '33.19', name: 'Kabupaten Kudus' })]));
  });

  it('takes a registration over HTTP and delivers innovation.registered to an outside subscriber', async () => {
    const agency = await call('POST', '/agencies', { regionCode: '33.19', name: 'Dinas Kesehatan' });
    expect({ status: agency.status, body: agency.status === 201 ? 'created' : agency.body }).toEqual({ status: 201, body: 'created' });

    const innovation = await call('POST', '/innovations', {
      regionCode: '33.19',
      agencyId: agency.body.id,
      name: 'SI CENTING: Sistem Informasi Cegah Stunting',
      typeCode: 'teknologi',
      stage: 'penerapan',
      initiator: 'opd',
      digital: true,
      form: 'pelayanan-publik',
      governmentAffair: 'kesehatan',
      trialStartedOn: '2022-08-01',
      implementedOn: '2023-01-16',
      yearRegistered: 2024,
    });
    // On failure, show what the launcher logged: an embedded-engine problem shows up there first.
    expect({ status: innovation.status, body: innovation.status === 201 ? 'created' : [innovation.body, launched.output().slice(-4000)] }).toEqual({
      status: 201,
      body: 'created',
    });

    const [event] = await expectEventually(() => {
      const events = collector.ofType('innovation.registered');
      expect(events).toHaveLength(1);
      return events;
    }, 30_000);
    expect(event).toMatchObject({ type: 'innovation.registered', producer: 'registry', aggregateId: innovation.body.id });
    expect(event.payload).toMatchObject({ innovation: { name: 'SI CENTING: Sistem Informasi Cegah Stunting', regionCode: '33.19' } });
  }, 45_000);

  it('stops on SIGTERM: services, then Redis and the database, and exits 0', async () => {
    launched.child.kill('SIGTERM');
    const exit = await launched.exited;
    expect({ ...exit, output: exit.code === 0 ? '' : launched.output() }).toEqual({ code: 0, signal: null, output: '' });
    expect(launched.output()).toContain('stopped');
    // The data directory's lock is released, so the next npm start may open it.
    expect(existsSync(join(workDir, 'pglite.lock'))).toBe(false);
  }, 30_000);
});
