import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import type { EvidenceLink, Initiator, InnovationContact, InnovationForm, InnovationStage } from '@lumbung/contracts';
import { Agency } from '../agencies/agency.entity.js';

/**
 * The master record of an innovation. Reads and writes go through SQL in InnovationStore; the
 * entity is here so TypeORM's schema check compares it with the migrations.
 */
@Entity({ name: 'innovation' })
@Index('innovation_listing_idx', ['registeredAt', 'id'])
@Index('innovation_region_year_idx', ['regionCode', 'yearRegistered'])
@Index('innovation_province_idx', ['provinceCode'])
@Index('innovation_agency_idx', ['agencyId'])
@Index('innovation_origin_idx', ['originInnovationId'])
// A second replication.completed for the same request never makes a second record.
@Index('innovation_replication_request_uq', ['replicationRequestId'], { unique: true })
// GIN indexes TypeORM cannot describe; migration 1732300004200 owns them.
@Index('innovation_search_idx', { synchronize: false })
@Index('innovation_name_search_idx', { synchronize: false })
// On lower(name): migration 1765600000000 owns it (an import's look-up by natural key).
@Index('innovation_natural_key_idx', { synchronize: false })
export class Innovation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('int')
  version: number;

  @Column('text')
  name: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode: string;

  @Column({ name: 'province_code', type: 'text' })
  provinceCode: string;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @ManyToOne(() => Agency, { nullable: false })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'innovation_agency_fk' })
  agency?: Relation<Agency>;

  @Column({ name: 'type_code', type: 'text' })
  typeCode: string;

  @Column('text')
  stage: InnovationStage;

  @Column('text')
  initiator: Initiator;

  @Column('boolean')
  digital: boolean;

  @Column('text')
  form: InnovationForm;

  @Column({ name: 'government_affair', type: 'text' })
  governmentAffair: string;

  @Column({ name: 'trial_started_on', type: 'date', nullable: true })
  trialStartedOn: string | null;

  @Column({ name: 'implemented_on', type: 'date', nullable: true })
  implementedOn: string | null;

  @Column({ type: 'text', nullable: true })
  problem: string | null;

  @Column({ type: 'text', nullable: true })
  design: string | null;

  @Column({ type: 'text', nullable: true })
  goals: string | null;

  @Column({ type: 'text', nullable: true })
  benefits: string | null;

  @Column({ type: 'text', nullable: true })
  results: string | null;

  @Column({ name: 'adaptation_notes', type: 'text', nullable: true })
  adaptationNotes: string | null;

  @Column('jsonb')
  evidence: EvidenceLink[];

  /** The responsible officer: read by signed-in users only, never in a snapshot, an event or the public catalogue. */
  @Column({ type: 'jsonb', nullable: true })
  contact: InnovationContact | null;

  @Column({ name: 'origin_innovation_id', type: 'uuid', nullable: true })
  originInnovationId: string | null;

  @ManyToOne(() => Innovation, { nullable: true })
  @JoinColumn({ name: 'origin_innovation_id', foreignKeyConstraintName: 'innovation_origin_fk' })
  origin?: Relation<Innovation> | null;

  @Column({ name: 'replication_request_id', type: 'text', nullable: true })
  replicationRequestId: string | null;

  @Column({ name: 'year_registered', type: 'int' })
  yearRegistered: number;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @Column({ name: 'retire_reason', type: 'text', nullable: true })
  retireReason: string | null;

  @CreateDateColumn({ name: 'registered_at', type: 'timestamptz' })
  registeredAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** The search document, written by a trigger from the text columns (migration 1732300004200); never set by the application. */
  @Column({ name: 'search_vector', type: 'tsvector', select: false, insert: false, update: false })
  searchVector: string;
}
