import type { MigrationInterface, QueryRunner } from 'typeorm';
import { reminderTableSql } from '@lumbung/platform';

/** The reminders sent, so each is published once whatever the replicas and restarts (issue 16). */
export class Reminders1765900000000 implements MigrationInterface {
  name = 'Reminders1765900000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of reminderTableSql('nomination').up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of reminderTableSql('nomination').down) await q.query(sql);
  }
}
