import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import getPort from 'get-port';
import type { ServiceName } from '@lumbung/contracts';
import { requestJson, type JsonRequestOptions, type JsonResponse } from './request-json.js';

/**
 * A service run as production runs it, `node dist/apps/<service>/src/main.js`, in a process of its
 * own, so a test can kill -9 or SIGTERM it. `npm test` builds dist/ first; run `npm run build`
 * before running such a test by hand.
 */
export interface ServiceProcess {
  service: ServiceName;
  name: string;
  pid: number;
  port: number;
  baseUrl: string;
  env: Record<string, string>;
  /** Resolves when the process has exited, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** How many log lines so far contain each of the strings passed as `countLines`. */
  lineCounts: Map<string, number>;
  /** The last lines the process wrote, for a failing test's message. */
  tail(lines?: number): string;
  /** The last warnings and errors it logged (pino level 40 and up), kept apart from the busy info lines. */
  warnings(lines?: number): string;
  request(method: string, path: string, options?: JsonRequestOptions): Promise<JsonResponse>;
  /** Waits until /health/ready answers 200 (or `timeoutMs` passes: throws with the process's last lines). */
  ready(timeoutMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves with how it exited. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnServiceOptions {
  /** Label in messages, e.g. "registry-2" for a second replica. */
  name?: string;
  env: Record<string, string>;
  /** Count the log lines containing these strings (e.g. a log message such as "duplicate event skipped"). */
  countLines?: string[];
  /** Node's own options, before the script (e.g. `--inspect=127.0.0.1:9229` for the load run's heap readings). */
  nodeArgs?: string[];
}

export async function spawnService(service: ServiceName, options: SpawnServiceOptions): Promise<ServiceProcess> {
  const port = await getPort();
  const env: Record<string, string> = { NODE_ENV: 'test', LOG_LEVEL: 'info', ...options.env, PORT: String(port) };
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JEST') && k !== 'NODE_OPTIONS'));
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), resolve(`dist/apps/${service}/src/main.js`)], {
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const name = options.name ?? service;
  const recent: string[] = [];
  const warned: string[] = [];
  const lineCounts = new Map<string, number>((options.countLines ?? []).map((s) => [s, 0]));
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      recent.push(line);
      if (recent.length > 300) recent.shift();
      if (/"level":(4|5|6)0\b/.test(line)) {
        warned.push(line);
        if (warned.length > 300) warned.shift();
      }
      for (const [needle, n] of lineCounts) if (line.includes(needle)) lineCounts.set(needle, n + 1);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  let alive = true;
  void exited.then(() => (alive = false));
  const baseUrl = `http://127.0.0.1:${port}`;

  const proc: ServiceProcess = {
    service,
    name,
    pid: child.pid!,
    port,
    baseUrl,
    env,
    exited,
    lineCounts,
    tail: (lines = 40) => recent.slice(-lines).join('\n'),
    warnings: (lines = 40) => warned.slice(-lines).join('\n'),
    // A process that hangs must fail its test, not hold it: 15 s unless the caller says otherwise.
    request: (method, path, opts = {}) => requestJson(baseUrl, method, path, { ...opts, timeoutMs: opts.timeoutMs ?? 15_000 }),
    async ready(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let last = 'no answer';
      while (Date.now() < deadline) {
        if (!alive) throw new Error(`${name} exited before it was ready:\n${proc.tail()}`);
        try {
          const res = await proc.request('GET', '/health/ready', { timeoutMs: 5000 });
          if (res.status === 200) return;
          last = `${res.status} ${JSON.stringify(res.body)}`;
        } catch (err) {
          last = (err as Error).message;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`${name} not ready within ${timeoutMs} ms (${last}):\n${proc.tail()}`);
    },
    kill(signal) {
      if (alive) child.kill(signal);
    },
    async stop(graceMs = 20_000) {
      if (!alive) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
  return proc;
}
