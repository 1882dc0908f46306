import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A completed replication of an innovation, from replication.completed: evidence for the judges. */
@Entity({ name: 'replication_evidence' })
@Index('replication_evidence_origin_idx', ['originInnovationId'])
export class ReplicationEvidence {
  @PrimaryColumn({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ name: 'origin_innovation_id', type: 'uuid' })
  originInnovationId: string;

  @Column({ name: 'origin_region_code', type: 'text' })
  originRegionCode: string;

  @Column({ name: 'adopter_region_code', type: 'text' })
  adopterRegionCode: string;

  @Column({ name: 'adopter_agency_id', type: 'uuid' })
  adopterAgencyId: string;

  @Column('text')
  model: string;

  @Column({ name: 'benefit_evaluation', type: 'text', nullable: true })
  benefitEvaluation: string | null;

  @Column({ name: 'completed_at', type: 'timestamptz' })
  completedAt: Date;
}
