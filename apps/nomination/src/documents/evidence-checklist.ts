import type { FieldError } from '@lumbung/contracts';
import type { EntityManager } from 'typeorm';
import type { Edition } from '../editions/edition.entity.js';

/** The indicators of the edition's checklist that each entry has no document for yet, by entry. */
export async function documentsMissing(manager: EntityManager, edition: Pick<Edition, 'requiredDocuments'>, entryIds: readonly string[]): Promise<Map<string, string[]>> {
  const required = edition.requiredDocuments ?? [];
  if (!required.length || !entryIds.length) return new Map(entryIds.map((id) => [id, [...required]]));
  const rows: { entryId: string; indicators: string[] }[] = await manager.query(
    `SELECT entry_id AS "entryId", array_agg(DISTINCT indicator) AS indicators
       FROM "nomination"."entry_document" WHERE entry_id = ANY($1) AND removed_at IS NULL GROUP BY entry_id`,
    [entryIds],
  );
  const have = new Map(rows.map((r) => [r.entryId, new Set(r.indicators)]));
  return new Map(entryIds.map((id) => [id, required.filter((indicator) => !have.get(id)?.has(indicator))]));
}

/** The 400's field errors for a submission that lacks documents of the checklist: one per indicator, each named. */
export function missingDocumentErrors(missing: readonly string[]): FieldError[] {
  return missing.map((indicator) => ({
    field: `documents.${indicator}`,
    code: 'entry.document-missing',
    messages: [`the edition requires a document for ${indicator}: attach it (POST /entries/:id/documents) before submitting`],
  }));
}
