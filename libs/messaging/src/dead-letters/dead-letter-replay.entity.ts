import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One replay of a dead letter: who, when, and with what payload before and after. A replay with a
 * changed payload makes a service act on an event its producer never wrote, so it is kept for good.
 */
@Entity({ name: 'dead_letter_replay' })
@Index('dead_letter_replay_letter_idx', ['deadLetterId'])
export class DeadLetterReplay {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'dead_letter_id', type: 'uuid' })
  deadLetterId: string;

  @Column({ name: 'actor_sub', type: 'text' })
  actorSub: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;

  @CreateDateColumn({ name: 'replayed_at', type: 'timestamptz' })
  replayedAt: Date;

  /** The payload as it stood before this replay. */
  @Column({ name: 'payload_before', type: 'jsonb', nullable: true })
  payloadBefore: unknown;

  /** The corrected payload, or null when the message was replayed unchanged. */
  @Column({ name: 'payload_after', type: 'jsonb', nullable: true })
  payloadAfter: unknown;
}
