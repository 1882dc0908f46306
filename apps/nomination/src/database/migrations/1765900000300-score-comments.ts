import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A juror's comment on each criterion they score, for the jury and the admins only (issue 16). */
export class ScoreComments1765900000300 implements MigrationInterface {
  name = 'ScoreComments1765900000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "nomination"."score" ADD COLUMN "comment" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "nomination"."score" DROP COLUMN "comment"`);
  }
}
