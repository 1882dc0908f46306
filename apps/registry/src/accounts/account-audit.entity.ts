import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who changed which account, how, and when: kept for the admins of the account's scope. */
@Entity({ name: 'account_audit' })
@Index('account_audit_account_idx', ['accountId', 'at'])
export class AccountAudit {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column('text')
  action: string;

  @Column({ name: 'actor_sub', type: 'text' })
  actorSub: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole: string;

  /** Field → [before, after]; never a password or its hash. */
  @Column('jsonb', { default: () => "'{}'" })
  changes: Record<string, [unknown, unknown]>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
