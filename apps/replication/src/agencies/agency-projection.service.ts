import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AgencySnapshot } from '@lumbung/contracts';
import type { ReceivedEvent } from '@lumbung/messaging';
import { AgencyView } from './agency-view.entity.js';

export type AgencyEventType = 'agency.registered' | 'agency.renamed' | 'agency.retired';

/**
 * Applies the registry's agency events to the agency view: an upsert guarded by the aggregate
 * version, since the inbox worker runs several jobs at once and can hand over version 2 before 1.
 */
@Injectable()
export class AgencyProjection {
  async apply(event: ReceivedEvent<AgencyEventType>): Promise<'applied' | 'stale'> {
    const { manager } = event;
    const agency = event.payload.agency as AgencySnapshot;
    const version = event.envelope.aggregateVersion;
    const before = await manager.findOne(AgencyView, { where: { id: agency.id }, lock: { mode: 'pessimistic_write' } });
    if (before && before.version >= version) return 'stale';
    await manager.upsert(
      AgencyView,
      { id: agency.id, version, regionCode: agency.regionCode, name: agency.name, retiredAt: agency.retiredAt ? new Date(agency.retiredAt) : null, projectedAt: new Date() },
      ['id'],
    );
    if (before && before.name !== agency.name) {
      // Lists show the adopting agency's current name without asking the registry.
      await manager.query(`UPDATE "replication"."replication_request" SET adopter_agency_name = $2 WHERE adopter_agency_id = $1`, [agency.id, agency.name]);
    }
    return 'applied';
  }

  find(manager: EntityManager, id: string): Promise<AgencyView | null> {
    return manager.findOneBy(AgencyView, { id });
  }
}
