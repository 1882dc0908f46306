import type { MigrationInterface, QueryRunner } from 'typeorm';
import { importJobTableSql } from '@lumbung/messaging';

/** The national results imported over HTTP (issue 18): the same jobs table as the registry's imports. */
export class ImportJobs1765900000800 implements MigrationInterface {
  name = 'ImportJobs1765900000800';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of importJobTableSql('nomination')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "nomination"."import_job"`);
  }
}
