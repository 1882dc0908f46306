import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CompetitionLevel, Criterion, EditionCategory, EditionPhase, EligibilityRules, PhaseWindow } from '@lumbung/contracts';

/** One competition (KIPP) edition: a level, an owner region and a year, with its calendar and rules. */
@Entity({ name: 'edition' })
@Index('edition_province_year_idx', ['provinceCode', 'year'])
@Index('edition_open_idx', ['phase'])
export class Edition {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  level: CompetitionLevel;

  /** The regency/city or province running it; null for the national edition. */
  @Column({ name: 'owner_region_code', type: 'text', nullable: true })
  ownerRegionCode: string | null;

  @Column({ name: 'province_code', type: 'text', nullable: true })
  provinceCode: string | null;

  @Column('int')
  year: number;

  @Column('text')
  name: string;

  @Column('text')
  phase: EditionPhase;

  @Column({ name: 'auto_advance', type: 'boolean' })
  autoAdvance: boolean;

  @Column('jsonb')
  schedule: PhaseWindow[];

  @Column('jsonb')
  criteria: Criterion[];

  @Column('jsonb')
  eligibility: EligibilityRules;

  /** A national edition's categories, each with its quota per agency; empty when it has none. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  categories: EditionCategory[];

  /** The evidence checklist: indicators an entry needs a document for before it is submitted. */
  @Column({ name: 'required_documents', type: 'text', array: true, default: () => "'{}'" })
  requiredDocuments: string[];

  @Column({ name: 'forwarding_quota', type: 'int', nullable: true })
  forwardingQuota: number | null;

  @Column({ name: 'finalist_count', type: 'int', nullable: true })
  finalistCount: number | null;

  @Column({ name: 'winner_count', type: 'int' })
  winnerCount: number;

  @Column({ name: 'presentation_weight', type: 'int' })
  presentationWeight: number;

  /** Set when finalists were named: from then on the decision chooses among them. */
  @Column({ name: 'finalists_named_at', type: 'timestamptz', nullable: true })
  finalistsNamedAt: Date | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column('int')
  version: number;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
