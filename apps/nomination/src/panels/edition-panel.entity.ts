import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Edition } from '../editions/edition.entity.js';

/**
 * A panel of an edition's jury: its jurors (edition_juror.panel_id) score its entries
 * (entry.panel_id), and only those. How panels stay comparable is in ranking.ts.
 */
@Entity({ name: 'edition_panel' })
@Index('edition_panel_name_uq', ['editionId', 'name'], { unique: true })
export class EditionPanel {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'edition_id', type: 'uuid' })
  editionId: string;

  @ManyToOne(() => Edition, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'edition_id', foreignKeyConstraintName: 'edition_panel_edition_fk' })
  edition?: Relation<Edition>;

  @Column('text')
  name: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
