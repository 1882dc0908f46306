import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time from /proc, for the load run and the write benches: on a shared two-core machine it moves
 * less with the neighbours' load than wall time, and it says which process a request's cost lands in.
 */

/** Clock ticks per second, the unit of /proc/<pid>/stat's CPU times. */
export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ProcStat {
  comm: string;
  ppid: number;
  /** utime + stime, in ticks. */
  own: number;
  /** cutime + cstime: children that have exited and been reaped, in ticks. */
  children: number;
}

export function statOf(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited between listing /proc and reading it
  }
  // comm may hold spaces and parentheses: the fields that follow start after the last ')'.
  const close = text.lastIndexOf(')');
  const f = text.slice(close + 2).split(' ');
  // f[0] is field 3 (state): field n is f[n - 3].
  return { comm: text.slice(text.indexOf('(') + 1, close), ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

const pids = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);

/** Every postgres process's ticks plus the postmaster's exited children's, and the bench database's backends by pid. */
function postgresScan(dbName?: string): { postgres: number; backends: Map<number, number> } {
  const all = pids().map((pid) => [pid, statOf(pid)] as const);
  const postgresPids = new Set(all.filter(([, s]) => s?.comm === 'postgres').map(([pid]) => pid));
  let postgres = 0;
  const backends = new Map<number, number>();
  for (const [pid, s] of all) {
    if (!s || !postgresPids.has(pid)) continue;
    postgres += s.own;
    // Backends that exit during the run are gone from /proc by the next snapshot; the postmaster
    // reaps them, so their time is in its children's total.
    if (!postgresPids.has(s.ppid)) postgres += s.children;
    // A backend's title is "postgres: [cluster: ]user database host(port) state".
    if (dbName && readText(`/proc/${pid}/cmdline`).replace(/\0/g, ' ').includes(` ${dbName} `)) backends.set(pid, s.own);
  }
  return { postgres, backends };
}

/**
 * The bench database's backends, looked at every half second: one that exits (a pool replacing a
 * connection) takes its CPU time out of /proc with it, and its exited time lands only in the
 * postmaster's total over every database; its last sample is the best left to count for it.
 */
export class BackendWatch {
  /** Latest ticks seen per backend pid, exited ones included. */
  readonly latest = new Map<number, number>();
  live = new Set<number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly dbName: string) {}

  /** Returns every postgres process's total, read in the same pass. */
  sample(): number {
    const { postgres, backends } = postgresScan(this.dbName);
    for (const [pid, t] of backends) this.latest.set(pid, t);
    this.live = new Set(backends.keys());
    return postgres;
  }

  start(): void {
    this.timer = setInterval(() => this.sample(), 500);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** CPU per call of one timed phase, in µs, from /proc and this process's own counters. */
export interface CpuPerCall {
  /** The service processes under test (none for a raw baseline). */
  service: number;
  /** Every postgres process, background writers included (other databases' work too: keep the machine to the bench). */
  postgres: number;
  /** This process: the callers, or the raw baseline's client. */
  caller: number;
}

/** Reads the CPU of `servicePids`, PostgreSQL and this process at the start of a phase; the function it returns reads it again and divides by the calls made. */
export function startCpuMeter(servicePids: number[]): (calls: number) => CpuPerCall {
  const read = () => {
    const own = process.cpuUsage();
    return { service: servicePids.reduce((s, pid) => s + (statOf(pid)?.own ?? NaN), 0), postgres: postgresScan().postgres, caller: own.user + own.system };
  };
  const start = read();
  return (calls) => {
    const end = read();
    const perCall = (ticks: number) => (ticks / CLK_TCK) * 1e6 / calls;
    return { service: perCall(end.service - start.service), postgres: perCall(end.postgres - start.postgres), caller: (end.caller - start.caller) / calls };
  };
}
