import type { MigrationInterface, QueryRunner } from 'typeorm';
import { changeAuditTableSql } from '@lumbung/platform';

/** The audit of edition changes, admissions, decisions and forwarding, each field before and after (issue 17). */
export class ChangeAudit1765800000000 implements MigrationInterface {
  name = 'ChangeAudit1765800000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of changeAuditTableSql('nomination').up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of changeAuditTableSql('nomination').down) await q.query(sql);
  }
}
