import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { InnovationSnapshot } from '@lumbung/contracts';
import { Innovation } from './innovation.entity.js';

/** One row per change of an innovation: every change bumps the version, so (innovation, version) is unique. */
@Entity({ name: 'innovation_history' })
export class InnovationHistory {
  @PrimaryColumn({ name: 'innovation_id', type: 'uuid' })
  innovationId: string;

  @PrimaryColumn('int')
  version: number;

  @ManyToOne(() => Innovation, { nullable: false })
  @JoinColumn({ name: 'innovation_id', foreignKeyConstraintName: 'innovation_history_innovation_fk' })
  innovation?: Relation<Innovation>;

  /** registered, revised, stage-changed or retired. */
  @Column('text')
  action: string;

  @Column({ name: 'actor_sub', type: 'text' })
  actorSub: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ name: 'changed_fields', type: 'text', array: true })
  changedFields: string[];

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** The record as it stood after this change. */
  @Column('jsonb')
  snapshot: InnovationSnapshot;
}
