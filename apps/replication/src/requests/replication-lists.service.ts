import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import {
  isProvinceCode,
  OPEN_REPLICATION_STATUSES,
  REPLICATION_STATUSES,
  type IncomingRequestsQuery,
  type OutgoingRequestsQuery,
  type ReplicationListQuery,
  type ReplicationStatus,
  type StalledRequestsQuery,
} from '@lumbung/contracts';
import { invalidField, type Principal } from '@lumbung/platform';
import { InnovationView } from '@lumbung/read-models';
import { ReplicationEnv } from '../replication.env.js';
import { decodeCursor, encodeCursor } from './replication-cursor.js';
import { listScope } from './replication-parties.js';
import { ReplicationRequest } from './replication-request.entity.js';

export interface RequestPage {
  items: ReplicationRequest[];
  nextCursor: string | null;
}

const DEFAULT_LIMIT = 20;
const DAY_MS = 24 * 3600 * 1000;

/** The lists of requests: incoming, outgoing, a province's, stalled, and an innovation's network. */
@Injectable()
export class ReplicationListsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly env: ReplicationEnv,
  ) {}

  get stalledDays(): number {
    return this.env.REPLICATION_STALLED_DAYS;
  }

  /** Requests to replicate the innovations of an origin region, newest first. */
  incoming(actor: Principal, query: IncomingRequestsQuery): Promise<RequestPage> {
    const region = this.regionOf(actor, query.region);
    const scope = this.scopeOrRefuse(actor, region, 'incoming');
    const qb = this.requests().where('r.originRegionCode = :region', { region });
    if (scope === 'own-agency') qb.andWhere('r.originAgencyId = :own', { own: actor.agency });
    return this.newestFirst(qb, query);
  }

  /** Requests an adopter region (optionally one agency of it) has filed, newest first. */
  outgoing(actor: Principal, query: OutgoingRequestsQuery): Promise<RequestPage> {
    const region = this.regionOf(actor, query.region);
    const scope = this.scopeOrRefuse(actor, region, 'outgoing');
    const qb = this.requests().where('r.adopterRegionCode = :region', { region });
    if (scope === 'own-agency') qb.andWhere('r.adopterAgencyId = :own', { own: actor.agency });
    if (query.agency) qb.andWhere('r.adopterAgencyId = :agency', { agency: query.agency });
    return this.newestFirst(qb, query);
  }

  /** Every request between two regions of the province, for its provincial staff. */
  province(actor: Principal, code: string, query: ReplicationListQuery): Promise<RequestPage> {
    if (!isProvinceCode(code)) throw invalidField('code', 'code must be a province code such as "33"');
    if (!(actor.role === 'national-admin' || (actor.role === 'province-admin' && actor.province === code))) {
      throw new ForbiddenException(`Only the admins of province ${code} (or national admins) may list its replication requests`);
    }
    const qb = this.requests().where('r.originProvinceCode = :code AND r.adopterProvinceCode = :code', { code });
    return this.newestFirst(qb, query);
  }

  /**
   * Open requests with no step by a party for `days` (the service's threshold by default), the
   * longest-idle first: a region's (as origin or adopter), a province's, or, for national admins, all.
   */
  stalled(actor: Principal, query: StalledRequestsQuery, now: Date = new Date()): Promise<RequestPage> {
    const days = query.days ?? this.stalledDays;
    const qb = this.requests()
      .where('r.status IN (:...open)', { open: OPEN_REPLICATION_STATUSES })
      .andWhere('r.lastActivityAt <= :before', { before: new Date(now.getTime() - days * DAY_MS) });
    const province = query.province ?? (!query.region && actor.role === 'province-admin' ? actor.province : undefined);
    const region = query.region ?? (!query.province && (actor.role === 'region-admin' || actor.role === 'agency-staff') ? actor.region : undefined);
    if (province !== undefined) {
      if (!isProvinceCode(province)) throw invalidField('province', 'province must be a province code such as "33"');
      if (!(actor.role === 'national-admin' || (actor.role === 'province-admin' && actor.province === province))) {
        throw new ForbiddenException(`Only the admins of province ${province} (or national admins) may list its stalled requests`);
      }
      qb.andWhere('r.originProvinceCode = :province AND r.adopterProvinceCode = :province', { province });
    } else if (region !== undefined) {
      const scope = this.scopeOrRefuse(actor, region, 'stalled');
      qb.andWhere('(r.originRegionCode = :region OR r.adopterRegionCode = :region)', { region });
      if (scope === 'own-agency') qb.andWhere('(r.originAgencyId = :own OR r.adopterAgencyId = :own)', { own: actor.agency });
    } else if (actor.role !== 'national-admin') {
      throw new ForbiddenException('Name a region or province you oversee');
    }
    const cursor = decodeCursor(query.cursor);
    if (cursor) qb.andWhere('(r.lastActivityAt, r.id) > (:at, :id)', { at: cursor.at, id: cursor.id });
    qb.orderBy('r.lastActivityAt', 'ASC').addOrderBy('r.id', 'ASC');
    return this.page(qb, query.limit, (r) => r.lastActivityAt);
  }

  /** Who asked to replicate an innovation and how far each got: catalogue data, readable by anyone signed in. */
  async network(innovationId: string): Promise<{ innovation: InnovationView; requests: ReplicationRequest[]; counts: Partial<Record<ReplicationStatus, number>> }> {
    const innovation = await this.dataSource.manager.findOneBy(InnovationView, { id: innovationId });
    if (!innovation) throw new NotFoundException(`No innovation ${innovationId} is known here`);
    const requests = await this.requests().where('r.originInnovationId = :innovationId', { innovationId }).orderBy('r.requestedAt', 'ASC').addOrderBy('r.id', 'ASC').getMany();
    const counts: Partial<Record<ReplicationStatus, number>> = {};
    for (const status of REPLICATION_STATUSES) {
      const n = requests.filter((r) => r.status === status).length;
      if (n) counts[status] = n;
    }
    return { innovation, requests, counts };
  }

  private requests(): SelectQueryBuilder<ReplicationRequest> {
    return this.dataSource.manager.createQueryBuilder(ReplicationRequest, 'r');
  }

  private regionOf(actor: Principal, region: string | undefined): string {
    const resolved = region ?? actor.region;
    if (!resolved) throw invalidField('region', `region is required for a ${actor.role} token, which names no region of its own`);
    return resolved;
  }

  private scopeOrRefuse(actor: Principal, region: string, list: string): 'all' | 'own-agency' {
    const scope = listScope(actor, region);
    if (scope === 'none') throw new ForbiddenException(`A ${actor.role} of ${actor.region ?? actor.province ?? 'no region'} may not list the ${list} requests of ${region}`);
    return scope;
  }

  private newestFirst(qb: SelectQueryBuilder<ReplicationRequest>, query: ReplicationListQuery): Promise<RequestPage> {
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    const cursor = decodeCursor(query.cursor);
    if (cursor) qb.andWhere('(r.requestedAt, r.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    qb.orderBy('r.requestedAt', 'DESC').addOrderBy('r.id', 'DESC');
    return this.page(qb, query.limit, (r) => r.requestedAt);
  }

  private async page(qb: SelectQueryBuilder<ReplicationRequest>, limit = DEFAULT_LIMIT, keyOf: (r: ReplicationRequest) => Date): Promise<RequestPage> {
    const rows = await qb.take(undefined).limit(limit + 1).getMany();
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor({ at: keyOf(last), id: last.id }) : null };
  }
}
