import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A person's (or another service's) account: who they are, the role they act in and the scope the
 * role needs, as the token they get will say. The registry keeps it because every scope is a
 * region or agency the registry owns (see the README's architecture notes).
 */
@Entity({ name: 'account' })
@Index('account_email_uq', ['email'], { unique: true })
@Index('account_agency_idx', ['agencyId'])
@Index('account_oidc_uq', ['oidcIssuer', 'oidcSubject'], { unique: true, where: 'oidc_subject IS NOT NULL' })
export class Account {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Lower-cased: the sign-in name, compared without case. */
  @Column('text')
  email: string;

  @Column('text')
  name: string;

  @Column('text')
  role: string;

  /** Regency/city of a region-admin or agency-staff; for a juror or service, the admin's region that owns the account. */
  @Column({ name: 'region_code', type: 'text', nullable: true })
  regionCode: string | null;

  /** Province of a province-admin; for a juror, the province that owns the account. */
  @Column({ name: 'province_code', type: 'text', nullable: true })
  provinceCode: string | null;

  @Column({ name: 'agency_id', type: 'uuid', nullable: true })
  agencyId: string | null;

  /** A juror's editions, kept from the nomination service's competition.juror-* events. */
  @Column('text', { array: true, default: () => "'{}'" })
  editions: string[];

  @Column('boolean', { default: true })
  active: boolean;

  /** argon2id; null for an account that signs in only through the province's identity provider. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash: string | null;

  /** A one-time password (new account, reset): it must be replaced at the next sign-in, and expires. */
  @Column({ name: 'password_expires_at', type: 'timestamptz', nullable: true })
  passwordExpiresAt: Date | null;

  @Column({ name: 'oidc_issuer', type: 'text', nullable: true })
  oidcIssuer: string | null;

  @Column({ name: 'oidc_subject', type: 'text', nullable: true })
  oidcSubject: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'last_sign_in_at', type: 'timestamptz', nullable: true })
  lastSignInAt: Date | null;

  @Column('int', { default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
