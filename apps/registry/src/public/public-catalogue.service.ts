import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  PUBLIC_INNOVATION_FIELDS,
  type InnovationSnapshot,
  type ListInnovationsQuery,
  type PublicInnovation,
  type PublicInnovationDetail,
  type PublicInnovationPage,
  type PublicInnovationRef,
  type PublicRegion,
} from '@lumbung/contracts';
import { ConcurrencyGate, ServiceBusyException, ServiceEnv } from '@lumbung/platform';
import { AgenciesService } from '../agencies/agencies.service.js';
import { InnovationStore } from '../innovations/innovation.store.js';
import { InnovationsService } from '../innovations/innovations.service.js';
import { RegionCatalog } from '../regions/region-catalog.service.js';
import type { RegistryEnv } from '../registry.env.js';

/** Only the allowed fields, copied one by one: whatever else the record holds never leaves. */
export function publicInnovationOf(snapshot: InnovationSnapshot): PublicInnovation {
  const shown = {} as Record<string, unknown>;
  for (const field of PUBLIC_INNOVATION_FIELDS) shown[field] = snapshot[field] ?? null;
  return shown as unknown as PublicInnovation;
}

const refOf = (s: Pick<InnovationSnapshot, 'id' | 'name' | 'regionCode' | 'agencyId' | 'registeredAt'>): PublicInnovationRef => ({
  id: s.id,
  name: s.name,
  regionCode: s.regionCode,
  agencyId: s.agencyId,
  registeredAt: s.registeredAt,
});

/**
 * The public catalogue: the signed-in catalogue's reads (the same filters, search and cursor),
 * shown through a list of allowed fields. Every read waits in a line of its own
 * (PUBLIC_CONCURRENCY at once, PUBLIC_QUEUE_MS of waiting, then 503), so anonymous traffic holds
 * at most that many of the pool's connections, whatever a crawler sends.
 */
@Injectable()
export class PublicCatalogueService {
  private readonly gate: ConcurrencyGate;

  constructor(
    @Inject(ServiceEnv) env: ServiceEnv,
    private readonly dataSource: DataSource,
    private readonly innovations: InnovationsService,
    private readonly store: InnovationStore,
    private readonly agencies: AgenciesService,
    private readonly regions: RegionCatalog,
  ) {
    const { PUBLIC_CONCURRENCY, PUBLIC_QUEUE_MS } = env as RegistryEnv;
    const retryAfter = Math.max(1, Math.ceil(PUBLIC_QUEUE_MS / 1000));
    this.gate = new ConcurrencyGate(PUBLIC_CONCURRENCY, PUBLIC_QUEUE_MS, () => new ServiceBusyException('public.busy', 'The public catalogue is busy; try again shortly', retryAfter));
  }

  list(query: ListInnovationsQuery): Promise<PublicInnovationPage> {
    return this.gate.run(async () => {
      const page = await this.innovations.list(query);
      return { items: page.items.map(publicInnovationOf), nextCursor: page.nextCursor };
    });
  }

  get(id: string): Promise<PublicInnovationDetail> {
    return this.gate.run(async () => {
      const snapshot = await this.store.find(this.dataSource, id);
      if (!snapshot) throw new NotFoundException(`No innovation ${id}`);
      const related: (InnovationSnapshot & { relation: 'origin' | 'replication' })[] = await this.dataSource.query(
        `SELECT r.id, r.name, r.region_code AS "regionCode", r.agency_id AS "agencyId",
                to_char(r.registered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "registeredAt",
                CASE WHEN r.id = $2 THEN 'origin' ELSE 'replication' END AS relation
         FROM "registry"."innovation" r
         WHERE r.origin_innovation_id = $1 OR r.id = $2
         ORDER BY r.registered_at, r.id`,
        [id, snapshot.originInnovationId],
      );
      const origin = related.find((r) => r.relation === 'origin');
      return {
        ...publicInnovationOf(snapshot),
        origin: origin ? refOf(origin) : null,
        replications: related.filter((r) => r.relation === 'replication').map(refOf),
      };
    });
  }

  region(code: string): Promise<PublicRegion> {
    const region = this.regions.get(code);
    if (!region) throw new NotFoundException(`No region ${code}`);
    if (region.level === 'province') {
      return Promise.resolve({ ...region, agencies: [], regions: this.regions.list(code).map((r) => ({ code: r.code, name: r.name })) });
    }
    return this.gate.run(async () => {
      const agencies = await this.agencies.list(code);
      return { ...region, agencies: agencies.map((a) => ({ id: a.id, name: a.name })), regions: [] };
    });
  }
}
