import type { MigrationInterface, QueryRunner } from 'typeorm';
import { spellingNormalizationBody } from '../../innovations/spelling-variants.js';

/**
 * The search document, stored: a tsvector column kept by a trigger, indexed with GIN. The
 * expression index it replaces let PostgreSQL find matching rows, but ranking re-parsed the text
 * of every match (54 µs a row; 4.4 s for a word 100,000 innovations hold, with the sort spilling
 * to disk: docs/performance.md has the plans). Ranking a stored vector costs about 0.5 µs a row.
 *
 * A trigger rather than a generated column: TypeORM's schema check cannot describe a generated
 * column it did not write itself, and a trigger's function can be replaced (a new spelling list)
 * and the vectors recomputed in batches, where a generated column must be dropped and re-added.
 *
 * Both sides of a search go through registry.spelling_normalized (see spelling-variants.ts): the
 * documents here, the query in InnovationStore.
 *
 * Write cost: the vector is computed once per insert, and per update of a text column only (the
 * expression index computed the same vector on every write already); it adds the vector's size to
 * each row (about as much as the descriptions' text) and the spelling rewrite, measured in
 * docs/performance.md.
 */
export class StoredSearchVector1732300004200 implements MigrationInterface {
  name = 'StoredSearchVector1732300004200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION "registry"."spelling_normalized"(t text) RETURNS text
      LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
      AS $fn$ ${spellingNormalizationBody()} $fn$`);
    // Name weighs A, the descriptions B: a match in the name ranks first (see InnovationStore).
    const vector = (row: string) => `
      setweight(to_tsvector('indonesian'::regconfig, "registry"."spelling_normalized"(${row}"name")), 'A') ||
      setweight(to_tsvector('indonesian'::regconfig, "registry"."spelling_normalized"(concat_ws(' ',
        ${row}"problem", ${row}"design", ${row}"goals", ${row}"benefits", ${row}"results", ${row}"adaptation_notes"))), 'B')`;
    await q.query(`CREATE FUNCTION "registry"."innovation_search_vector"() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        NEW."search_vector" := ${vector('NEW.')};
        RETURN NEW;
      END
    $fn$`);
    await q.query(`ALTER TABLE "registry"."innovation" ADD COLUMN "search_vector" tsvector`);
    await q.query(`UPDATE "registry"."innovation" SET "search_vector" = ${vector('')}`);
    await q.query(`ALTER TABLE "registry"."innovation" ALTER COLUMN "search_vector" SET NOT NULL`);
    // Only a change of a text column recomputes it: a stage change or a retirement does not.
    await q.query(`CREATE TRIGGER "innovation_search_vector" BEFORE INSERT OR UPDATE OF "name", "problem", "design", "goals", "benefits", "results", "adaptation_notes"
      ON "registry"."innovation" FOR EACH ROW EXECUTE FUNCTION "registry"."innovation_search_vector"()`);
    await q.query(`DROP INDEX "registry"."innovation_search_idx"`);
    await q.query(`CREATE INDEX "innovation_search_idx" ON "registry"."innovation" USING gin ("search_vector")`);
    // The name's lexemes alone, so a search finds name matches first however many records mention
    // the words in their descriptions (InnovationStore takes candidates from both).
    await q.query(`CREATE INDEX "innovation_name_search_idx" ON "registry"."innovation" USING gin (ts_filter("search_vector", '{a}'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "registry"."innovation_name_search_idx"`);
    await q.query(`DROP INDEX "registry"."innovation_search_idx"`);
    await q.query(`DROP TRIGGER "innovation_search_vector" ON "registry"."innovation"`);
    await q.query(`ALTER TABLE "registry"."innovation" DROP COLUMN "search_vector"`);
    await q.query(`DROP FUNCTION "registry"."innovation_search_vector"()`);
    await q.query(`DROP FUNCTION "registry"."spelling_normalized"(text)`);
    await q.query(`CREATE INDEX "innovation_search_idx" ON "registry"."innovation" USING gin ((
      setweight(to_tsvector('indonesian'::regconfig, "name"), 'A') ||
      setweight(to_tsvector('indonesian'::regconfig,
        coalesce("problem", '') || ' ' || coalesce("design", '') || ' ' || coalesce("goals", '') || ' ' ||
        coalesce("benefits", '') || ' ' || coalesce("results", '') || ' ' || coalesce("adaptation_notes", '')), 'B')
    ))`);
  }
}
