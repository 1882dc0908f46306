import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { INBOX_QUEUES } from '@lumbung/contracts';
import { ROOT, runTool } from './k8s-checks.js';

/**
 * docker-compose.yml as Debian's docker-compose 1.29 reads it (there is no Docker engine here, so
 * `config` is as far as it goes), and the Dockerfile's entrypoint run with a stand-in for node.
 */
const SERVICES = Object.keys(INBOX_QUEUES);
const INSTALL = 'apt-get install -y --no-install-recommends docker-compose (.ci/run does this)';
const SECRETS = { BOARD_SESSION_SECRET: 'a-test-secret-that-is-longer-than-32-characters', ACCOUNTS_SIGNING_KEYS: '[{"kid":"test"}]' };

function composeConfig(args: string[] = [], env: NodeJS.ProcessEnv = SECRETS) {
  const { BOARD_SESSION_SECRET: _board, ACCOUNTS_SIGNING_KEYS: _keys, ...base } = process.env;
  return runTool('docker-compose', ['-f', join(ROOT, 'docker-compose.yml'), ...args, 'config'], { env: { ...base, ...env }, install: INSTALL });
}

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: Array<{ published?: number | string; target: number; host_ip?: string } | string>;
  volumes?: Array<{ source?: string; target: string } | string>;
  restart?: string;
  profiles?: string[];
  stop_grace_period?: string;
}

let services: Record<string, ComposeService> = {};

beforeAll(() => {
  const { status, stdout, stderr } = composeConfig(['--profile', 'dashboard']);
  if (status !== 0) throw new Error(`docker-compose config failed:\n${stderr}`);
  services = parse(stdout).services;
});

