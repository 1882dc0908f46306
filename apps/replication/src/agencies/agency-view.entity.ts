import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The registry's agencies (OPD) as this service knows them from `agency.*` events, so a request
 * names an adopting agency the registry will accept when the replication completes.
 */
@Entity({ name: 'agency_view' })
export class AgencyView {
  @PrimaryColumn('uuid')
  id: string;

  /** The registry's aggregate version this row reflects; an older event changes nothing. */
  @Column('int')
  version: number;

  @Column({ name: 'region_code', type: 'text' })
  regionCode: string;

  @Column('text')
  name: string;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @Column({ name: 'projected_at', type: 'timestamptz', default: () => 'now()' })
  projectedAt: Date;
}
