import pg from 'pg';
import type { ServiceName } from '@lumbung/contracts';
import {
  EventCollector,
  reconcile,
  spawnService,
  startOwnPostgres,
  startOwnRedis,
  tokenFor,
  waitUntilDrained,
  type OwnPostgres,
  type OwnRedis,
  type ReconcileOptions,
  type Reconciliation,
  type ServiceProcess,
} from '@lumbung/testing';
import { kudusEdition } from '../../apps/nomination/test/nomination-test.fixtures.js';
import { WriteStream, type StreamSeed } from './write-stream.js';

export const SERVICES: ServiceName[] = ['registry', 'replication', 'nomination'];
export const AUDIT_QUEUE = 'audit-events';
const PREFIX = 'faults';
const DUPLICATE_LINE = 'duplicate event skipped';

/**
 * The system under fault: a PostgreSQL and a Redis of the suite's own (so they can be stopped), and
 * each service as a real process. Nomination runs as two processes (ROLE=http and ROLE=worker) so a
 * worker can die while the API keeps answering, and another worker can take its jobs over.
 */
export class FaultStack {
  readonly processes = new Map<string, ServiceProcess>();
  /** Lines "duplicate event skipped" written by processes that have since exited. */
  private duplicatesOfGone = 0;
  /** Processes that have exited (killed or replaced), kept for their warnings. */
  private readonly gone: ServiceProcess[] = [];
  audit!: EventCollector;
  /** Jobs the drain may leave pending: a poison event still between its retries. */
  pendingAllowed = 0;
  stream!: WriteStream;
  seed!: StreamSeed;
  databaseUrl!: string;
  private db!: pg.Pool;

  private constructor(
    readonly postgres: OwnPostgres,
    readonly redis: OwnRedis,
  ) {}

  static async start(): Promise<FaultStack> {
    const [postgres, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
    const stack = new FaultStack(postgres, redis);
    try {
      stack.databaseUrl = await postgres.createDatabase('lumbung');
      stack.db = new pg.Pool({ connectionString: stack.databaseUrl, max: 3 });
      stack.db.on('error', () => undefined);
      // Migrations first, one schema at a time, so the processes started next never race on them.
      await stack.spawn('registry');
      await Promise.all([stack.spawn('replication'), stack.spawn('nomination', { ROLE: 'http' })]);
      await stack.spawn('nomination', { ROLE: 'worker' }, 'nomination-worker');
      stack.audit = new EventCollector(AUDIT_QUEUE, redis.url, PREFIX);
      stack.seed = await stack.seedWorld();
      stack.stream = new WriteStream(
        { registry: () => stack.get('registry'), replication: () => stack.get('replication'), nomination: () => stack.get('nomination') },
        stack.seed,
      );
    } catch (err) {
      await stack.close();
      throw err;
    }
    return stack;
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      DATABASE_URL: this.databaseUrl,
      DATABASE_POOL_SIZE: '5',
      REDIS_URL: this.redis.url,
      QUEUE_PREFIX: PREFIX,
      EVENT_SUBSCRIBERS: 'audit:*',
      RELAY_POLL_MS: '100',
      RATE_LIMIT_PER_TOKEN: '0',
      RATE_LIMIT_PER_ADDRESS: '0',
      RATE_LIMIT_READS_PER_TOKEN: '0',
      ...extra,
    };
  }

  get(name: string): ServiceProcess {
    const p = this.processes.get(name);
    if (!p) throw new Error(`no process ${name}`);
    return p;
  }

  /** Starts a service process under `name` (default: the service's name) and waits until it is ready. */
  async spawn(service: ServiceName, extra: Record<string, string> = {}, name: string = service): Promise<ServiceProcess> {
    const proc = await spawnService(service, { name, env: this.env(extra), countLines: [DUPLICATE_LINE] });
    this.processes.set(name, proc);
    void proc.exited.then(() => {
      this.duplicatesOfGone += proc.lineCounts.get(DUPLICATE_LINE) ?? 0;
      this.gone.push(proc);
    });
    await proc.ready();
    return proc;
  }

