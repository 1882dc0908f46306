import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { InnovationSnapshot } from '@lumbung/contracts';

/**
 * A consuming service's own copy of an innovation, built only from registry events. It lives in
 * the consumer's schema (a service never reads another's tables) and keeps the registry's version,
 * so an event that arrives late never overwrites a newer state.
 */
@Entity({ name: 'innovation_view' })
@Index('innovation_view_region_idx', ['regionCode'])
export class InnovationView {
  @PrimaryColumn('uuid')
  id: string;

  /** The registry's aggregate version this row reflects. */
  @Column('int')
  version: number;

  @Column({ name: 'region_code', type: 'text' })
  regionCode: string;

  @Column({ name: 'province_code', type: 'text' })
  provinceCode: string;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @Column('text')
  name: string;

  @Column('text')
  stage: string;

  @Column({ name: 'year_registered', type: 'int' })
  yearRegistered: number;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  /** The whole record as of `version`, for consumers that keep snapshots (nomination entries). */
  @Column('jsonb')
  snapshot: InnovationSnapshot;

  @Column({ name: 'projected_at', type: 'timestamptz', default: () => 'now()' })
  projectedAt: Date;
}
