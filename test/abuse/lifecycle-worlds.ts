import { randomUUID } from 'node:crypto';
import type { AgencySnapshot, InnovationSnapshot } from '@lumbung/contracts';
import type { RunningService } from '@lumbung/testing';
import {
  JATENG_2022,
  kudusEdition,
  NATIONAL_2023,
  innovationSnapshot as nominationInnovation,
  registryEvent,
  tokens,
  type NominationHarness,
} from '../../apps/nomination/test/nomination-test.fixtures.js';
import {
  AGREEMENT,
  agencySnapshot,
  DEMAK,
  handled,
  innovationSnapshot as replicationInnovation,
  KUDUS,
  regionAdmin,
  RegistryFeed,
  requestBody,
} from '../../apps/replication/test/replication-test.fixtures.js';

/**
 * Targets for the lifecycle rows of the role tables: each call hands back something no other cell
 * has touched, walked to the state the row needs by the parties the rules name, so a cell's status
 * says who may take that one step and nothing about what ran before it.
 */

type Response = { status: number; body: any };

/** A setup step that fails would otherwise surface as a puzzling mismatch in some later cell. */
function ok(what: string, res: Response): any {
  if (res.status < 200 || res.status > 299) throw new Error(`setup: ${what} answered ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
}

/** Registry events are handled one batch at a time; one event per cell would cost a poll each. */
const BATCH = 40;

export type OpenStatus = 'requested' | 'accepted' | 'agreement-signed' | 'in-progress' | 'implemented';

/** Demak (adopter) asks Kudus (origin); a third regency, a provincial OPD and a second agency on each side stand beside them. */
export class ReplicationWorld {
  private readonly origins: string[] = [];
  /** One refill at a time: cells building their targets together would each register a batch. */
  private refilling?: Promise<void>;

  private constructor(
    private readonly svc: RunningService,
    private readonly feed: RegistryFeed,
    readonly agencies: Record<'kudus' | 'kudusOther' | 'demak' | 'demakOther' | 'jateng', AgencySnapshot>,
  ) {}

  static async seed(svc: RunningService): Promise<ReplicationWorld> {
    const feed = new RegistryFeed(svc.redis);
    const agencies = {
      kudus: agencySnapshot(KUDUS, 'DPMPTSP Kudus'),
      kudusOther: agencySnapshot(KUDUS, 'Dinas Kesehatan Kudus'),
      demak: agencySnapshot(DEMAK, 'DPMPTSP Demak'),
      demakOther: agencySnapshot(DEMAK, 'Dinas Kesehatan Demak'),
      jateng: agencySnapshot('33', 'DPMPTSP Provinsi Jawa Tengah'),
    };
    const events = Object.values(agencies).map((a) => feed.agencyEvent('agency.registered', a));
    await feed.send(...events);
    await handled(svc, events);
    return new ReplicationWorld(svc, feed, agencies);
  }

  /** An origin innovation of the Kudus agency in penerapan that no request names yet. */
  async origin(): Promise<string> {
    while (this.origins.length === 0) await (this.refilling ??= this.refill().finally(() => (this.refilling = undefined)));
    return this.origins.pop()!;
  }

  private async refill(): Promise<void> {
    const snapshots: InnovationSnapshot[] = Array.from({ length: BATCH }, (_, i) =>
      replicationInnovation({ regionCode: KUDUS, agencyId: this.agencies.kudus.id, agencyName: this.agencies.kudus.name, name: `Jos Pakk ${randomUUID().slice(0, 6)} ${i}` }),
    );
    const events = snapshots.map((s) => this.feed.innovationEvent('innovation.registered', s));
    await this.feed.send(...events);
    await handled(this.svc, events);
    this.origins.push(...snapshots.map((s) => s.id));
  }

  /**
   * A fresh request of the Demak agency for a fresh Kudus innovation, walked to `status` by the
   * parties the state machine names: Kudus accepts, Demak signs, reports progress and implements.
   */
  async request(status: OpenStatus = 'requested', model: 'kerja-sama' | 'mandiri' = 'kerja-sama'): Promise<string> {
    const post = (path: string, token: string, body: unknown) => this.svc.request('POST', path, { token, body });
    const kudus = regionAdmin(KUDUS);
    const demak = regionAdmin(DEMAK);
    const { id } = ok('file', await post('/replication-requests', demak, requestBody(await this.origin(), this.agencies.demak.id, { model })));
    type Step = [OpenStatus, () => Promise<Response>];
    const agreement: Step[] = model === 'mandiri' ? [] : [['agreement-signed', () => post(`/replication-requests/${id}/agreement`, demak, AGREEMENT)]];
    const steps: Step[] = [
      ['accepted', () => post(`/replication-requests/${id}/accept`, kudus, {})],
      ...agreement,
      ['in-progress', () => post(`/replication-requests/${id}/progress`, demak, { kind: 'trial', summary: 'Uji coba di dua kecamatan.' })],
      ['implemented', () => post(`/replication-requests/${id}/implement`, demak, { implementedOn: '2024-01-02' })],
    ];
    if (status !== 'requested' && !steps.some(([s]) => s === status)) throw new Error(`setup: a ${model} request never is ${status}`);
    for (const [reached, step] of status === 'requested' ? [] : steps) {
      ok(`walk to ${reached}`, await step());
      if (reached === status) break;
    }
    return id as string;
  }

  async close(): Promise<void> {
    await this.feed.close();
  }
}

/** Every score of a sheet the same, enough to rank an entry. */
const sheet = (criteria: { code: string }[], value = 80) => ({ scores: criteria.map((c) => ({ criterion: c.code, value })) });

export interface JurorSeat {
  jurorId: string;
  regionCode?: string;
}

/** Kudus regency editions (run by its admin), a Jateng province edition and a national one, and Kudus innovations to enter. */
export class NominationWorld {
  /** Innovations not entered anywhere yet, per kind asked for (`changes`), registered a batch at a time with one refill in flight per kind. */
  private readonly pools = new Map<string, { ids: string[]; refilling?: Promise<void> }>();
  /** Scores the pool editions so their entries can become finalists and winners; never a column of the table. */
  private readonly setupJuror = 'juror-setup';

  constructor(private readonly h: NominationHarness) {}

  private post(path: string, token: string, body: unknown = {}) {
    return this.h.request('POST', path, { token, body });
  }

  /** An innovation (Kudus, of a fresh agency, unless `changes` say otherwise) this world has not entered anywhere. */
  async innovation(changes: Partial<InnovationSnapshot> = {}): Promise<string> {
    const key = JSON.stringify(changes);
    if (!this.pools.has(key)) this.pools.set(key, { ids: [] });
    const pool = this.pools.get(key)!;
    while (pool.ids.length === 0) await (pool.refilling ??= this.refill(pool.ids, changes).finally(() => (pool.refilling = undefined)));
    return pool.ids.pop()!;
  }

  private async refill(ids: string[], changes: Partial<InnovationSnapshot>): Promise<void> {
    const snapshots = Array.from({ length: BATCH }, (_, i) => nominationInnovation({ name: `Inovasi ${randomUUID().slice(0, 6)} ${i}`, agencyId: randomUUID(), ...changes }));
    await this.h.send(...snapshots.map((s) => registryEvent('innovation.registered', s)));
    ids.push(...snapshots.map((s) => s.id));
  }

  /** A planned Kudus regency edition; returns its id and criteria. */
  async edition(changes: Record<string, unknown> = {}): Promise<{ id: string; criteria: { code: string }[] }> {
    return ok('create edition', await this.post('/editions', tokens.kudusAdmin, kudusEdition({ name: `KIPP Kudus ${randomUUID().slice(0, 8)}`, ...changes })));
  }

  async move(editionId: string, phase: string, token = tokens.kudusAdmin): Promise<void> {
    ok(`move to ${phase}`, await this.post(`/editions/${editionId}/phase`, token, { phase }));
  }

  async assign(editionId: string, seat: JurorSeat, token = tokens.kudusAdmin): Promise<void> {
    ok(`assign ${seat.jurorId}`, await this.post(`/editions/${editionId}/jurors`, token, { jurorId: seat.jurorId, name: seat.jurorId, ...(seat.regionCode ? { regionCode: seat.regionCode } : {}) }));
  }

  async submit(editionId: string, innovationId?: string, token = tokens.kudusAdmin): Promise<string> {
    return ok('submit', await this.post(`/editions/${editionId}/entries`, token, { innovationId: innovationId ?? (await this.innovation()) })).id;
  }

  async admit(entryId: string): Promise<void> {
    ok('admit', await this.post(`/entries/${entryId}/admission`, tokens.kudusAdmin, { decision: 'admit' }));
  }

  async score(editionId: string, criteria: { code: string }[], entryId: string): Promise<void> {
    ok('score', await this.h.request('PUT', `/entries/${entryId}/scores`, { token: tokens.juror(this.setupJuror, [editionId]), body: sheet(criteria) }));
  }

  /** A Kudus edition in its submission window. */
  async open(changes: Record<string, unknown> = {}): Promise<string> {
    const { id } = await this.edition(changes);
    await this.move(id, 'submission');
    return id;
  }

  /** A fresh edition in scoring with one entry the setup juror scored: ready for finalists or, moved on, a decision. */
  async scoredEdition(leaveIn: 'scoring' | 'decision' = 'scoring'): Promise<{ editionId: string; entryId: string }> {
    const { id, criteria } = await this.edition();
    await this.move(id, 'submission');
    const entryId = await this.submit(id);
    await this.admit(entryId);
    await this.move(id, 'scoring');
    await this.assign(id, { jurorId: this.setupJuror });
    await this.score(id, criteria, entryId);
    if (leaveIn !== 'scoring') await this.move(id, leaveIn);
    return { editionId: id, entryId };
  }

  /**
   * A Kudus edition holding `n` entries, each for one cell, left where a row needs them: admitted
   * in scoring, finalists in objection or presentation, or winners of a decided edition. `jurors`
   * are the table's jurors the edition's admin assigned.
   */
  async poolEdition(n: number, leaveIn: 'scoring' | 'objection' | 'presentation' | 'decided', jurors: JurorSeat[] = []): Promise<{ id: string; entries: string[] }> {
    const { id, criteria } = await this.edition();
    await this.move(id, 'submission');
    const entries = await Promise.all(Array.from({ length: n }, () => this.submit(id)));
    await Promise.all(entries.map((e) => this.admit(e)));
    await this.move(id, 'scoring');
    for (const seat of jurors) await this.assign(id, seat);
    if (leaveIn !== 'scoring') {
      await this.assign(id, { jurorId: this.setupJuror });
      await Promise.all(entries.map((e) => this.score(id, criteria, e)));
      if (leaveIn === 'decided') {
        await this.move(id, 'decision');
        ok('decide', await this.post(`/editions/${id}/decision`, tokens.kudusAdmin, { winners: entries }));
      } else {
        ok('finalists', await this.post(`/editions/${id}/finalists`, tokens.kudusAdmin, { entryIds: entries }));
        await this.move(id, leaveIn);
      }
    }
    return { id, entries };
  }

  /** The Jateng provincial edition, open for Kudus winners to be forwarded into (no quota). */
  async provinceEdition(): Promise<string> {
    const body = { level: 'province', ownerRegionCode: '33', year: 2022, name: `KIPP Jawa Tengah ${randomUUID().slice(0, 8)}`, schedule: JATENG_2022, criteriaPreset: 'kipp-2023', autoAdvance: false };
    const { id } = ok('province edition', await this.post('/editions', tokens.jatengAdmin, body));
    await this.move(id, 'submission', tokens.jatengAdmin);
    return id;
  }

  /** The national contest, open: it takes every region's innovations directly. */
  async nationalEdition(): Promise<string> {
    const body = { level: 'national', year: 2023, name: `KIPP ${randomUUID().slice(0, 8)}`, schedule: NATIONAL_2023, criteriaPreset: 'kipp-2023', autoAdvance: false };
    const { id } = ok('national edition', await this.post('/editions', tokens.nationalAdmin, body));
    await this.move(id, 'submission', tokens.nationalAdmin);
    return id;
  }

  /** An open objection against `entryId`, filed by a Demak admin. */
  async objection(entryId: string): Promise<string> {
    return ok('object', await this.post(`/entries/${entryId}/objections`, tokens.demakAdmin, { reason: 'Layanan sudah tidak berjalan sejak 2021' })).id;
  }
}

/** Hands out the items of a pool one per cell, and says so when a row asks for more than it holds. */
export function dealer(name: string, items: () => string[]): () => string {
  let next = 0;
  return () => {
    const all = items();
    if (next >= all.length) throw new Error(`the ${name} pool is spent (${all.length}): a row has more cells than the pool was built for`);
    return all[next++];
  };
}
