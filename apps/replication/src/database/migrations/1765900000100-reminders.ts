import type { MigrationInterface, QueryRunner } from 'typeorm';
import { reminderTableSql } from '@lumbung/platform';

/** The reminders sent, so each is published once whatever the replicas and restarts (replication.stalled, issue 16). */
export class Reminders1765900000100 implements MigrationInterface {
  name = 'Reminders1765900000100';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of reminderTableSql('replication').up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of reminderTableSql('replication').down) await q.query(sql);
  }
}
