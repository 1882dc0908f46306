import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spreadsheet imports uploaded over HTTP (issue 18): the file itself, so any replica's worker can run
 * it and a retried job after a crash reads the same bytes; its progress, read by the console and
 * pushed as server-sent events; and its report once done. At most one job per (kind, file content)
 * is queued or running: the partial unique index refuses the second upload (409), whichever replica
 * takes it. No TypeORM entity: read and written by SQL in ImportJobsService only.
 */
export class ImportJobs1765600001000 implements MigrationInterface {
  name = 'ImportJobs1765600001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "registry"."import_job" (
        "id" uuid PRIMARY KEY,
        "kind" text NOT NULL,
        "file_name" text NOT NULL,
        "format" text NOT NULL,
        "sha256" text NOT NULL,
        "dry_run" boolean NOT NULL,
        "status" text NOT NULL,
        "actor" jsonb NOT NULL,
        "file" bytea NOT NULL,
        "rows" int NOT NULL DEFAULT 0,
        "created" int NOT NULL DEFAULT 0,
        "present" int NOT NULL DEFAULT 0,
        "failed" int NOT NULL DEFAULT 0,
        "bytes_read" bigint NOT NULL DEFAULT 0,
        "total_bytes" bigint NOT NULL,
        "attempts" int NOT NULL DEFAULT 0,
        "report" bytea,
        "error" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "finished_at" timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX "import_job_running_uq" ON "registry"."import_job" ("kind", "sha256") WHERE status IN ('queued', 'running')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "registry"."import_job"`);
  }
}
