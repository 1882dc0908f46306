import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { INBOX_QUEUES, type EventEnvelope, type InnovationSnapshot, type PhaseWindow } from '@lumbung/contracts';
import type { Principal } from '@lumbung/platform';
import {
  expectEventually,
  innovationSnapshot as baseInnovationSnapshot,
  startService,
  tokenFor,
  type RunningService,
  type StartOptions,
} from '@lumbung/testing';
import { NominationClock } from '../src/clock/nomination-clock.js';
import { createNominationApp } from '../src/nomination.app.js';

export const KUDUS = '33.19';
export const DEMAK = '33.21';
export const JATENG = '33';

export const tokens = {
  kudusAdmin: tokenFor({ sub: 'bagor-kudus', role: 'region-admin', region: KUDUS }),
  demakAdmin: tokenFor({ sub: 'bagor-demak', role: 'region-admin', region: DEMAK }),
  jatengAdmin: tokenFor({ sub: 'biro-organisasi', role: 'province-admin', province: JATENG }),
  jatimAdmin: tokenFor({ sub: 'biro-jatim', role: 'province-admin', province: '35' }),
  nationalAdmin: tokenFor({ sub: 'kemenpanrb', role: 'national-admin' }),
  staff: (agency: string, region = KUDUS) => tokenFor({ sub: `staff-${agency.slice(0, 8)}`, role: 'agency-staff', region, agency }),
  juror: (sub: string, editions: string[]) => tokenFor({ sub, role: 'juror', editions } as Principal),
};

export const KUDUS_2022: PhaseWindow[] = [
  { phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-13' },
  { phase: 'administrative-check', startsOn: '2022-11-14', endsOn: '2022-11-16' },
  { phase: 'scoring', startsOn: '2022-11-17', endsOn: '2022-11-22' },
  { phase: 'objection', startsOn: '2022-11-23', endsOn: '2022-11-27' },
  { phase: 'presentation', startsOn: '2022-11-28', endsOn: '2022-12-02' },
  { phase: 'decision', startsOn: '2022-12-05', endsOn: '2022-12-09' },
  { phase: 'award', startsOn: '2022-12-29', endsOn: '2022-12-29' },
];

export const JATENG_2022: PhaseWindow[] = [
  { phase: 'submission', startsOn: '2022-12-01', endsOn: '2023-01-15' },
  { phase: 'administrative-check', startsOn: '2023-01-16', endsOn: '2023-01-20' },
  { phase: 'scoring', startsOn: '2023-01-23', endsOn: '2023-02-03' },
  { phase: 'presentation', startsOn: '2023-02-13', endsOn: '2023-02-24' },
  { phase: 'decision', startsOn: '2023-02-27', endsOn: '2023-03-10' },
  { phase: 'award', startsOn: '2023-03-30', endsOn: '2023-03-30' },
];

export const NATIONAL_2023: PhaseWindow[] = [
  { phase: 'submission', startsOn: '2023-03-01', endsOn: '2023-05-15' },
  { phase: 'administrative-check', startsOn: '2023-05-16', endsOn: '2023-05-31' },
  { phase: 'scoring', startsOn: '2023-06-01', endsOn: '2023-06-20' },
  { phase: 'objection', startsOn: '2023-06-21', endsOn: '2023-06-27' },
  { phase: 'presentation', startsOn: '2023-06-28', endsOn: '2023-07-14' },
  { phase: 'decision', startsOn: '2023-07-17', endsOn: '2023-07-31' },
  { phase: 'award', startsOn: '2023-11-21', endsOn: '2023-11-21' },
];

/** A WIB morning of a calendar day. */
export const wib = (day: string, hour = 9) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+07:00`);

/** A Kudus health innovation in use since 2020, old enough for the 2022 contests. */
export const innovationSnapshot = (changes: Partial<InnovationSnapshot> = {}): InnovationSnapshot =>
  baseInnovationSnapshot({
    name: 'Jos Pakk',
    regionCode: KUDUS,
    provinceCode: JATENG,
    agencyName: 'Dinas Kesehatan',
    governmentAffair: 'kesehatan',
    trialStartedOn: '2019-06-01',
    implementedOn: '2020-01-15',
    problem: 'Antrean panjang',
    yearRegistered: 2020,
    registeredAt: '2020-01-15T00:00:00.000Z',
    updatedAt: '2020-01-15T00:00:00.000Z',
    ...changes,
  });

/** The nomination service on real PostgreSQL and Redis, with a way to feed it registry events and move its clock. */
export class NominationHarness {
  private constructor(
    readonly svc: RunningService,
    private readonly redis: Redis,
    private readonly inbox: Queue,
  ) {}

  static async start(options: StartOptions = {}): Promise<NominationHarness> {
    const svc = await startService((env) => createNominationApp(env), { ...options, env: { PHASE_TICK_MS: '100', ...options.env } });
    const redis = new Redis(svc.redis.url, { maxRetriesPerRequest: null });
    const inbox = new Queue(INBOX_QUEUES.nomination, { connection: redis, prefix: svc.redis.prefix });
    return new NominationHarness(svc, redis, inbox);
  }

  get db(): DataSource {
    return this.svc.app.get(DataSource);
  }

  get request(): RunningService['request'] {
    return this.svc.request.bind(this.svc);
  }

  travelTo(at: Date): void {
    this.svc.app.get(NominationClock).travelTo(at);
  }

  /** Sends events to the nomination inbox as the registry's relay would, and waits until they are handled. */
  async send(...events: EventEnvelope[]): Promise<void> {
    for (const e of events) await this.inbox.add(e.type, e, { jobId: e.id });
    await expectEventually(async () => {
      const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM "nomination"."inbox" WHERE event_id = ANY($1::uuid[])`, [events.map((e) => e.id)]);
      if (n !== events.length) throw new Error(`${n} of ${events.length} events handled so far`);
    });
  }

  /** An innovation the registry registered, known to the nomination read model once this returns. */
  async innovation(changes: Partial<InnovationSnapshot> = {}): Promise<InnovationSnapshot> {
    const snapshot = innovationSnapshot(changes);
    await this.send(registryEvent('innovation.registered', snapshot));
    return snapshot;
  }

  async outboxTypes(aggregateId?: string): Promise<string[]> {
    const rows: { type: string }[] = await this.db.query(
      `SELECT type FROM "nomination"."outbox" WHERE $1::text IS NULL OR envelope->>'aggregateId' = $1 ORDER BY seq`,
      [aggregateId ?? null],
    );
    return rows.map((r) => r.type);
  }

  async close(): Promise<void> {
    await this.inbox.close();
    this.redis.disconnect();
    await this.svc.close();
  }
}

