import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCompetitions1732300030000 implements MigrationInterface {
  name = 'CreateCompetitions1732300030000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "nomination"."edition" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "level" text NOT NULL,
      "owner_region_code" text,
      "province_code" text,
      "year" integer NOT NULL,
      "name" text NOT NULL,
      "phase" text NOT NULL,
      "auto_advance" boolean NOT NULL,
      "schedule" jsonb NOT NULL,
      "criteria" jsonb NOT NULL,
      "eligibility" jsonb NOT NULL,
      "forwarding_quota" integer,
      "finalist_count" integer,
      "winner_count" integer NOT NULL,
      "presentation_weight" integer NOT NULL,
      "finalists_named_at" timestamptz,
      "decided_at" timestamptz,
      "version" integer NOT NULL,
      "created_by" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "edition_province_year_idx" ON "nomination"."edition" ("province_code", "year")`);
    await q.query(`CREATE INDEX "edition_open_idx" ON "nomination"."edition" ("phase")`);

    await q.query(`CREATE TABLE "nomination"."edition_juror" (
      "edition_id" uuid NOT NULL,
      "juror_id" text NOT NULL,
      "name" text NOT NULL,
      "affiliation" text,
      "agency_id" uuid,
      "region_code" text,
      "assigned_by" text NOT NULL,
      "assigned_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("edition_id", "juror_id"),
      CONSTRAINT "edition_juror_edition_fk" FOREIGN KEY ("edition_id") REFERENCES "nomination"."edition" ("id") ON DELETE CASCADE
    )`);

    await q.query(`CREATE TABLE "nomination"."entry" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "edition_id" uuid NOT NULL,
      "innovation_id" uuid NOT NULL,
      "innovation_version" integer NOT NULL,
      "innovation_name" text NOT NULL,
      "agency_id" uuid NOT NULL,
      "agency_name" text NOT NULL,
      "region_code" text NOT NULL,
      "province_code" text NOT NULL,
      "snapshot" jsonb NOT NULL,
      "state" text NOT NULL,
      "rejection_reason" text,
      "disqualification_reason" text,
      "proposal_score" double precision,
      "proposal_jurors" integer NOT NULL DEFAULT 0,
      "presentation_score" double precision,
      "final_score" double precision,
      "rank" integer,
      "source_entry_id" uuid,
      "source_region_code" text,
      "national_result" text,
      "national_result_at" timestamptz,
      "submitted_by" text NOT NULL,
      "submitted_at" timestamptz NOT NULL,
      "version" integer NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "entry_edition_fk" FOREIGN KEY ("edition_id") REFERENCES "nomination"."edition" ("id"),
      CONSTRAINT "entry_source_fk" FOREIGN KEY ("source_entry_id") REFERENCES "nomination"."entry" ("id")
    )`);
    await q.query(`CREATE UNIQUE INDEX "entry_edition_innovation_uq" ON "nomination"."entry" ("edition_id", "innovation_id")`);
    await q.query(`CREATE INDEX "entry_edition_agency_idx" ON "nomination"."entry" ("edition_id", "agency_id")`);
    await q.query(`CREATE INDEX "entry_source_idx" ON "nomination"."entry" ("source_entry_id")`);
    await q.query(`CREATE INDEX "entry_innovation_idx" ON "nomination"."entry" ("innovation_id")`);

    for (const table of ['score', 'presentation_score']) {
      const criterion = table === 'score' ? `"criterion" text NOT NULL,` : '';
      const key = table === 'score' ? `"entry_id", "juror_id", "criterion"` : `"entry_id", "juror_id"`;
      await q.query(`CREATE TABLE "nomination"."${table}" (
        "entry_id" uuid NOT NULL,
        "juror_id" text NOT NULL,
        ${criterion}
        "edition_id" uuid NOT NULL,
        "value" numeric(5,2) NOT NULL,
        "scored_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (${key}),
        CONSTRAINT "${table}_entry_fk" FOREIGN KEY ("entry_id") REFERENCES "nomination"."entry" ("id")
      )`);
      await q.query(`CREATE INDEX "${table}_edition_idx" ON "nomination"."${table}" ("edition_id")`);
    }

    await q.query(`CREATE TABLE "nomination"."objection" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "edition_id" uuid NOT NULL,
      "entry_id" uuid NOT NULL,
      "reason" text NOT NULL,
      "filed_by" text NOT NULL,
      "filed_at" timestamptz NOT NULL DEFAULT now(),
      "outcome" text,
      "note" text,
      "resolved_by" text,
      "resolved_at" timestamptz,
      CONSTRAINT "objection_entry_fk" FOREIGN KEY ("entry_id") REFERENCES "nomination"."entry" ("id")
    )`);
    await q.query(`CREATE INDEX "objection_edition_idx" ON "nomination"."objection" ("edition_id")`);
    await q.query(`CREATE INDEX "objection_entry_idx" ON "nomination"."objection" ("entry_id")`);

    await q.query(`CREATE TABLE "nomination"."replication_evidence" (
      "request_id" uuid PRIMARY KEY,
      "origin_innovation_id" uuid NOT NULL,
      "origin_region_code" text NOT NULL,
      "adopter_region_code" text NOT NULL,
      "adopter_agency_id" uuid NOT NULL,
      "model" text NOT NULL,
      "benefit_evaluation" text,
      "completed_at" timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX "replication_evidence_origin_idx" ON "nomination"."replication_evidence" ("origin_innovation_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['replication_evidence', 'objection', 'presentation_score', 'score', 'entry', 'edition_juror', 'edition']) {
      await q.query(`DROP TABLE "nomination"."${table}"`);
    }
  }
}
