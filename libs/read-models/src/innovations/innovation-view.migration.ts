import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@lumbung/messaging';

/** The innovation read model, in the schema of whichever consuming service lists this migration. */
export class CreateInnovationView1732300010000 implements MigrationInterface {
  name = 'CreateInnovationView1732300010000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`CREATE TABLE "${s}"."innovation_view" (
      "id" uuid PRIMARY KEY,
      "version" integer NOT NULL,
      "region_code" text NOT NULL,
      "province_code" text NOT NULL,
      "agency_id" uuid NOT NULL,
      "name" text NOT NULL,
      "stage" text NOT NULL,
      "year_registered" integer NOT NULL,
      "retired_at" timestamptz,
      "snapshot" jsonb NOT NULL,
      "projected_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "innovation_view_region_idx" ON "${s}"."innovation_view" ("region_code")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${schemaOf(q)}"."innovation_view"`);
  }
}
