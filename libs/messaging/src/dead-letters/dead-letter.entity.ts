import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An event this service could not handle: invalid against its contract, or failing past its last retry. */
@Entity({ name: 'dead_letter' })
@Index('dead_letter_open_idx', ['failedAt'], { where: 'replayed_at IS NULL' })
export class DeadLetter {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  queue: string;

  @Column({ name: 'job_id', type: 'text' })
  jobId: string;

  /** Null when the message was too broken to carry an event id. */
  @Column({ name: 'event_id', type: 'text', nullable: true })
  eventId: string | null;

  @Column({ type: 'text', nullable: true })
  type: string | null;

  /** The job data as received, kept whole so it can be inspected and replayed. */
  @Column('jsonb')
  message: unknown;

  @Column('text')
  error: string;

  @Column({ name: 'unrecoverable', type: 'boolean' })
  unrecoverable: boolean;

  @Column('int')
  attempts: number;

  @CreateDateColumn({ name: 'failed_at', type: 'timestamptz' })
  failedAt: Date;

  @Column({ name: 'replayed_at', type: 'timestamptz', nullable: true })
  replayedAt: Date | null;

  @Column({ name: 'replay_count', type: 'int', default: 0 })
  replayCount: number;
}