export function registryEvent(type: string, innovation: InnovationSnapshot, extra: Record<string, unknown> = {}): EventEnvelope {
  return {
    id: randomUUID(),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    producer: 'registry',
    correlationId: `test-${randomUUID()}`,
    causationId: null,
    aggregateId: innovation.id,
    aggregateVersion: innovation.version,
    payload: { innovation, ...extra },
  };
}

/** A Kudus-owned regency edition body; override anything. */
export function kudusEdition(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    level: 'regency',
    ownerRegionCode: KUDUS,
    year: 2022,
    name: 'KIPP Kabupaten Kudus 2022',
    schedule: KUDUS_2022,
    criteriaPreset: 'kipp-2023',
    eligibility: { minAgeYears: 1, entriesPerAgency: 1 },
    finalistCount: 6,
    winnerCount: 3,
    presentationWeight: 40,
    autoAdvance: false,
    ...changes,
  };
}

export const JURORS = ['juror-undip', 'juror-umk', 'juror-pers'];

export interface SeededEdition {
  id: string;
  /** Entries in submission order; the i-th scores 90 − 2i from every juror, so it ranks i+1. */
  entries: { id: string; innovationId: string; agencyId: string }[];
}

/**
 * A manual edition run through submission, admission and scoring by three jurors, left in the
 * phase `leaveIn`. Uses the admin's token for `token` and owner `body` (kudusEdition by default).
 */
export async function seedScoredEdition(
  h: NominationHarness,
  options: { count: number; body?: Record<string, unknown>; token?: string; region?: string; leaveIn?: string },
): Promise<SeededEdition> {
  const token = options.token ?? tokens.kudusAdmin;
  const { body: edition } = await h.request('POST', '/editions', { token, body: options.body ?? kudusEdition({ name: `KIPP ${randomUUID().slice(0, 8)}` }) });
  if (!edition.id) throw new Error(`edition not created: ${JSON.stringify(edition)}`);
  const move = (phase: string) => h.request('POST', `/editions/${edition.id}/phase`, { token, body: { phase } });
  await move('submission');
  const entries: SeededEdition['entries'] = [];
  for (let i = 0; i < options.count; i++) {
    const innovation = await h.innovation({ name: `Inovasi ${i + 1}`, regionCode: options.region ?? KUDUS, provinceCode: (options.region ?? KUDUS).slice(0, 2) });
    const res = await h.request('POST', `/editions/${edition.id}/entries`, { token, body: { innovationId: innovation.id } });
    if (res.status !== 201) throw new Error(`entry refused: ${JSON.stringify(res.body)}`);
    entries.push({ id: res.body.id, innovationId: innovation.id, agencyId: innovation.agencyId });
  }
  for (const e of entries) await h.request('POST', `/entries/${e.id}/admission`, { token, body: { decision: 'admit' } });
  await move('scoring');
  for (const jurorId of JURORS) {
    await h.request('POST', `/editions/${edition.id}/jurors`, { token, body: { jurorId, name: jurorId } });
    for (const [i, e] of entries.entries()) {
      const scores = edition.criteria.map((c: { code: string }) => ({ criterion: c.code, value: 90 - 2 * i }));
      const res = await h.request('PUT', `/entries/${e.id}/scores`, { token: tokens.juror(jurorId, [edition.id]), body: { scores } });
      if (res.status !== 200) throw new Error(`score refused: ${JSON.stringify(res.body)}`);
    }
  }
  if (options.leaveIn) await move(options.leaveIn);
  return { id: edition.id, entries };
}
