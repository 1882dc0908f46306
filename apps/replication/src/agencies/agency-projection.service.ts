import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AgencySnapshot } from '@lumbung/contracts';
import type { ReceivedEvent } from '@lumbung/messaging';
import { entityOf, queryPrepared, selectListOf, tableOf } from '@lumbung/platform';
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
    const before = await manager.findOneBy(AgencyView, { id: agency.id });
    if (before && before.version >= version) return 'stale';
    // The guard is in the statement: two first events of one agency handled at once both find no row
    // to lock, and the older one must not win by committing last.
    const written: unknown[] = await manager.query(
      `INSERT INTO "replication"."agency_view" AS v (id, version, region_code, name, retired_at, projected_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, region_code = EXCLUDED.region_code,
         name = EXCLUDED.name, retired_at = EXCLUDED.retired_at, projected_at = now()
       WHERE v.version < EXCLUDED.version
       RETURNING id`,
      [agency.id, version, agency.regionCode, agency.name, agency.retiredAt ? new Date(agency.retiredAt) : null],
    );
    if (written.length === 0) return 'stale';
    if (before && before.name !== agency.name) {
      // Lists show the adopting agency's current name without asking the registry.
      await manager.query(`UPDATE "replication"."replication_request" SET adopter_agency_name = $2 WHERE adopter_agency_id = $1`, [agency.id, agency.name]);
    }
    return 'applied';
  }

  /** Plain SQL: read on every request filed, where TypeORM's find cost more CPU than the statement. */
  async find(manager: EntityManager, id: string): Promise<AgencyView | null> {
    const [row] = await queryPrepared(manager, `SELECT ${selectListOf(manager.connection, AgencyView)} FROM ${tableOf(manager.connection, AgencyView)} WHERE id = $1`, [id]);
    return row ? entityOf(AgencyView, row) : null;
  }
}
