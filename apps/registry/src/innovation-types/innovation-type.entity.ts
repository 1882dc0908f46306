import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A region's own list of innovation types. A region with no rows uses DEFAULT_INNOVATION_TYPES;
 * its first edit copies the defaults in, so each region's list is explicit once it is changed.
 */
@Entity({ name: 'innovation_type' })
export class InnovationType {
  @PrimaryColumn({ name: 'region_code', type: 'text' })
  regionCode: string;

  @PrimaryColumn('text')
  code: string;

  @Column('text')
  name: string;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;
}
