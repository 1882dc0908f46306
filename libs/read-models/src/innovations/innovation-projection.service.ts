import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { InnovationSnapshot } from '@lumbung/contracts';
import type { ReceivedEvent } from '@lumbung/messaging';
import { SERVICE_NAME } from '@lumbung/platform';
import { InnovationView } from './innovation-view.entity.js';

export type InnovationEventType = 'innovation.registered' | 'innovation.revised' | 'innovation.stage-changed' | 'innovation.retired';

export interface InnovationChange {
  type: InnovationEventType;
  /** The view before this event; null for an innovation first seen now. */
  before: InnovationView | null;
  after: InnovationView;
  event: ReceivedEvent<InnovationEventType>;
}

/** Reacts to an applied change in the same transaction (e.g. flag open requests of a retired origin). */
export type InnovationChangeListener = (change: InnovationChange, manager: EntityManager) => Promise<void>;

export type ProjectionOutcome = 'applied' | 'stale';

/**
 * Applies registry events to the service's innovation view. Every innovation event carries the
 * whole record, so applying is an upsert guarded by the aggregate version: BullMQ with concurrency
 * above one can deliver version 3 before version 2, and the older one must then change nothing.
 */
@Injectable()
export class InnovationProjection {
  private readonly listeners: InnovationChangeListener[] = [];

  constructor(@Inject(SERVICE_NAME) private readonly service: string) {}

  onChange(listener: InnovationChangeListener): void {
    this.listeners.push(listener);
  }

  async apply(type: InnovationEventType, event: ReceivedEvent<InnovationEventType>): Promise<ProjectionOutcome> {
    const { manager } = event;
    const snapshot = event.payload.innovation as InnovationSnapshot;
    const version = event.envelope.aggregateVersion;
    const before = await manager.getRepository(InnovationView).findOneBy({ id: snapshot.id });
    if (before && before.version >= version) return 'stale';
    const row = {
      id: snapshot.id,
      version,
      regionCode: snapshot.regionCode,
      provinceCode: snapshot.provinceCode,
      agencyId: snapshot.agencyId,
      name: snapshot.name,
      stage: snapshot.stage,
      yearRegistered: snapshot.yearRegistered,
      retiredAt: snapshot.retiredAt ? new Date(snapshot.retiredAt) : null,
      snapshot: JSON.parse(JSON.stringify(snapshot)) as InnovationSnapshot,
      projectedAt: new Date(),
    };
    // The version guard lives in the statement itself: two first events of one innovation handled at
    // once both find no row to lock, and whichever commits last must still not win if it is older.
    const written: unknown[] = await manager.query(
      `INSERT INTO ${this.table} AS v (id, version, region_code, province_code, agency_id, name, stage, year_registered, retired_at, snapshot, projected_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
       ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, region_code = EXCLUDED.region_code,
         province_code = EXCLUDED.province_code, agency_id = EXCLUDED.agency_id, name = EXCLUDED.name,
         stage = EXCLUDED.stage, year_registered = EXCLUDED.year_registered, retired_at = EXCLUDED.retired_at,
         snapshot = EXCLUDED.snapshot, projected_at = now()
       WHERE v.version < EXCLUDED.version
       RETURNING id`,
      [row.id, row.version, row.regionCode, row.provinceCode, row.agencyId, row.name, row.stage, row.yearRegistered, row.retiredAt, JSON.stringify(row.snapshot)],
    );
    if (written.length === 0) return 'stale';
    const after = Object.assign(new InnovationView(), row);
    for (const listener of this.listeners) await listener({ type, before, after, event }, manager);
    return 'applied';
  }

  find(id: string, manager: EntityManager): Promise<InnovationView | null> {
    return manager.getRepository(InnovationView).findOneBy({ id });
  }

  /** Raw-SQL users schema-qualify with this (PGlite shares search_path across connections). */
  get table(): string {
    return `"${this.service}"."innovation_view"`;
  }
}
