import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { EntryCategory, EntryState, InnovationSnapshot, NationalResult, Proposal } from '@lumbung/contracts';
import { Edition } from '../editions/edition.entity.js';
import { EditionPanel } from '../panels/edition-panel.entity.js';

/**
 * An innovation entered into an edition, with the innovation as it stood then. A forwarded entry
 * links to its source (a nomination link, not a hand-off: the source keeps its own state).
 */
@Entity({ name: 'entry' })
@Index('entry_edition_innovation_uq', ['editionId', 'innovationId'], { unique: true })
@Index('entry_edition_agency_idx', ['editionId', 'agencyId'])
@Index('entry_source_idx', ['sourceEntryId'])
@Index('entry_innovation_idx', ['innovationId'])
@Index('entry_panel_idx', ['panelId'])
export class Entry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'edition_id', type: 'uuid' })
  editionId: string;

  @ManyToOne(() => Edition, { nullable: false })
  @JoinColumn({ name: 'edition_id', foreignKeyConstraintName: 'entry_edition_fk' })
  edition?: Relation<Edition>;

  @Column({ name: 'innovation_id', type: 'uuid' })
  innovationId: string;

  @Column({ name: 'innovation_version', type: 'int' })
  innovationVersion: number;

  @Column({ name: 'innovation_name', type: 'text' })
  innovationName: string;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @Column({ name: 'agency_name', type: 'text' })
  agencyName: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode: string;

  @Column({ name: 'province_code', type: 'text' })
  provinceCode: string;

  @Column('jsonb')
  snapshot: InnovationSnapshot;

  @Column('text')
  state: EntryState;

  /** The category of a national edition that has them; null elsewhere. */
  @Column({ type: 'text', nullable: true })
  category: EntryCategory | null;

  /** The jury panel that scores the entry; null: any juror of the edition may. */
  @Column({ name: 'panel_id', type: 'uuid', nullable: true })
  panelId: string | null;

  @ManyToOne(() => EditionPanel, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'panel_id', foreignKeyConstraintName: 'entry_panel_fk' })
  panel?: Relation<EditionPanel> | null;

  /** The summary and one text per criterion (sections in the edition's criteria order). */
  @Column({ type: 'jsonb', default: () => `'{"summary": "", "sections": []}'` })
  proposal: Proposal;

  /** The last return for correction: what to correct and the last day (WIB) to resubmit. */
  @Column({ name: 'return_note', type: 'text', nullable: true })
  returnNote: string | null;

  @Column({ name: 'return_deadline', type: 'date', nullable: true })
  returnDeadline: string | null;

  @Column({ name: 'withdrawal_reason', type: 'text', nullable: true })
  withdrawalReason: string | null;

  /** The state a withdrawn entry left: a draft withdrawn was never entered, and counts nowhere. */
  @Column({ name: 'withdrawn_from', type: 'text', nullable: true })
  withdrawnFrom: EntryState | null;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason: string | null;

  @Column({ name: 'disqualification_reason', type: 'text', nullable: true })
  disqualificationReason: string | null;

  /** Cached from the scores on every change, for lists and tracking; the ranking recomputes it. */
  @Column({ name: 'proposal_score', type: 'double precision', nullable: true })
  proposalScore: number | null;

  @Column({ name: 'proposal_jurors', type: 'int', default: 0 })
  proposalJurors: number;

  @Column({ name: 'presentation_score', type: 'double precision', nullable: true })
  presentationScore: number | null;

  @Column({ name: 'final_score', type: 'double precision', nullable: true })
  finalScore: number | null;

  /** The rank the decision gave a winner. */
  @Column({ type: 'int', nullable: true })
  rank: number | null;

  @Column({ name: 'source_entry_id', type: 'uuid', nullable: true })
  sourceEntryId: string | null;

  @ManyToOne(() => Entry, { nullable: true })
  @JoinColumn({ name: 'source_entry_id', foreignKeyConstraintName: 'entry_source_fk' })
  source?: Relation<Entry> | null;

  /** The owner region of the source edition, for the forwarding quota. */
  @Column({ name: 'source_region_code', type: 'text', nullable: true })
  sourceRegionCode: string | null;

  @Column({ name: 'national_result', type: 'text', nullable: true })
  nationalResult: NationalResult | null;

  @Column({ name: 'national_result_at', type: 'timestamptz', nullable: true })
  nationalResultAt: Date | null;

  @Column({ name: 'submitted_by', type: 'text' })
  submittedBy: string;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @Column('int')
  version: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