describe('docker-compose.yml', () => {
  it('is valid for docker-compose 1.29 (config -q), with and without the dashboard profile', () => {
    for (const args of [[], ['--profile', 'dashboard']]) {
      const { status, stderr } = composeConfig([...args]);
      expect({ status, stderr: stderr.replace(/.*version.*obsolete.*\n?/i, '') }).toEqual({ status: 0, stderr: '' });
    }
    const quiet = runTool('docker-compose', ['-f', join(ROOT, 'docker-compose.yml'), 'config', '-q'], { env: { ...process.env, ...SECRETS }, install: INSTALL });
    expect(quiet.status).toBe(0);
  });

  it('refuses to start without the board secret or the signing keys rather than run with a default', () => {
    const none = composeConfig([], {});
    expect(none.status).not.toBe(0);
    expect(none.stderr).toMatch(/BOARD_SESSION_SECRET/);
    const noKeys = composeConfig([], { BOARD_SESSION_SECRET: SECRETS.BOARD_SESSION_SECRET });
    expect(noKeys.status).not.toBe(0);
    expect(noKeys.stderr).toMatch(/ACCOUNTS_SIGNING_KEYS/);
  });

  it("gives the signing keys to the registry alone, and every service the registry's JWKS", () => {
    for (const [name, service] of Object.entries(services)) {
      if (!service.environment?.SERVICE) continue;
      expect({ name, keys: 'ACCOUNTS_SIGNING_KEYS' in service.environment }).toEqual({ name, keys: service.environment.SERVICE === 'registry' });
      expect(service.environment.ACCOUNTS_JWKS_URL).toBe('http://registry:3001/.well-known/jwks.json');
    }
  });

  it('runs PostgreSQL 15 and Redis 7 (noeviction, append-only) with health checks and volumes', () => {
    const { postgres, redis } = services;
    expect(postgres.image).toBe('postgres:15');
    expect(redis.image).toBe('redis:7');
    const command = redis.command!;
    expect(command[command.indexOf('--maxmemory-policy') + 1]).toBe('noeviction');
    expect(command[command.indexOf('--appendonly') + 1]).toBe('yes');
    for (const [s, dataDir] of [[postgres, '/var/lib/postgresql/data'], [redis, '/data']] as const) {
      expect(s.healthcheck?.test.length).toBeGreaterThan(1);
      // 1.29 prints short syntax: volume:target:mode.
      expect(s.volumes?.map((v) => (typeof v === 'string' ? v.split(':')[1] : v.target))).toContain(dataDir);
    }
  });

  it.each(SERVICES)('runs %s as a one-shot migration, then an API process and a worker process', (service) => {
    const migrate = services[`${service}-migrate`];
    const http = services[service];
    const worker = services[`${service}-worker`];
    expect([migrate, http, worker].every(Boolean)).toBe(true);
    expect(existsSync(join(ROOT, `apps/${service}/src/main.ts`))).toBe(true);

    expect(migrate.command).toEqual(['migrate']);
    expect(migrate.restart).toBe('no');
    expect(migrate.depends_on?.postgres).toEqual({ condition: 'service_healthy' });

    for (const [proc, role] of [[http, 'http'], [worker, 'worker']] as const) {
      // Behind the front door, which writes X-Forwarded-For itself: one trusted hop.
      expect(proc.environment).toMatchObject({ SERVICE: service, ROLE: role, RUN_MIGRATIONS: 'false', TRUSTED_PROXY_HOPS: '1', CORS_ORIGINS: '' });
      expect(proc.depends_on).toMatchObject({
        [`${service}-migrate`]: { condition: 'service_completed_successfully' },
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
      expect(proc.healthcheck?.test.join(' ')).toContain(`:${proc.environment!.PORT}/health/ready`);
      expect(proc.image).toBe(migrate.image);
    }
    expect(migrate.environment).toMatchObject({ SERVICE: service });
    // The worker's own shutdown limit ends before Compose's kill (stop_grace_period, e.g. "1m" or "60s").
    const seconds = (d: string) => [...d.matchAll(/(\d+)([hms])/g)].reduce((t, [, n, u]) => t + Number(n) * { h: 3600, m: 60, s: 1 }[u as 'h' | 'm' | 's'], 0);
    expect(Number(worker.environment!.SHUTDOWN_GRACE_MS)).toBeLessThan(seconds(worker.stop_grace_period!) * 1000);
    // Workers publish no port, so `--scale <service>-worker=N` never collides on the host.
    expect(worker.ports ?? []).toEqual([]);
    // Nor does the API: a client past the front door could write the X-Forwarded-For it trusts.
    expect(http.ports ?? []).toEqual([]);
  });

  it('builds the one image once and every app service runs it', () => {
    const apps = Object.entries(services).filter(([name]) => !['postgres', 'redis'].includes(name));
    expect(apps.map(([name]) => name)).toContain('front-door');
    expect(new Set(apps.map(([, s]) => s.image)).size).toBe(1);
    expect(apps.filter(([, s]) => s.build).map(([name]) => name)).toEqual(['registry-migrate']);
    // Compose 1.29 makes sure of images in start order: every other migration (and so every app
    // process, which waits for its migration) starts after the one service that builds the image.
    for (const service of SERVICES.filter((s) => s !== 'registry')) {
      expect(services[`${service}-migrate`].depends_on).toHaveProperty('registry-migrate');
    }
  });

  it('publishes one front door on port 3000, routing to each API by its service name', () => {
    const door = services['front-door'];
    expect(door.command).toEqual(['front-door']);
    expect(door.environment).toEqual(
      expect.objectContaining({ REGISTRY_URL: 'http://registry:3001', REPLICATION_URL: 'http://replication:3002', NOMINATION_URL: 'http://nomination:3003' }),
    );
    for (const service of SERVICES) expect(door.environment![`${service.toUpperCase()}_URL`]).toBe(`http://${service}:${services[service].environment!.PORT}`);
    expect(door.ports?.map((p) => (typeof p === 'string' ? p : `${p.published}:${p.target}`))).toEqual(['3000:3000']);
    // Every published port is the front door's or a loopback-only dashboard's.
    const published = Object.entries(services).filter(([name, s]) => s.ports?.length && name !== 'front-door' && !s.profiles?.includes('dashboard'));
    expect(published.map(([name]) => name)).toEqual([]);
  });

  it('offers queue dashboards only behind the dashboard profile, on loopback, consuming nothing', () => {
    const consoles = Object.entries(services).filter(([, s]) => s.profiles?.includes('dashboard'));
    expect(consoles.map(([name]) => name).sort()).toEqual(SERVICES.map((s) => `${s}-console`).sort());
    for (const [, s] of consoles) {
      expect(s.environment).toMatchObject({ ROLE: 'worker', WORKER_ENABLED: 'false', RELAY_ENABLED: 'false' });
      for (const p of s.ports ?? []) expect(typeof p === 'string' ? p : p.host_ip).toMatch(/127\.0\.0\.1/);
    }
    // `config` lists profiled services too (1.29); what `up` starts by default is what has no profile.
    const byDefault = Object.entries(services).filter(([, s]) => !s.profiles?.length).map(([name]) => name);
    expect(byDefault.sort()).toEqual(['postgres', 'redis', 'front-door', ...SERVICES.flatMap((s) => [s, `${s}-migrate`, `${s}-worker`])].sort());
  });
});

describe('Dockerfile', () => {
  // Docker joins lines ending in a backslash before parsing an instruction.
  const instructions = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    .replace(/\\\n/g, '')
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'));
  const stages = instructions.reduce<string[][]>((acc, line) => {
    if (/^FROM\s/i.test(line)) acc.push([]);
    acc.at(-1)?.push(line);
    return acc;
  }, []);
  const runtime = stages.at(-1)!;

  it('builds in stages and ships production dependencies only, as a non-root user with a health check', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(instructions.some((l) => /npm ci .*--omit=dev/.test(l))).toBe(true);
    expect(runtime.some((l) => /^RUN .*npm (ci|install)/.test(l))).toBe(false);
    expect(runtime.filter((l) => /^COPY --from=/.test(l)).map((l) => l.split(/\s+/)[2])).toEqual(expect.arrayContaining([expect.stringMatching(/node_modules/), expect.stringMatching(/dist/)]));
    const user = runtime.filter((l) => /^USER\s/.test(l)).at(-1)?.split(/\s+/)[1];
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
    expect(runtime.some((l) => /^HEALTHCHECK .*\/health\/live/.test(l))).toBe(true);
  });

  describe('entrypoint', () => {
    const entrypoint: string[] = JSON.parse(runtime.find((l) => l.startsWith('ENTRYPOINT'))!.replace(/^ENTRYPOINT\s+/, ''));
    // What follows tini: ["/bin/sh", "-c", script, "$0"].
    const shell = entrypoint.slice(entrypoint.indexOf('--') + 1);
    let bin: string;

    beforeAll(() => {
      // A stand-in for node that reports what it was asked to run.
      bin = mkdtempSync(join(tmpdir(), 'lumbung-entrypoint-'));
      writeFileSync(join(bin, 'node'), '#!/bin/sh\necho "SERVICE=$SERVICE ROLE=${ROLE:-} ARGS=$*"\n');
      chmodSync(join(bin, 'node'), 0o755);
    });
    afterAll(() => rmSync(bin, { recursive: true, force: true }));

    function run(args: string[], env: Record<string, string> = {}) {
      const result = spawnSync(shell[0], [...shell.slice(1), ...args], { env: { PATH: `${bin}:/usr/bin:/bin`, ...env }, encoding: 'utf8' });
      return { status: result.status, out: result.stdout.trim(), err: result.stderr.trim() };
    }

    it('runs under tini so SIGTERM reaches node', () => {
      expect(entrypoint[0]).toMatch(/tini$/);
    });

    it('takes the service and role from arguments', () => {
      expect(run(['registry', 'worker'])).toEqual({ status: 0, out: 'SERVICE=registry ROLE=worker ARGS=dist/apps/registry/src/main.js', err: '' });
      expect(run(['nomination', 'migrate'])).toEqual({ status: 0, out: 'SERVICE=nomination ROLE= ARGS=dist/apps/nomination/src/main.js migrate', err: '' });
    });

    it('takes them from the environment, as Compose and Kubernetes set them', () => {
      expect(run([], { SERVICE: 'replication', ROLE: 'http' }).out).toBe('SERVICE=replication ROLE=http ARGS=dist/apps/replication/src/main.js');
      expect(run(['migrate'], { SERVICE: 'registry' }).out).toBe('SERVICE=registry ROLE= ARGS=dist/apps/registry/src/main.js migrate');
    });

    it('runs the front door on its own', () => {
      expect(run(['front-door'])).toEqual({ status: 0, out: 'SERVICE= ROLE= ARGS=dist/apps/launcher/src/front-door.main.js', err: '' });
      expect(existsSync(join(ROOT, 'apps/launcher/src/front-door.main.ts'))).toBe(true);
    });

    it('refuses to guess a service', () => {
      for (const [args, env] of [[[], {}], [[], { SERVICE: 'registyr' }]] as const) {
        const result = run([...args], env);
        expect(result.status).toBe(64);
        expect(result.err).toMatch(/choose a service/);
      }
    });

    it('starts the main.js the build emits for each service', () => {
      const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')).compilerOptions;
      expect([build.rootDir, build.outDir]).toEqual(['.', 'dist']);
      for (const service of SERVICES) expect(existsSync(join(ROOT, `apps/${service}/src/main.ts`))).toBe(true);
    });
  });
});
