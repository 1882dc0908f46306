import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ReplicationAgreement, ReplicationFacilitator, ReplicationModel, ReplicationStatus } from '@lumbung/contracts';

export interface StoredContact {
  name: string;
  position: string | null;
  phone: string | null;
  email: string | null;
}

/** A region's request to replicate another region's innovation, and where it stands. */
@Entity({ name: 'replication_request' })
@Index('replication_request_origin_region_idx', ['originRegionCode', 'requestedAt'])
@Index('replication_request_adopter_region_idx', ['adopterRegionCode', 'requestedAt'])
@Index('replication_request_origin_innovation_idx', ['originInnovationId', 'requestedAt'])
@Index('replication_request_province_idx', ['originProvinceCode', 'adopterProvinceCode', 'requestedAt'])
// One open request per (origin innovation, adopter agency): a partial unique index, which TypeORM
// cannot describe, so the migration owns it (as it does the stalled-requests index).
@Index('replication_request_open_uq', { synchronize: false })
@Index('replication_request_open_activity_idx', { synchronize: false })
// The checks are the migration's (TypeORM matches them by name); the state machine keeps to them.
@Check('replication_request_status_ck', `"status" IN ('requested','accepted','declined','agreement-signed','in-progress','implemented','completed','withdrawn','cancelled')`)
@Check('replication_request_model_ck', `"model" IN ('mandiri','kerja-sama','fasilitasi')`)
@Check('replication_request_other_region_ck', `"origin_region_code" <> "adopter_region_code"`)
export class ReplicationRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Incremented by every change; the aggregate version of the events and the ETag. */
  @Column('int')
  version: number;

  @Column('text')
  status: ReplicationStatus;

  @Column('text')
  model: ReplicationModel;

  @Column({ name: 'origin_innovation_id', type: 'uuid' })
  originInnovationId: string;

  /** Kept current from the registry's events, for lists that never call the registry. */
  @Column({ name: 'origin_innovation_name', type: 'text' })
  originInnovationName: string;

  @Column({ name: 'origin_region_code', type: 'text' })
  originRegionCode: string;

  @Column({ name: 'origin_province_code', type: 'text' })
  originProvinceCode: string;

  @Column({ name: 'origin_agency_id', type: 'uuid' })
  originAgencyId: string;

  @Column({ name: 'adopter_region_code', type: 'text' })
  adopterRegionCode: string;

  @Column({ name: 'adopter_province_code', type: 'text' })
  adopterProvinceCode: string;

  @Column({ name: 'adopter_agency_id', type: 'uuid' })
  adopterAgencyId: string;

  @Column({ name: 'adopter_agency_name', type: 'text' })
  adopterAgencyName: string;

  @Column({ type: 'jsonb', nullable: true })
  facilitator: ReplicationFacilitator | null;

  @Column('text')
  reason: string;

  @Column('text')
  plan: string;

  @Column('jsonb')
  contact: StoredContact;

  @Column({ type: 'jsonb', nullable: true })
  agreement: ReplicationAgreement | null;

  @Column({ name: 'implemented_on', type: 'date', nullable: true })
  implementedOn: string | null;

  @Column({ name: 'adopter_innovation_name', type: 'text', nullable: true })
  adopterInnovationName: string | null;

  @Column({ name: 'adaptation_notes', type: 'text', nullable: true })
  adaptationNotes: string | null;

  @Column({ name: 'benefit_evaluation', type: 'text', nullable: true })
  benefitEvaluation: string | null;

  @Column({ name: 'origin_retired_at', type: 'timestamptz', nullable: true })
  originRetiredAt: Date | null;

  @Column({ name: 'origin_retire_reason', type: 'text', nullable: true })
  originRetireReason: string | null;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt: Date;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** The last step taken by a party; the origin-retired flag is not one, so it does not wake a stalled request. */
  @Column({ name: 'last_activity_at', type: 'timestamptz', default: () => 'now()' })
  lastActivityAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
