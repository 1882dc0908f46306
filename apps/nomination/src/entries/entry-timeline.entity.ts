import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { EntryState } from '@lumbung/contracts';
import { Entry } from './entry.entity.js';

/** One step of an entry's life, written with the event it published: who, when, the state after, and its note. */
@Entity({ name: 'entry_timeline' })
@Index('entry_timeline_entry_idx', ['entryId', 'seq'])
export class EntryTimelineRow {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: string;

  @Column({ name: 'entry_id', type: 'uuid' })
  entryId: string;

  @ManyToOne(() => Entry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'entry_timeline_entry_fk' })
  entry?: Relation<Entry>;

  @Column('int')
  version: number;

  /** The event type the step published. */
  @Column('text')
  type: string;

  @Column('text')
  state: EntryState;

  @Column('text')
  actor: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;

  @Column('timestamptz')
  at: Date;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'date', nullable: true })
  deadline: string | null;
}
