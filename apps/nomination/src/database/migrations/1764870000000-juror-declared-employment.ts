import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A juror's own declarations of employment, kept apart from the agency and region the admin
 * recorded, so a declaration can only add conflicts of interest and never clear the admin's.
 */
export class JurorDeclaredEmployment1764870000000 implements MigrationInterface {
  name = 'JurorDeclaredEmployment1764870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "nomination"."edition_juror" ADD "declared_agency_ids" uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "nomination"."edition_juror" ADD "declared_region_codes" text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "nomination"."edition_juror" DROP COLUMN "declared_region_codes"`);
    await q.query(`ALTER TABLE "nomination"."edition_juror" DROP COLUMN "declared_agency_ids"`);
  }
}
