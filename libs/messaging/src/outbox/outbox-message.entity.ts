import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { EventEnvelope } from '@lumbung/contracts';

/** An event written in the same transaction as the change it describes, waiting for the relay. */
@Entity({ name: 'outbox' })
@Index('outbox_unsent_idx', ['seq'], { where: 'sent_at IS NULL' })
/** The retention's path to sent rows, oldest first (OutboxRetention). */
@Index('outbox_sent_idx', ['sentAt'], { where: 'sent_at IS NOT NULL' })
export class OutboxMessage {
  /** The event id. */
  @PrimaryColumn('uuid')
  id: string;

  /** Commit order, so the relay sends an aggregate's events in the order they happened. */
  @Column({ type: 'bigint', generated: 'increment', unique: true, update: false, insert: false })
  seq: string;

  @Column('text')
  type: string;

  @Column('jsonb')
  envelope: EventEnvelope;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
