import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation, type ValueTransformer } from 'typeorm';
import type { FieldCheckOutcome } from '@lumbung/contracts';
import { Entry } from '../entries/entry.entity.js';

/** numeric(5,2) comes back from pg as a string; scores are numbers to the service. */
export const NUMERIC_SCORE: ValueTransformer = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** One juror's score of one criterion of one entry (the proposal round). */
@Entity({ name: 'score' })
@Index('score_edition_idx', ['editionId'])
export class Score {
  @PrimaryColumn({ name: 'entry_id', type: 'uuid' })
  entryId: string;

  @PrimaryColumn({ name: 'juror_id', type: 'text' })
  jurorId: string;

  @PrimaryColumn('text')
  criterion: string;

  @ManyToOne(() => Entry, { nullable: false })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'score_entry_fk' })
  entry?: Relation<Entry>;

  @Column({ name: 'edition_id', type: 'uuid' })
  editionId: string;

  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: NUMERIC_SCORE })
  value: number;

  @Column({ name: 'scored_at', type: 'timestamptz', default: () => 'now()' })
  scoredAt: Date;

  /** The juror's comment on the criterion: the jury's and the admins' to read, no one else's. */
  @Column({ type: 'text', nullable: true })
  comment: string | null;
}

/** One juror's score of a finalist's presentation and interview. */
@Entity({ name: 'presentation_score' })
@Index('presentation_score_edition_idx', ['editionId'])
export class PresentationScore {
  @PrimaryColumn({ name: 'entry_id', type: 'uuid' })
  entryId: string;

  @PrimaryColumn({ name: 'juror_id', type: 'text' })
  jurorId: string;

  @ManyToOne(() => Entry, { nullable: false })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'presentation_score_entry_fk' })
  entry?: Relation<Entry>;

  @Column({ name: 'edition_id', type: 'uuid' })
  editionId: string;

  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: NUMERIC_SCORE })
  value: number;

  @Column({ name: 'scored_at', type: 'timestamptz', default: () => 'now()' })
  scoredAt: Date;
}

/** A juror's field check (verifikasi lapangan) of a finalist, one per juror and entry, the last one kept. */
@Entity({ name: 'field_check' })
export class FieldCheck {
  @PrimaryColumn({ name: 'entry_id', type: 'uuid' })
  entryId: string;

  @PrimaryColumn({ name: 'juror_id', type: 'text' })
  jurorId: string;

  @ManyToOne(() => Entry, { nullable: false })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'field_check_entry_fk' })
  entry?: Relation<Entry>;

  @Column({ name: 'edition_id', type: 'uuid' })
  editionId: string;

  /** confirmed or not-confirmed, as FieldCheckDto allows. */
  @Column('text')
  outcome: FieldCheckOutcome;

  @Column('text')
  note: string;

  @Column({ name: 'checked_at', type: 'timestamptz' })
  checkedAt: Date;
}
