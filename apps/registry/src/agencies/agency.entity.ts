import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** An OPD (dinas, badan, RSUD, kecamatan, BUMD) of a regency/city or province. */
@Entity({ name: 'agency' })
@Index('agency_region_idx', ['regionCode'])
export class Agency {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode: string;

  @Column('text')
  name: string;

  @Column('int')
  version: number;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
