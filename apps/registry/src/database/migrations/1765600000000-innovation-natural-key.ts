import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An innovation's natural key for imports (issue 18): its agency, its name as the agency-name rule
 * compares names (case-insensitive) and its year. A re-run of a spreadsheet looks each row up by it
 * before registering, so the look-up must not walk every innovation of a large agency. Not unique:
 * records typed in before imports existed may share a name in a year, and the HTTP API allows it.
 */
export class InnovationNaturalKey1765600000000 implements MigrationInterface {
  name = 'InnovationNaturalKey1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "innovation_natural_key_idx" ON "registry"."innovation" ("agency_id", "year_registered", lower("name"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "registry"."innovation_natural_key_idx"`);
  }
}
