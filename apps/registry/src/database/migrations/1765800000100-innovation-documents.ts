import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence documents of innovations (issue 17): metadata here, bytes in the document storage under
 * a generated key. A removed document keeps its row (who removed it, when) for the audit.
 */
export class InnovationDocuments1765800000100 implements MigrationInterface {
  name = 'InnovationDocuments1765800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "registry"."innovation_document" (
      id uuid PRIMARY KEY,
      innovation_id uuid NOT NULL REFERENCES "registry"."innovation"(id),
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
    await q.query(`CREATE INDEX "innovation_document_innovation_idx" ON "registry"."innovation_document" (innovation_id, uploaded_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "registry"."innovation_document"`);
  }
}
