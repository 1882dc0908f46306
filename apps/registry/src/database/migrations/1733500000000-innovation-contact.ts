import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The responsible officer of an innovation (name, position, work phone and e-mail), in a column of
 * its own and not among the snapshot columns, so no event, and no public answer, can carry it by
 * accident.
 */
export class InnovationContact1733500000000 implements MigrationInterface {
  name = 'InnovationContact1733500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "registry"."innovation" ADD "contact" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "registry"."innovation" DROP COLUMN "contact"`);
  }
}
