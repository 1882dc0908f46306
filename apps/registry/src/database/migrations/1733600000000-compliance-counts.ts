import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Innovations that count towards "Satu OPD Satu Inovasi", per (agency, year), kept by a trigger on
 * the innovation table, so the compliance reads a few small rows per agency instead of walking every
 * innovation of each agency (issue 20: 1.6 s for province 33 at 1,000,000 innovations).
 *
 * An innovation counts for its year when it is not retired, or was retired after that year ended in
 * WIB (compliance.service.ts says why). Both depend only on the row itself, so a count per
 * (agency_id, year_registered) is exact for every year, past and present, with no clock involved.
 *
 * Why a trigger and not the services' code: a registration is one SQL statement (innovation.store.ts),
 * a replication's completion writes the adopter's innovation through another path, retirements and
 * corrections through others, and a back-fill or a fix by an operator runs plain SQL. A trigger keeps
 * the count right on every one of them, in the same transaction as the change; code in each path
 * would be one path forgotten away from a wrong compliance figure. Revisions that change none of the
 * three columns do not fire it (the WHEN clause), so the common update pays nothing.
 *
 * Eight stripes per (agency, year), picked by the innovation's id: a registration locks the count row
 * it changes until it commits, and with one row per (agency, year) concurrent registrations of one
 * agency queued behind each other (25% of the transactions a second without the trigger, 10
 * connections into one agency; 55% with the trigger deferred to commit). With eight, two
 * registrations rarely meet; a report sums at most eight rows per agency. Figures: docs/performance.md.
 *
 * No TypeORM entity: the table is read by raw SQL only and written only by the trigger.
 */
export class ComplianceCounts1733600000000 implements MigrationInterface {
  name = 'ComplianceCounts1733600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "registry"."compliance_count" (
      "agency_id" uuid NOT NULL,
      "year" integer NOT NULL,
      "stripe" smallint NOT NULL,
      "innovations" integer NOT NULL,
      PRIMARY KEY ("agency_id", "year", "stripe")
    )`);
    // Midnight of 1 January of year + 1 in WIB (UTC+7, no daylight saving): compliance-counts.ts endOfYear.
    await q.query(`CREATE FUNCTION "registry"."compliance_counts_for"(year_registered integer, retired_at timestamptz) RETURNS boolean
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT retired_at IS NULL OR retired_at >= (make_timestamp(year_registered + 1, 1, 1, 0, 0, 0) - interval '7 hours') AT TIME ZONE 'UTC' $$`);
    await q.query(`CREATE FUNCTION "registry"."compliance_count_innovation"() RETURNS trigger
      LANGUAGE plpgsql
      AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND "registry"."compliance_counts_for"(OLD.year_registered, OLD.retired_at) THEN
          UPDATE "registry"."compliance_count" SET innovations = innovations - 1
           WHERE agency_id = OLD.agency_id AND year = OLD.year_registered AND stripe = hashtext(OLD.id::text) & 7;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND "registry"."compliance_counts_for"(NEW.year_registered, NEW.retired_at) THEN
          INSERT INTO "registry"."compliance_count" AS c (agency_id, year, stripe, innovations)
          VALUES (NEW.agency_id, NEW.year_registered, hashtext(NEW.id::text) & 7, 1)
          ON CONFLICT (agency_id, year, stripe) DO UPDATE SET innovations = c.innovations + 1;
        END IF;
        RETURN NULL;
      END
      $$`);
    // Created before the back-fill, in the same transaction: the trigger's lock holds writers off
    // until the commit, so no innovation is written between the count and the trigger.
    await q.query(`CREATE TRIGGER "innovation_compliance_count_ins_del" AFTER INSERT OR DELETE ON "registry"."innovation"
      FOR EACH ROW EXECUTE FUNCTION "registry"."compliance_count_innovation"()`);
    await q.query(`CREATE TRIGGER "innovation_compliance_count_upd" AFTER UPDATE OF agency_id, year_registered, retired_at ON "registry"."innovation"
      FOR EACH ROW
      WHEN (OLD.agency_id IS DISTINCT FROM NEW.agency_id OR OLD.year_registered IS DISTINCT FROM NEW.year_registered OR OLD.retired_at IS DISTINCT FROM NEW.retired_at)
      EXECUTE FUNCTION "registry"."compliance_count_innovation"()`);
    await q.query(`INSERT INTO "registry"."compliance_count" (agency_id, year, stripe, innovations)
      SELECT agency_id, year_registered, hashtext(id::text) & 7, count(*) FROM "registry"."innovation"
       WHERE "registry"."compliance_counts_for"(year_registered, retired_at)
       GROUP BY 1, 2, 3`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "innovation_compliance_count_upd" ON "registry"."innovation"`);
    await q.query(`DROP TRIGGER "innovation_compliance_count_ins_del" ON "registry"."innovation"`);
    await q.query(`DROP FUNCTION "registry"."compliance_count_innovation"()`);
    await q.query(`DROP FUNCTION "registry"."compliance_counts_for"(integer, timestamptz)`);
    await q.query(`DROP TABLE "registry"."compliance_count"`);
  }
}
