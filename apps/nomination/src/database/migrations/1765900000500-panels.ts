import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Panels of a jury: each scores its own entries (issue 16). Jurors and entries in no panel keep today's behaviour. */
export class Panels1765900000500 implements MigrationInterface {
  name = 'Panels1765900000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "nomination"."edition_panel" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "edition_id" uuid NOT NULL,
      "name" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "edition_panel_edition_fk" FOREIGN KEY ("edition_id") REFERENCES "nomination"."edition" ("id") ON DELETE CASCADE
    )`);
    await q.query(`CREATE UNIQUE INDEX "edition_panel_name_uq" ON "nomination"."edition_panel" ("edition_id", "name")`);
    await q.query(`ALTER TABLE "nomination"."edition_juror" ADD "panel_id" uuid CONSTRAINT "edition_juror_panel_fk" REFERENCES "nomination"."edition_panel" ("id") ON DELETE SET NULL`);
    await q.query(`ALTER TABLE "nomination"."entry" ADD "panel_id" uuid CONSTRAINT "entry_panel_fk" REFERENCES "nomination"."edition_panel" ("id") ON DELETE SET NULL`);
    await q.query(`CREATE INDEX "entry_panel_idx" ON "nomination"."entry" ("panel_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "nomination"."entry" DROP COLUMN "panel_id"`);
    await q.query(`ALTER TABLE "nomination"."edition_juror" DROP COLUMN "panel_id"`);
    await q.query(`DROP TABLE "nomination"."edition_panel"`);
  }
}
