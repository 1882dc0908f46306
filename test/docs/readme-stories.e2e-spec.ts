import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestRedis, type TestRedis } from '@lumbung/testing';
import { LAUNCHABLE_SERVICES } from '../../apps/launcher/src/launchable-services.js';
import { READY_LINE } from '../../apps/launcher/src/ready-banner.js';

/**
 * The README's shell walkthroughs, extracted and run verbatim (every fenced block that is a
 * `bash -euo pipefail <<'STORY'` script) against `npm start -- --demo`, each twice: on the fresh
 * demo, and again afterwards, as a reader who follows the README a second time would. The only
 * difference from a reader's terminal: the services' URLs, given through REG, REP and NOM because
 * this system listens on free ports.
 */
const ROOT = resolve('.');
const LAUNCHER = join(ROOT, 'dist/apps/launcher/src/main.js');
const START_TIMEOUT_MS = 240_000;

export function readmeStories(markdown: string): { title: string; script: string }[] {
  const blocks = [...markdown.matchAll(/^```(?:bash|sh)\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  return blocks
    .filter((b) => b.startsWith("bash -euo pipefail <<'STORY'\n"))
    .map((script) => ({ title: /^# (.*)$/m.exec(script)?.[1] ?? script.split('\n')[1], script }));
}

function run(script: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn('bash', ['-c', script], { cwd: ROOT, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (status) => done({ status, out, err }));
  });
}

describe('the README walkthroughs', () => {
  const stories = readmeStories(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  let workDir: string;
  let redis: TestRedis;
  let launcher: ChildProcess;
  let output = '';
  let env: NodeJS.ProcessEnv;

  it('are found in the README: the registry, replication and nomination stories', () => {
    expect(stories.length).toBe(3);
    for (const s of stories) expect(s.script.trimEnd().endsWith('STORY')).toBe(true);
  });

  beforeAll(async () => {
    if (!existsSync(LAUNCHER)) throw new Error(`${LAUNCHER} is missing: run \`npm run build\` first`);
    workDir = mkdtempSync(join(tmpdir(), 'lumbung-stories-'));
    redis = createTestRedis();
    const inherited: NodeJS.ProcessEnv = { ...process.env };
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'JEST_WORKER_ID', 'NODE_OPTIONS', 'PORT', 'EVENT_SUBSCRIBERS', 'QUEUE_PREFIX']) delete inherited[name];
    launcher = spawn(process.execPath, [LAUNCHER, '--demo'], {
      cwd: ROOT,
      env: {
        ...inherited,
        LUMBUNG_DATA_DIR: join(workDir, 'pglite'),
        QUEUE_PREFIX: redis.prefix,
        ...Object.fromEntries(LAUNCHABLE_SERVICES.map((s) => [s.portVariable, '0'])),
        FRONT_DOOR_PORT: '0',
        RELAY_POLL_MS: '100',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    launcher.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(output.includes(READY_LINE) && /demo data: \d+ agencies|demo data could not be loaded/.test(output))) {
      if (launcher.exitCode !== null) throw new Error(`the launcher exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`not ready with the demo within ${START_TIMEOUT_MS} ms:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(output).not.toMatch(/demo data could not be loaded/);
    const url = (name: string) => new RegExp(`${name}\\s+(http://\\S+)`).exec(output)![1];
    env = { ...process.env, REG: url('registry'), REP: url('replication'), NOM: url('nomination'), REGISTRY_URL: url('registry') };
    delete env.NODE_OPTIONS;
    delete env.JEST_WORKER_ID;
  }, START_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    if (launcher && launcher.exitCode === null) {
      launcher.kill('SIGTERM');
      await new Promise((r) => launcher.once('exit', r));
    }
    await redis?.cleanup();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it.each(['on the fresh demo', 'again afterwards'])('run as written, %s', async (round) => {
    for (const story of stories) {
      const result = await run(story.script, env);
      expect({ round, story: story.title, status: result.status, err: result.status === 0 ? '' : result.err + result.out }).toEqual({
        round,
        story: story.title,
        status: 0,
        err: '',
      });
    }
  }, 300_000);

  it('stop at the first failed step with its error, instead of carrying null on', async () => {
    // The registration's agency id replaced by a malformed one: a 400, where the old README went on with "null".
    const broken = stories[0].script.replace('\\"agencyId\\":\\"$AG\\"', '\\"agencyId\\":\\"not-an-id\\"');
    expect(broken).not.toBe(stories[0].script);
    const result = await run(broken, env);
    expect(result.status).not.toBe(0);
    expect(result.err).toMatch(/HTTP 400 from curl .*agencyId/s);
    expect(result.out).not.toMatch(/null/);
  }, 120_000);
});