  /** The warnings and errors every process logged, those since exited first: what a failed drain needs. */
  warnings(): string {
    const live = [...this.processes.values()].filter((p) => !this.gone.includes(p));
    return [...this.gone.map((p) => ({ p, state: `pid ${p.pid}, exited` })), ...live.map((p) => ({ p, state: `pid ${p.pid}` }))]
      .map(({ p, state }) => `--- ${p.name} (${state}), warnings and errors:\n${p.warnings(80) || '(none)'}`)
      .join('\n');
  }

  /** Deliveries the inboxes turned away as already done, over every process that ran. */
  async duplicatesAbsorbed(): Promise<number> {
    const live = [...this.processes.values()].reduce((sum, p) => sum + (p.lineCounts.get(DUPLICATE_LINE) ?? 0), 0);
    return this.duplicatesOfGone + live;
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query(sql, params)).rows as T[];
  }

  private async seedWorld(): Promise<StreamSeed> {
    const kudusAdmin = tokenFor({ sub: 'faults-kudus', role: 'region-admin', region: '33.19' });
    const demakAdmin = tokenFor({ sub: 'faults-demak', role: 'region-admin', region: '33.21' });
    const registry = this.get('registry');
    const agency = async (token: string, regionCode: string, name: string) => {
      const res = await registry.request('POST', '/agencies', { token, body: { regionCode, name } });
      if (res.status !== 201) throw new Error(`agency refused: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    const kudusAgencies = [];
    for (let i = 1; i <= 10; i++) kudusAgencies.push(await agency(kudusAdmin, '33.19', `Dinas ${i} Kudus`));
    const demakAgency = await agency(demakAdmin, '33.21', 'DPMPTSP Demak');
    const nomination = this.get('nomination');
    const edition = await nomination.request('POST', '/editions', {
      token: kudusAdmin,
      body: kudusEdition({ name: 'KIPP Kudus arus', eligibility: { minAgeYears: 0, entriesPerAgency: 100 } }),
    });
    if (edition.status !== 201) throw new Error(`edition refused: ${edition.status} ${JSON.stringify(edition.body)}`);
    const opened = await nomination.request('POST', `/editions/${edition.body.id}/phase`, { token: kudusAdmin, body: { phase: 'submission' } });
    if (opened.status !== 200) throw new Error(`edition not opened: ${opened.status} ${JSON.stringify(opened.body)}`);
    return { kudusAdmin, demakAdmin, kudusAgencies, demakAgency, editionId: edition.body.id };
  }

  private reconcileOptions(explained: Set<string>): ReconcileOptions {
    return {
      query: (sql, params) => this.query(sql, params),
      redisUrl: this.redis.url,
      prefix: PREFIX,
      explained,
      pendingAllowed: this.pendingAllowed,
      outside: { queue: AUDIT_QUEUE, received: () => this.audit.received.map((e) => e.id) },
    };
  }

  reconcile(explained: Set<string> = new Set()): Promise<Reconciliation> {
    return reconcile(this.reconcileOptions(explained));
  }

  /** Waits until everything written has been delivered everywhere and nothing is left in flight. */
  drained(explained: Set<string> = new Set(), timeoutMs = 60_000): Promise<Reconciliation> {
    return waitUntilDrained(this.reconcileOptions(explained), timeoutMs);
  }

  async close(): Promise<void> {
    await this.stream?.stop().catch(() => undefined);
    await this.audit?.close().catch(() => undefined);
    await Promise.all([...this.processes.values()].map((p) => p.stop(10_000).catch(() => undefined)));
    await this.db?.end().catch(() => undefined);
    await this.redis.destroy().catch(() => undefined);
    await this.postgres.destroy().catch(() => undefined);
  }
}

