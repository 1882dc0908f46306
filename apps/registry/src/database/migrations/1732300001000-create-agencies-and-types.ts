import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAgenciesAndTypes1732300001000 implements MigrationInterface {
  name = 'CreateAgenciesAndTypes1732300001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "registry"."agency" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "region_code" text NOT NULL,
      "name" text NOT NULL,
      "version" integer NOT NULL,
      "retired_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "agency_region_idx" ON "registry"."agency" ("region_code")`);
    // Two active agencies of one region never share a name (case-insensitive).
    await q.query(`CREATE UNIQUE INDEX "agency_active_name_uq" ON "registry"."agency" ("region_code", lower("name")) WHERE retired_at IS NULL`);
    await q.query(`CREATE TABLE "registry"."innovation_type" (
      "region_code" text NOT NULL,
      "code" text NOT NULL,
      "name" text NOT NULL,
      "retired_at" timestamptz,
      PRIMARY KEY ("region_code", "code")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "registry"."innovation_type"`);
    await q.query(`DROP TABLE "registry"."agency"`);
  }
}
