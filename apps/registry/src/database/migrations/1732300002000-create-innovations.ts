import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateInnovations1732300002000 implements MigrationInterface {
  name = 'CreateInnovations1732300002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "registry"."innovation" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "version" integer NOT NULL,
      "name" text NOT NULL,
      "region_code" text NOT NULL,
      "province_code" text NOT NULL,
      "agency_id" uuid NOT NULL,
      "type_code" text NOT NULL,
      "stage" text NOT NULL,
      "initiator" text NOT NULL,
      "digital" boolean NOT NULL,
      "form" text NOT NULL,
      "government_affair" text NOT NULL,
      "trial_started_on" date,
      "implemented_on" date,
      "problem" text,
      "design" text,
      "goals" text,
      "benefits" text,
      "results" text,
      "adaptation_notes" text,
      "evidence" jsonb NOT NULL,
      "origin_innovation_id" uuid,
      "replication_request_id" text,
      "year_registered" integer NOT NULL,
      "retired_at" timestamptz,
      "retire_reason" text,
      "registered_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "innovation_agency_fk" FOREIGN KEY ("agency_id") REFERENCES "registry"."agency" ("id"),
      CONSTRAINT "innovation_origin_fk" FOREIGN KEY ("origin_innovation_id") REFERENCES "registry"."innovation" ("id")
    )`);
    // Keyset pagination walks this backwards (registered_at DESC, id DESC).
    await q.query(`CREATE INDEX "innovation_listing_idx" ON "registry"."innovation" ("registered_at", "id")`);
    // Compliance: innovations of a region's agencies in a year.
    await q.query(`CREATE INDEX "innovation_region_year_idx" ON "registry"."innovation" ("region_code", "year_registered")`);
    await q.query(`CREATE INDEX "innovation_province_idx" ON "registry"."innovation" ("province_code")`);
    await q.query(`CREATE INDEX "innovation_agency_idx" ON "registry"."innovation" ("agency_id")`);
    await q.query(`CREATE INDEX "innovation_origin_idx" ON "registry"."innovation" ("origin_innovation_id")`);
    // NULLs are distinct, so only records made from a replication request are constrained.
    await q.query(`CREATE UNIQUE INDEX "innovation_replication_request_uq" ON "registry"."innovation" ("replication_request_id")`);
    // Must stay identical to INNOVATION_SEARCH_DOCUMENT in innovation.store.ts, or searches stop using it.
    await q.query(`CREATE INDEX "innovation_search_idx" ON "registry"."innovation" USING gin ((
      setweight(to_tsvector('indonesian'::regconfig, "name"), 'A') ||
      setweight(to_tsvector('indonesian'::regconfig,
        coalesce("problem", '') || ' ' || coalesce("design", '') || ' ' || coalesce("goals", '') || ' ' ||
        coalesce("benefits", '') || ' ' || coalesce("results", '') || ' ' || coalesce("adaptation_notes", '')), 'B')
    ))`);

    await q.query(`CREATE TABLE "registry"."innovation_history" (
      "innovation_id" uuid NOT NULL,
      "version" integer NOT NULL,
      "action" text NOT NULL,
      "actor_sub" text NOT NULL,
      "actor_role" text NOT NULL,
      "correlation_id" text NOT NULL,
      "at" timestamptz NOT NULL DEFAULT now(),
      "changed_fields" text[] NOT NULL,
      "note" text,
      "snapshot" jsonb NOT NULL,
      PRIMARY KEY ("innovation_id", "version"),
      CONSTRAINT "innovation_history_innovation_fk" FOREIGN KEY ("innovation_id") REFERENCES "registry"."innovation" ("id")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "registry"."innovation_history"`);
    await q.query(`DROP TABLE "registry"."innovation"`);
  }
}
