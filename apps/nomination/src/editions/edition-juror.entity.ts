import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { EditionPanel } from '../panels/edition-panel.entity.js';
import { Edition } from './edition.entity.js';

/**
 * A juror assigned to an edition by its admin. The token's `editions` claim says who the juror is
 * allowed to be; this row says the owner actually assigned them, and holds their employment,
 * whose entries they may not score: the agency and region the admin recorded, and whatever the
 * juror declared on top. A declaration only adds: a juror cannot clear a conflict by re-declaring.
 */
@Entity({ name: 'edition_juror' })
export class EditionJuror {
  @PrimaryColumn({ name: 'edition_id', type: 'uuid' })
  editionId: string;

  @PrimaryColumn({ name: 'juror_id', type: 'text' })
  jurorId: string;

  @ManyToOne(() => Edition, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'edition_id', foreignKeyConstraintName: 'edition_juror_edition_fk' })
  edition?: Relation<Edition>;

  @Column('text')
  name: string;

  @Column({ type: 'text', nullable: true })
  affiliation: string | null;

  @Column({ name: 'agency_id', type: 'uuid', nullable: true })
  agencyId: string | null;

  @Column({ name: 'region_code', type: 'text', nullable: true })
  regionCode: string | null;

  /** Agencies the juror declared working at, added to (never replacing) the admin's record. */
  @Column({ name: 'declared_agency_ids', type: 'uuid', array: true, default: () => "'{}'" })
  declaredAgencyIds: string[];

  @Column({ name: 'declared_region_codes', type: 'text', array: true, default: () => "'{}'" })
  declaredRegionCodes: string[];

  /** The panel the juror sits on; null: the juror scores the entries that are in no panel. */
  @Column({ name: 'panel_id', type: 'uuid', nullable: true })
  panelId: string | null;

  @ManyToOne(() => EditionPanel, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'panel_id', foreignKeyConstraintName: 'edition_juror_panel_fk' })
  panel?: Relation<EditionPanel> | null;

  @Column({ name: 'assigned_by', type: 'text' })
  assignedBy: string;

  @Column({ name: 'assigned_at', type: 'timestamptz', default: () => 'now()' })
  assignedAt: Date;
}
