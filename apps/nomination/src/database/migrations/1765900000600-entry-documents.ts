import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence documents of entries and an edition's evidence checklist (issue 17): metadata here,
 * bytes in the document storage under a generated key. A removed document keeps its row (who
 * removed it, when) for the audit.
 */
export class EntryDocuments1765900000600 implements MigrationInterface {
  name = 'EntryDocuments1765900000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "nomination"."edition" ADD "required_documents" text[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE TABLE "nomination"."entry_document" (
      id uuid PRIMARY KEY,
      entry_id uuid NOT NULL REFERENCES "nomination"."entry"(id),
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
    await q.query(`CREATE INDEX "entry_document_entry_idx" ON "nomination"."entry_document" (entry_id, uploaded_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "nomination"."entry_document"`);
    await q.query(`ALTER TABLE "nomination"."edition" DROP COLUMN "required_documents"`);
  }
}
