import type { MigrationInterface, QueryRunner } from 'typeorm';
import { reminderTableSql } from '@lumbung/platform';

/** The reminders sent, so each is published once whatever the replicas and restarts (compliance.reminder, issue 16). */
export class Reminders1765900000200 implements MigrationInterface {
  name = 'Reminders1765900000200';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of reminderTableSql('registry').up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of reminderTableSql('registry').down) await q.query(sql);
  }
}
