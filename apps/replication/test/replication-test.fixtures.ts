import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { INBOX_QUEUES, type AgencySnapshot, type EventEnvelope, type InnovationSnapshot, type ReplicationModel } from '@lumbung/contracts';
import type { Principal } from '@lumbung/platform';
import {
  eventEnvelope,
  expectEventually,
  innovationSnapshot as baseInnovationSnapshot,
  startService,
  tokenFor,
  type RunningService,
  type StartOptions,
} from '@lumbung/testing';
import { createReplicationApp } from '../src/replication.app.js';

export const KUDUS = '33.19';
export const DEMAK = '33.21';
export const JEPARA = '33.20';

export const startReplication = (options: StartOptions = {}): Promise<RunningService> => startService((env) => createReplicationApp(env), options);

export const regionAdmin = (region: string): string => tokenFor({ sub: `admin-${region}`, role: 'region-admin', region });
export const agencyStaff = (region: string, agency: string): string => tokenFor({ sub: `staff-${agency.slice(0, 8)}`, role: 'agency-staff', region, agency });
export const provinceAdmin = (province: string): string => tokenFor({ sub: `prov-${province}`, role: 'province-admin', province });
export const nationalAdmin = (): string => tokenFor({ sub: 'nasional', role: 'national-admin' });
export const juror = (): string => tokenFor({ sub: 'juri', role: 'juror', editions: [] } as Principal);

export const innovationSnapshot = (changes: Partial<InnovationSnapshot> & Pick<InnovationSnapshot, 'regionCode' | 'agencyId'>): InnovationSnapshot =>
  baseInnovationSnapshot({ agencyName: 'DPMPTSP', provinceCode: changes.regionCode.slice(0, 2), ...changes });

export const envelopeOf = (type: string, aggregateId: string, aggregateVersion: number, payload: Record<string, unknown>): EventEnvelope =>
  eventEnvelope(type, aggregateId, aggregateVersion, payload, { producer: 'registry', correlationId: `feed-${randomUUID().slice(0, 8)}` });

/**
 * Plays the registry: puts its events on the replication inbox queue, as the registry's relay
 * would, and waits until the service has handled them (its inbox has a row per event).
 */
export class RegistryFeed {
  readonly queue: Queue;
  private readonly connection: Redis;

  constructor(private readonly redis: { url: string; prefix: string }) {
    this.connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    this.queue = new Queue(INBOX_QUEUES.replication, { connection: this.connection, prefix: redis.prefix });
  }

  async send(...events: EventEnvelope[]): Promise<void> {
    for (const e of events) await this.queue.add(e.type, e, { jobId: e.id });
  }

  agencyEvent(type: 'agency.registered' | 'agency.renamed' | 'agency.retired', agency: AgencySnapshot, extra: Record<string, unknown> = {}): EventEnvelope {
    return envelopeOf(type, agency.id, agency.version, { agency, ...extra });
  }

  innovationEvent(type: string, innovation: InnovationSnapshot, extra: Record<string, unknown> = {}): EventEnvelope {
    return envelopeOf(type, innovation.id, innovation.version, { innovation, ...extra });
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}

/** Waits until the service's inbox recorded every one of these events. */
export async function handled(svc: RunningService, events: EventEnvelope[]): Promise<void> {
  const ids = events.map((e) => e.id);
  await expectEventually(async () => {
    const [{ n }] = await svc.app.get(DataSource).query(`SELECT count(*)::int AS n FROM "replication"."inbox" WHERE event_id = ANY($1::uuid[])`, [ids]);
    if (n !== ids.length) throw new Error(`${n} of ${ids.length} events handled`);
  });
}

/** The world of the Demak-asks-Kudus story, as the registry's events tell it. */
export interface World {
  kudusAgency: AgencySnapshot;
  demakAgency: AgencySnapshot;
  origin: InnovationSnapshot;
}

export function agencySnapshot(regionCode: string, name: string, changes: Partial<AgencySnapshot> = {}): AgencySnapshot {
  return { id: randomUUID(), version: 1, name, regionCode, retiredAt: null, ...changes };
}

/** Registers a Kudus agency with an innovation in penerapan, and a Demak agency, through the inbox. */
export async function seedWorld(svc: RunningService, feed: RegistryFeed, overrides: Partial<InnovationSnapshot> = {}): Promise<World> {
  const kudusAgency = agencySnapshot(KUDUS, `DPMPTSP Kudus ${randomUUID().slice(0, 4)}`);
  const demakAgency = agencySnapshot(DEMAK, `DPMPTSP Demak ${randomUUID().slice(0, 4)}`);
  const origin = innovationSnapshot({ regionCode: KUDUS, agencyId: kudusAgency.id, agencyName: kudusAgency.name, ...overrides });
  const events = [
    feed.agencyEvent('agency.registered', kudusAgency),
    feed.agencyEvent('agency.registered', demakAgency),
    feed.innovationEvent('innovation.registered', origin),
  ];
  await feed.send(...events);
  await handled(svc, events);
  return { kudusAgency, demakAgency, origin };
}

export function requestBody(originInnovationId: string, adopterAgencyId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    originInnovationId,
    adopterRegionCode: DEMAK,
    adopterAgencyId,
    model: 'kerja-sama' satisfies ReplicationModel,
    reason: 'Pelaku usaha Demak masih mengurus izin secara luring; waktu terbit rata-rata 12 hari.',
    plan: 'Tim DPMPTSP dan Diskominfo; studi tiru ke Kudus; adaptasi formulir; uji coba di dua kecamatan.',
    contact: { name: 'Siti Rahayu', position: 'Kepala Bidang Perizinan', phone: '+62 291 685877', email: 'perizinan@demakkab.go.id' },
    ...overrides,
  };
}

export const AGREEMENT = { mouNumber: '180/12/2024', mouSignedOn: '2024-03-04', pksNumber: '050/34/2024', pksSignedOn: '2024-03-18' };

/** Outbox rows of the service, in the order they were written. */
export async function outboxTypes(svc: RunningService, aggregateId: string): Promise<Array<{ type: string; aggregateVersion: number }>> {
  const rows: Array<{ type: string; v: number }> = await svc.app
    .get(DataSource)
    .query(`SELECT type, (envelope->>'aggregateVersion')::int AS v FROM "replication"."outbox" WHERE envelope->>'aggregateId' = $1 ORDER BY seq`, [aggregateId]);
  return rows.map((r) => ({ type: r.type, aggregateVersion: r.v }));
}
