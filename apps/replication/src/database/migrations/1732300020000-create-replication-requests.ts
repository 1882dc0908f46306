import type { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen copies of the contract lists as they stood when this migration was written: a later
// status needs a migration of its own that widens these checks and the partial indexes.
const STATUSES = `'requested','accepted','declined','agreement-signed','in-progress','implemented','completed','withdrawn','cancelled'`;
const OPEN = `'requested','accepted','agreement-signed','in-progress','implemented'`;

export class CreateReplicationRequests1732300020000 implements MigrationInterface {
  name = 'CreateReplicationRequests1732300020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "replication"."replication_request" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "version" integer NOT NULL,
      "status" text NOT NULL,
      "model" text NOT NULL,
      "origin_innovation_id" uuid NOT NULL,
      "origin_innovation_name" text NOT NULL,
      "origin_region_code" text NOT NULL,
      "origin_province_code" text NOT NULL,
      "origin_agency_id" uuid NOT NULL,
      "adopter_region_code" text NOT NULL,
      "adopter_province_code" text NOT NULL,
      "adopter_agency_id" uuid NOT NULL,
      "adopter_agency_name" text NOT NULL,
      "facilitator" jsonb,
      "reason" text NOT NULL,
      "plan" text NOT NULL,
      "contact" jsonb NOT NULL,
      "agreement" jsonb,
      "implemented_on" date,
      "adopter_innovation_name" text,
      "adaptation_notes" text,
      "benefit_evaluation" text,
      "origin_retired_at" timestamptz,
      "origin_retire_reason" text,
      "requested_at" timestamptz NOT NULL DEFAULT now(),
      "answered_at" timestamptz,
      "closed_at" timestamptz,
      "last_activity_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "replication_request_status_ck" CHECK ("status" IN (${STATUSES})),
      CONSTRAINT "replication_request_model_ck" CHECK ("model" IN ('mandiri','kerja-sama','fasilitasi')),
      CONSTRAINT "replication_request_other_region_ck" CHECK ("origin_region_code" <> "adopter_region_code")
    )`);
    // The rule "one open request per (innovation, adopter agency)" lives here, so two requests racing
    // past any check in the service still cannot both commit.
    await q.query(`CREATE UNIQUE INDEX "replication_request_open_uq" ON "replication"."replication_request" ("origin_innovation_id", "adopter_agency_id") WHERE "status" IN (${OPEN})`);
    await q.query(`CREATE INDEX "replication_request_open_activity_idx" ON "replication"."replication_request" ("last_activity_at") WHERE "status" IN (${OPEN})`);
    await q.query(`CREATE INDEX "replication_request_origin_region_idx" ON "replication"."replication_request" ("origin_region_code", "requested_at")`);
    await q.query(`CREATE INDEX "replication_request_adopter_region_idx" ON "replication"."replication_request" ("adopter_region_code", "requested_at")`);
    await q.query(`CREATE INDEX "replication_request_origin_innovation_idx" ON "replication"."replication_request" ("origin_innovation_id", "requested_at")`);
    await q.query(`CREATE INDEX "replication_request_province_idx" ON "replication"."replication_request" ("origin_province_code", "adopter_province_code", "requested_at")`);

    await q.query(`CREATE TABLE "replication"."replication_timeline" (
      "request_id" uuid NOT NULL,
      "version" integer NOT NULL,
      "action" text NOT NULL,
      "from_status" text,
      "to_status" text NOT NULL,
      "actor" text NOT NULL,
      "actor_role" text NOT NULL,
      "at" timestamptz NOT NULL DEFAULT now(),
      "note" text,
      "details" jsonb,
      "correlation_id" text NOT NULL,
      PRIMARY KEY ("request_id", "version"),
      CONSTRAINT "replication_timeline_request_fk" FOREIGN KEY ("request_id") REFERENCES "replication"."replication_request" ("id") ON DELETE CASCADE
    )`);

    await q.query(`CREATE TABLE "replication"."agency_view" (
      "id" uuid PRIMARY KEY,
      "version" integer NOT NULL,
      "region_code" text NOT NULL,
      "name" text NOT NULL,
      "retired_at" timestamptz,
      "projected_at" timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "replication"."agency_view"`);
    await q.query(`DROP TABLE "replication"."replication_timeline"`);
    await q.query(`DROP TABLE "replication"."replication_request"`);
  }
}
