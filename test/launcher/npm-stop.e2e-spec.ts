import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tokenFor } from '@lumbung/testing';
import { LAUNCHABLE_SERVICES } from '../../apps/launcher/src/launchable-services.js';
import { READY_LINE } from '../../apps/launcher/src/ready-banner.js';

/**
 * Stopping `npm start` the ways people do, after something was written: Ctrl+C in a terminal (SIGINT
 * to the whole foreground process group: npm, node and anything they spawned) and SIGTERM to the npm
 * process (a supervisor, `kill <pid>`). Each must end the whole system on its own and leave no
 * process, no temporary Redis folder and no lock or pid file behind. The launcher spawns its own
 * redis-server here (LUMBUNG_SPAWN_REDIS=1), the case that used to hang.
 */
const ROOT = resolve('.');
const BUILT_MAIN = join(ROOT, 'dist/apps/registry/src/main.js');
const START_TIMEOUT_MS = 180_000;

interface Started {
  npm: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  workDir: string;
}

function processesOfGroup(pgid: number): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => Number(f[1]) === pgid)
    .map((f) => `${f[0]} ${f.slice(2).join(' ')}`);
}

function redisServersOn(port: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => /redis-server/.test(l) && l.includes(`:${port}`));
}

async function startNpm(): Promise<Started> {
  const workDir = mkdtempSync(join(tmpdir(), 'lumbung-stop-'));
  mkdirSync(join(workDir, 'tmp'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'JEST_WORKER_ID', 'NODE_OPTIONS', 'PORT', 'EVENT_SUBSCRIBERS', 'QUEUE_PREFIX']) delete env[name];
  Object.assign(env, {
    LUMBUNG_DATA_DIR: join(workDir, 'pglite'),
    // The spawned Redis makes its folder here: empty again after the stop, or something was left.
    TMPDIR: join(workDir, 'tmp'),
    LUMBUNG_SPAWN_REDIS: '1',
    FRONT_DOOR_PORT: '0',
    ...Object.fromEntries(LAUNCHABLE_SERVICES.map((s) => [s.portVariable, '0'])),
    // The launcher's own default level (warn), so a warning at start would show.
    RELAY_POLL_MS: '100',
  });
  // Its own process group, as a terminal gives the foreground job one.
  const npm = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  npm.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  npm.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => npm.once('exit', (code, signal) => done({ code, signal })));
  let exit: unknown;
  void exited.then((e) => (exit = e));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!output.includes(READY_LINE)) {
    if (exit) throw new Error(`npm start exited before it was ready:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start was not ready within ${START_TIMEOUT_MS} ms:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { npm, output: () => output, exited, workDir };
}

describe.each([
  ['Ctrl+C: SIGINT to the whole process group', (s: Started) => process.kill(-s.npm.pid!, 'SIGINT')],
  ['SIGTERM to the npm process', (s: Started) => process.kill(s.npm.pid!, 'SIGTERM')],
])('npm start, stopped by %s after writes', (_how, sendStop) => {
  let started: Started;
  let builtBefore: number;

  beforeAll(async () => {
    if (!existsSync(BUILT_MAIN)) throw new Error('run `npm run build` before this test (npm test does it first)');
    builtBefore = statSync(BUILT_MAIN).mtimeMs;
    started = await startNpm();
  }, START_TIMEOUT_MS + 10_000);

  afterAll(() => {
    // Only if the test failed half-way: never leave a system running.
    if (started?.npm.pid) {
      try {
        process.kill(-started.npm.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    if (started) rmSync(started.workDir, { recursive: true, force: true });
  });

  it('skipped compiling an unchanged checkout (incremental build), then took writes through the front door', async () => {
    expect(statSync(BUILT_MAIN).mtimeMs).toBe(builtBefore);
    // A clean start prints no warnings (TypeORM's "data source … already registered" did, twice).
    expect(started.output()).not.toMatch(/already registered|warn/i);
    const door = /front door\s+(http:\/\/\S+)/.exec(started.output())![1];
    const res = await fetch(`${door}/api/registry/agencies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenFor({ sub: 'stop-test', role: 'national-admin' })}`, 'content-type': 'application/json' },
      body: JSON.stringify({ regionCode: '33.19', name: `Dinas Uji Berhenti ${process.pid}` }),
    });
    expect(res.status).toBe(201);
  });

  it('ends the whole system within the grace period and leaves nothing behind', async () => {
    const pgid = started.npm.pid!;
    const redisPort = /redis\s+redis:\/\/127\.0\.0\.1:(\d+)/.exec(started.output())![1];
    expect(redisServersOn(redisPort)).toHaveLength(1);
    expect(processesOfGroup(pgid).length).toBeGreaterThanOrEqual(2);

    sendStop(started);
    await started.exited;
    // Give the group's last process a moment to be reaped before looking (not a timing assertion:
    // nothing in the group is expected at all).
    let left = processesOfGroup(pgid);
    for (let i = 0; i < 50 && left.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = processesOfGroup(pgid);
    }
    expect({ left, redis: redisServersOn(redisPort) }).toEqual({ left: [], redis: [] });
    expect(started.output()).toContain('[lumbung] stopped');
    expect(started.output()).not.toMatch(/killing what is left|ECONNREFUSED/);
    expect(readdirSync(join(started.workDir, 'tmp')).filter((f) => f.startsWith('lumbung-redis-'))).toEqual([]);
    expect(existsSync(join(started.workDir, 'pglite.lock'))).toBe(false);
    expect(existsSync(join(started.workDir, 'pglite', 'postmaster.pid'))).toBe(false);
  }, 60_000);
});
