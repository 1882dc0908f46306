import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * KIPP as practised: an entry carries its proposal (the summary and one text per criterion), may
 * start as a draft, be returned for correction with a note and a deadline, or be withdrawn; a
 * national edition has categories with their own quotas; every step of an entry is kept on its
 * timeline. Existing entries get an empty proposal and no category, as they were entered.
 */
export class EntryLifecycleProposalsCategories1765300000000 implements MigrationInterface {
  name = 'EntryLifecycleProposalsCategories1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "nomination"."edition" ADD "categories" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE "nomination"."entry" ADD "category" text`);
    await q.query(`ALTER TABLE "nomination"."entry" ADD "proposal" jsonb NOT NULL DEFAULT '{"summary": "", "sections": []}'`);
    await q.query(`ALTER TABLE "nomination"."entry" ADD "return_note" text`);
    await q.query(`ALTER TABLE "nomination"."entry" ADD "return_deadline" date`);
    await q.query(`ALTER TABLE "nomination"."entry" ADD "withdrawal_reason" text`);
    await q.query(`ALTER TABLE "nomination"."entry" ADD "withdrawn_from" text`);
    await q.query(`CREATE TABLE "nomination"."entry_timeline" (
      "seq" bigserial PRIMARY KEY,
      "entry_id" uuid NOT NULL,
      "version" integer NOT NULL,
      "type" text NOT NULL,
      "state" text NOT NULL,
      "actor" text NOT NULL,
      "actor_role" text NOT NULL,
      "at" timestamptz NOT NULL,
      "note" text,
      "deadline" date,
      CONSTRAINT "entry_timeline_entry_fk" FOREIGN KEY ("entry_id") REFERENCES "nomination"."entry" ("id") ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX "entry_timeline_entry_idx" ON "nomination"."entry_timeline" ("entry_id", "seq")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "nomination"."entry_timeline"`);
    for (const column of ['withdrawn_from', 'withdrawal_reason', 'return_deadline', 'return_note', 'proposal', 'category']) await q.query(`ALTER TABLE "nomination"."entry" DROP COLUMN "${column}"`);
    await q.query(`ALTER TABLE "nomination"."edition" DROP COLUMN "categories"`);
  }
}
