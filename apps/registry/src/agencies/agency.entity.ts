import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** An OPD (dinas, badan, RSUD, kecamatan, BUMD) of a regency/city or province. */
@Entity({ name: 'agency' })
@Index('agency_region_idx', ['regionCode'])
// Unique on (region_code, lower(name)) among active agencies: an expression index TypeORM cannot
// describe, so the migration owns it and synchronize: false keeps the schema-diff check quiet.
@Index('agency_active_name_uq', { synchronize: false })
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
