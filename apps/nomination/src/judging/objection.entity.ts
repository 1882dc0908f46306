import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { ObjectionOutcome } from '@lumbung/contracts';
import { Entry } from '../entries/entry.entity.js';

/** A public objection (sanggah) against a finalist, filed in the objection window. */
@Entity({ name: 'objection' })
@Index('objection_edition_idx', ['editionId'])
@Index('objection_entry_idx', ['entryId'])
export class Objection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'edition_id', type: 'uuid' })
  editionId: string;

  @Column({ name: 'entry_id', type: 'uuid' })
  entryId: string;

  @ManyToOne(() => Entry, { nullable: false })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'objection_entry_fk' })
  entry?: Relation<Entry>;

  @Column('text')
  reason: string;

  @Column({ name: 'filed_by', type: 'text' })
  filedBy: string;

  @Column({ name: 'filed_at', type: 'timestamptz', default: () => 'now()' })
  filedAt: Date;

  @Column({ type: 'text', nullable: true })
  outcome: ObjectionOutcome | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'resolved_by', type: 'text', nullable: true })
  resolvedBy: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;
}
