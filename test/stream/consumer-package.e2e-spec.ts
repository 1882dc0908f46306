import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { EVENT_TYPES, EVENT_CATALOG, type EventEnvelope } from '@lumbung/contracts';
import { expectEventually, startService, type RunningService } from '@lumbung/testing';
import { currentEventSchemas } from '../../libs/contracts/src/asyncapi/released-events.js';
import { buildEventsPackage, packEventsPackage } from '../../libs/contracts/src/package/events-package.js';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { innovationBody, insertAgency, KUDUS, regionAdmin } from '../../apps/registry/test/innovation-test.fixtures.js';

const ROOT = process.cwd();
const EXAMPLE = resolve(ROOT, 'examples/consumer');
/** The environment of a child process: without Jest's variables and its --experimental-vm-modules. */
const childEnv = (extra: Record<string, string> = {}) => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JEST') && k !== 'NODE_OPTIONS')),
  ...extra,
});

interface ConsumerState {
  innovations: Record<string, { id: string; name: string; regionCode: string; version: number; lastEventId: string }>;
  counts: { applied: number; duplicate: number; stale: number; ignored: number };
  log: { eventId: string; type: string; aggregateId: string; aggregateVersion: number; outcome: string }[];
}

/**
 * Issue 19, "a package a consumer installs": @lumbung/events is built and packed as CI would
 * (`npm run package:events`), the example consumer is installed from the tarball into a folder of
 * its own (with bullmq and its Redis client, and nothing of this repository), and run as a process of its own against a
 * running registry that gives it the queue `example-events` (EVENT_SUBSCRIBERS). The registry and the
 * consumer share a BullMQ prefix of this run's own, so no other suite's jobs are taken.
 *
 * Installing stays offline: the tarball has no dependencies, and bullmq and ioredis are linked from
 * this repository's node_modules (the example's package.json names the same ranges).
 */
