import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One refresh token of a session (a family of tokens, each replacing the one before). Only its
 * SHA-256 is kept: the token itself is a 256-bit random string, so a hash without a salt is enough
 * and lets the token be found by it.
 */
@Entity({ name: 'account_refresh_token' })
@Index('account_refresh_token_family_idx', ['familyId'])
@Index('account_refresh_token_account_idx', ['accountId'])
export class RefreshToken {
  @PrimaryColumn({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @Column({ name: 'family_id', type: 'uuid' })
  familyId: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** Set when it was exchanged for its successor; a second use is a stolen token's. */
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
