import type { ServiceProcess } from '@lumbung/testing';
import { innovationBody } from '../../apps/registry/test/innovation-test.fixtures.js';
import { requestBody } from '../../apps/replication/test/replication-test.fixtures.js';
import { kudusEdition } from '../../apps/nomination/test/nomination-test.fixtures.js';

/** Where the stream sends each service's writes; a getter, because a fault replaces the process. */
export interface StreamTargets {
  registry(): ServiceProcess;
  replication(): ServiceProcess;
  nomination(): ServiceProcess;
}

export interface StreamSeed {
  kudusAdmin: string;
  demakAdmin: string;
  kudusAgencies: string[];
  demakAgency: string;
  editionId: string;
}

export interface EndpointTally {
  accepted: number;
  /** Answers other than 2xx, by status; 503 is expected while PostgreSQL is down. */
  refused: Record<string, number>;
  /** No answer at all (the process is down or restarting). */
  unreachable: number;
}

/** The mandiri path of a replication request after it is filed, as the replication bench walks it. */
const STEPS: { action: string; by: 'kudus' | 'demak'; body: Record<string, unknown>; leaves: string }[] = [
  { action: 'accept', by: 'kudus', body: { note: 'Kami siapkan pendampingan.' }, leaves: 'requested' },
  { action: 'progress', by: 'demak', body: { kind: 'trial', summary: 'Uji coba di dua kecamatan.' }, leaves: 'accepted' },
  { action: 'implement', by: 'demak', body: { implementedOn: '2024-09-02', adopterInnovationName: 'Jos Pakk Demak' }, leaves: 'in-progress' },
  { action: 'complete', by: 'demak', body: { benefitEvaluation: 'Izin terbit 3 hari, sebelumnya 12.' }, leaves: 'implemented' },
];

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A steady stream of writes across the three services while a fault happens: innovations in the
 * registry (their events feed both other services), replication requests walked to completion (the
 * completion goes back to the registry and to nomination), nomination entries and new editions.
 * Each lane keeps going through refusals and outages, retrying what the system did not accept.
 * What counts as "accepted" is a 2xx answer; the reconciliation works from the outbox tables.
 */
export class WriteStream {
  readonly tally = new Map<string, EndpointTally>();
  /** Every 5xx other than 503, with its body: what a fault's test prints beside the services' logs. */
  readonly serverErrors: { endpoint: string; status: number; at: string; body: unknown }[] = [];
  private running = false;
  private lanes: Promise<void>[] = [];
  private forReplication: string[] = [];
  private forNomination: string[] = [];
  private requests: { id: string; step: number }[] = [];
  private n = 0;

  constructor(
    private readonly targets: StreamTargets,
    private readonly seed: StreamSeed,
    private readonly pauseMs = 120,
  ) {}

  get accepted(): number {
    return [...this.tally.values()].reduce((sum, t) => sum + t.accepted, 0);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lanes = [this.lane(() => this.registryWrite()), this.lane(() => this.replicationWrite()), this.lane(() => this.nominationWrite())];
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.lanes);
    this.lanes = [];
  }

  /** Runs the stream until `until` resolves, then stops it. */
  async during<T>(until: () => Promise<T>): Promise<T> {
    this.start();
    try {
      return await until();
    } finally {
      await this.stop();
    }
  }

  private async lane(write: () => Promise<void>): Promise<void> {
    while (this.running) {
      await write().catch(() => undefined);
      await sleep(this.pauseMs);
    }
  }

  private async call(endpoint: string, svc: ServiceProcess, method: string, path: string, token: string, body?: unknown) {
    const tally = this.tally.get(endpoint) ?? { accepted: 0, refused: {}, unreachable: 0 };
    this.tally.set(endpoint, tally);
    try {
      const res = await svc.request(method, path, { token, body, timeoutMs: 10_000 });
      if (res.status < 300) tally.accepted++;
      else tally.refused[res.status] = (tally.refused[res.status] ?? 0) + 1;
      if (res.status >= 500 && res.status !== 503) this.serverErrors.push({ endpoint, status: res.status, at: new Date().toISOString(), body: res.body });
      return res;
    } catch (err) {
      tally.unreachable++;
      throw err;
    }
  }

  private async registryWrite(): Promise<void> {
    const i = this.n++;
    const agencyId = this.seed.kudusAgencies[i % this.seed.kudusAgencies.length];
    const body = innovationBody('33.19', agencyId, { name: `Inovasi arus ${i}`, stage: 'penerapan', implementedOn: '2020-01-15', trialStartedOn: '2019-06-01' });
    const res = await this.call('registry POST /innovations', this.targets.registry(), 'POST', '/innovations', this.seed.kudusAdmin, body);
    if (res.status === 201) {
      this.forReplication.push(res.body.id);
      this.forNomination.push(res.body.id);
    }
  }

  private async replicationWrite(): Promise<void> {
    const open = this.requests.shift();
    if (open) return this.advance(open);
    const origin = this.forReplication.shift();
    if (!origin) return;
    const res = await this.call('replication POST /replication-requests', this.targets.replication(), 'POST', '/replication-requests', this.seed.demakAdmin, requestBody(origin, this.seed.demakAgency, { model: 'mandiri' })).catch(() => undefined);
    if (res?.status === 201) this.requests.push({ id: res.body.id, step: 0 });
    // Not known there yet (its event is on the way), or no answer: try this origin again later.
    else if (res?.status !== 409) this.forReplication.push(origin);
  }

  private async advance(request: { id: string; step: number }): Promise<void> {
    const step = STEPS[request.step];
    const svc = this.targets.replication();
    const token = step.by === 'kudus' ? this.seed.kudusAdmin : this.seed.demakAdmin;
    const res = await this.call(`replication POST /replication-requests/:id/${step.action}`, svc, 'POST', `/replication-requests/${request.id}/${step.action}`, token, step.body).catch(() => undefined);
    if (res && res.status < 300) request.step++;
    else if (res?.status === 409) {
      // The step may have been applied while its answer was lost: read where the request is.
      const now = await svc.request('GET', `/replication-requests/${request.id}`, { token: this.seed.demakAdmin }).catch(() => undefined);
      const status = now?.body?.status;
      if (status === 'completed') return;
      const next = STEPS.findIndex((s) => s.leaves === status);
      if (next >= 0) request.step = next;
    }
    if (request.step < STEPS.length) this.requests.push(request);
  }

  private async nominationWrite(): Promise<void> {
    const svc = this.targets.nomination();
    if (this.n % 25 === 0) {
      await this.call('nomination POST /editions', svc, 'POST', '/editions', this.seed.kudusAdmin, kudusEdition({ name: `KIPP arus ${this.n}` }));
    }
    const innovationId = this.forNomination.shift();
    if (!innovationId) return;
    const res = await this.call('nomination POST /editions/:id/entries', svc, 'POST', `/editions/${this.seed.editionId}/entries`, this.seed.kudusAdmin, { innovationId }).catch(() => undefined);
    if (!res || res.status === 400 || res.status >= 500) this.forNomination.push(innovationId);
  }
}
