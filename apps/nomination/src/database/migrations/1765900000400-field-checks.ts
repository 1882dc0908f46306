import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The jurors' field checks (verifikasi lapangan) of finalists (issue 16). */
export class FieldChecks1765900000400 implements MigrationInterface {
  name = 'FieldChecks1765900000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "nomination"."field_check" (
      "entry_id" uuid NOT NULL CONSTRAINT "field_check_entry_fk" REFERENCES "nomination"."entry" ("id"),
      "juror_id" text NOT NULL,
      "edition_id" uuid NOT NULL,
      "outcome" text NOT NULL,
      "note" text NOT NULL,
      "checked_at" timestamptz NOT NULL,
      PRIMARY KEY ("entry_id", "juror_id")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "nomination"."field_check"`);
  }
}