describe('the events package and the example consumer', () => {
  let work: string;
  let tarball: string;
  let consumerDir: string;
  let registry: RunningService;
  let consumer: ConsumerProcess | undefined;
  let queue: Queue;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'lumbung-consumer-'));
    const built = buildEventsPackage({ outDir: join(work, 'package') });
    tarball = packEventsPackage(built.dir, work);

    consumerDir = join(work, 'consumer');
    mkdirSync(consumerDir);
    for (const file of ['consumer.js', 'projection.js']) copyFileSync(join(EXAMPLE, file), join(consumerDir, file));
    writeFileSync(join(consumerDir, 'package.json'), JSON.stringify({ name: 'consumer-under-test', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: consumerDir, env: childEnv(), stdio: 'pipe' });
    for (const dependency of ['bullmq', 'ioredis']) symlinkSync(resolve(ROOT, 'node_modules', dependency), join(consumerDir, 'node_modules', dependency), 'dir');

    registry = await startService(createRegistryApp, { env: { EVENT_SUBSCRIBERS: 'example:innovation.*' } });
    queue = new Queue('example-events', { connection: { url: registry.redis.url }, prefix: registry.redis.prefix });
  });

  afterAll(async () => {
    await consumer?.stop();
    await queue?.close();
    await registry?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packs types, the JSON Schema of every event and the AsyncAPI document, with no dependencies', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'index.js', 'index.d.ts', 'events.js', 'events.d.ts', 'runtime.js', 'runtime.d.ts', 'asyncapi.yaml', 'schemas/envelope.json']));
    for (const type of EVENT_TYPES) expect(files).toContain(`schemas/${type}.v${EVENT_CATALOG[type].version}.json`);

    const installed = join(consumerDir, 'node_modules/@lumbung/events');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: '@lumbung/events', version: JSON.parse(readFileSync('package.json', 'utf8')).version, type: 'module', types: './index.d.ts' });
    expect(manifest.dependencies).toBeUndefined();
    // The example asks for nothing else either.
    expect(Object.keys(JSON.parse(readFileSync(join(EXAMPLE, 'package.json'), 'utf8')).dependencies).sort()).toEqual(['@lumbung/events', 'bullmq', 'ioredis']);

    // Each file is the event's whole job data, its payload exactly the contract's schema.
    const schemas = currentEventSchemas();
    const revised = JSON.parse(readFileSync(join(installed, 'schemas/innovation.revised.v1.json'), 'utf8'));
    expect(revised.properties.payload).toEqual(schemas['innovation.revised@v1']);
    expect(revised.properties.type).toEqual({ const: 'innovation.revised' });
    expect(revised.required).toEqual(expect.arrayContaining(['id', 'type', 'aggregateId', 'aggregateVersion', 'payload']));

    // What a consumer imports, read by plain node from the installed package.
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "import * as e from '@lumbung/events'; console.log(JSON.stringify({ n: e.EVENT_TYPES.length, q: e.subscriberQueueName('example'), p: e.DEFAULT_QUEUE_PREFIX, m: e.eventTypesMatching(['innovation.*']), s: e.EVENTS['innovation.revised'].schema }))"],
      { cwd: consumerDir, env: childEnv(), encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual({
      n: EVENT_TYPES.length,
      q: 'example-events',
      p: 'lumbung',
      m: EVENT_TYPES.filter((t) => t.startsWith('innovation.')),
      s: 'schemas/innovation.revised.v1.json',
    });
  });

  it("type-checks the example consumer against the package's declarations", () => {
    const tsc = resolve(ROOT, 'node_modules/typescript/bin/tsc');
    const args = ['--ignoreConfig', '--noEmit', '--allowJs', '--checkJs', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck'];
    const run = () => execFileSync(process.execPath, [tsc, ...args, '--types', 'node', '--typeRoots', resolve(ROOT, 'node_modules/@types'), 'consumer.js', 'projection.js'], { cwd: consumerDir, env: childEnv(), encoding: 'utf8', stdio: 'pipe' });
    expect(run).not.toThrow();
  });

  it('applies each innovation once, at its newest state, and skips a redelivered and a stale event, also after a restart', async () => {
    const stateFile = join(work, 'state.json');
    const readState = (): ConsumerState => JSON.parse(readFileSync(stateFile, 'utf8'));
    const env = childEnv({ SUBSCRIBER: 'example', REDIS_URL: registry.redis.url, QUEUE_PREFIX: registry.redis.prefix, STATE_FILE: stateFile, CONCURRENCY: '4' });
    consumer = await startConsumer(consumerDir, env);

    // Two innovations; the first revised twice (aggregate versions 1, 2, 3).
    const token = regionAdmin(KUDUS);
    const agencyId = await insertAgency(registry, KUDUS, 'Dinas Penanaman Modal');
    const created = async (name: string) => {
      const res = await registry.request('POST', '/innovations', { token, body: innovationBody(KUDUS, agencyId, { name }) });
      expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
      return res.body as { id: string };
    };
    const a = await created('Jos Pakk: layanan perizinan daring');
    const b = await created('Si Ceting: cek stunting');
    const { regionCode: _r, agencyId: _a, stage: _s, yearRegistered: _y, ...content } = innovationBody(KUDUS, agencyId);
    for (const [version, name] of [[1, 'Jos Pakk 2.0'], [2, 'Jos Pakk 3.0: perizinan dalam sehari']] as const) {
      const res = await registry.request('PUT', `/innovations/${a.id}`, { token, body: { ...content, name }, headers: { 'if-match': `"${version}"` } });
      expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
    }

    await expectEventually(() => {
      const state = readState();
      expect(state.counts.applied + state.counts.stale).toBe(4);
      expect(state.innovations[a.id]).toMatchObject({ name: 'Jos Pakk 3.0: perizinan dalam sehari', version: 3, regionCode: KUDUS });
    });
    const settled = readState();
    expect(Object.keys(settled.innovations).sort()).toEqual([a.id, b.id].sort());
    expect(settled.innovations[b.id]).toMatchObject({ name: 'Si Ceting: cek stunting', version: 1 });
    expect(settled.counts.duplicate).toBe(0);

    // The same events as the relay sent them, from the registry's outbox.
    const outbox: { envelope: EventEnvelope }[] = await registry.app
      .get(DataSource)
      .query(`SELECT envelope FROM "registry"."outbox" WHERE envelope->>'aggregateId' = $1 ORDER BY seq`, [a.id]);
    const [registered, firstRevision] = outbox.map((r) => r.envelope);
    expect([registered.type, firstRevision.type]).toEqual(['innovation.registered', 'innovation.revised']);

    // A redelivery (the same event in a job of another id) and a stale event (an older version of
    // the aggregate under a new event id, as a late retry would bring) change nothing.
    await queue.add(firstRevision.type, firstRevision, { jobId: `${firstRevision.id}-again` });
    const stale = { ...registered, id: randomUUID() };
    await queue.add(stale.type, stale, { jobId: stale.id });
    await expectEventually(() => {
      const state = readState();
      expect(state.log.filter((l) => l.eventId === firstRevision.id).map((l) => l.outcome)).toEqual(expect.arrayContaining(['duplicate']));
      expect(state.log.find((l) => l.eventId === stale.id)?.outcome).toBe('stale');
      expect(state.counts).toEqual({ ...settled.counts, duplicate: 1, stale: settled.counts.stale + 1 });
      expect(state.innovations).toEqual(settled.innovations);
    });

    // Stopped and started again, it remembers what it applied: the same redelivery is skipped again.
    expect(await consumer.stop()).toEqual({ code: 0, signal: null });
    consumer = await startConsumer(consumerDir, env);
    await queue.add(firstRevision.type, firstRevision, { jobId: `${firstRevision.id}-once-more` });
    await expectEventually(() => expect(readState().counts.duplicate).toBe(2));
    expect(readState().innovations).toEqual(settled.innovations);
  });
});

interface ConsumerProcess {
  child: ChildProcess;
  output: string[];
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `node consumer.js` in the installed folder; resolves once its worker is connected. */
async function startConsumer(cwd: string, env: Record<string, string | undefined>): Promise<ConsumerProcess> {
  const child = spawn(process.execPath, ['consumer.js'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const onData = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const ready = await Promise.race([
    expectEventually(() => expect(output.some((l) => l.includes('"ready":true'))).toBe(true), 15_000).then(() => true),
    exited.then(() => false),
  ]);
  if (!ready) throw new Error(`the example consumer exited before its worker was ready:\n${output.join('\n')}`);
  return {
    child,
    output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
