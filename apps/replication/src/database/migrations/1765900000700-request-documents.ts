import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents of replication requests (issue 17): the letter of interest, MoU, PKS, progress reports,
 * the evaluation. Metadata here, bytes in the document storage under a generated key; a removed
 * document keeps its row (who removed it, when) for the audit.
 */
export class RequestDocuments1765900000700 implements MigrationInterface {
  name = 'RequestDocuments1765900000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "replication"."request_document" (
      id uuid PRIMARY KEY,
      request_id uuid NOT NULL REFERENCES "replication"."replication_request"(id),
      indicator text NOT NULL,
      name text NOT NULL,
      type text NOT NULL,
      size bigint NOT NULL,
      sha256 text NOT NULL,
      storage_key text NOT NULL,
      uploaded_by text NOT NULL,
      uploaded_at timestamptz NOT NULL DEFAULT now(),
      removed_by text,
      removed_at timestamptz
    )`);
    await q.query(`CREATE INDEX "request_document_request_idx" ON "replication"."request_document" (request_id, uploaded_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "replication"."request_document"`);
  }
}
