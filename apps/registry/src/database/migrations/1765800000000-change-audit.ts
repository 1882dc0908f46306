import type { MigrationInterface, QueryRunner } from 'typeorm';
import { changeAuditTableSql } from '@lumbung/platform';

/** The audit of agency and innovation type changes, each field before and after (issue 17). */
export class ChangeAudit1765800000000 implements MigrationInterface {
  name = 'ChangeAudit1765800000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of changeAuditTableSql('registry').up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of changeAuditTableSql('registry').down) await q.query(sql);
  }
}
