import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ReplicationStatus } from '@lumbung/contracts';
import { ReplicationRequest } from './replication-request.entity.js';

/** One step of a request's life: who, when, from which status to which, with a note and what was recorded. */
@Entity({ name: 'replication_timeline' })
export class ReplicationTimelineRow {
  @PrimaryColumn({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @ManyToOne(() => ReplicationRequest, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'replication_timeline_request_fk' })
  request?: ReplicationRequest;

  /** The request's version after the step: one row per version, so the timeline has no gaps or doubles. */
  @PrimaryColumn('int')
  version: number;

  @Column('text')
  action: string;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: ReplicationStatus | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus: ReplicationStatus;

  @Column('text')
  actor: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId: string;
}
