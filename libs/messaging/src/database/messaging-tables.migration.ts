import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox, inbox and dead-letter tables, created in the schema of whichever service runs it: every
 * service lists this migration first, and each keeps its own migrations table in its own schema.
 */
export class CreateMessagingTables1732300000000 implements MigrationInterface {
  name = 'CreateMessagingTables1732300000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`CREATE TABLE "${s}"."outbox" (
      "id" uuid PRIMARY KEY,
      "seq" bigserial NOT NULL UNIQUE,
      "type" text NOT NULL,
      "envelope" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "sent_at" timestamptz
    )`);
    await q.query(`CREATE INDEX "outbox_unsent_idx" ON "${s}"."outbox" ("seq") WHERE sent_at IS NULL`);
    await q.query(`CREATE TABLE "${s}"."inbox" (
      "consumer" text NOT NULL,
      "event_id" uuid NOT NULL,
      "type" text NOT NULL,
      "handled_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("consumer", "event_id")
    )`);
    await q.query(`CREATE TABLE "${s}"."dead_letter" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "queue" text NOT NULL,
      "job_id" text NOT NULL,
      "event_id" text,
      "type" text,
      "message" jsonb NOT NULL,
      "error" text NOT NULL,
      "unrecoverable" boolean NOT NULL,
      "attempts" integer NOT NULL,
      "failed_at" timestamptz NOT NULL DEFAULT now(),
      "replayed_at" timestamptz,
      "replay_count" integer NOT NULL DEFAULT 0
    )`);
    await q.query(`CREATE INDEX "dead_letter_open_idx" ON "${s}"."dead_letter" ("failed_at") WHERE replayed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`DROP TABLE "${s}"."dead_letter"`);
    await q.query(`DROP TABLE "${s}"."inbox"`);
    await q.query(`DROP TABLE "${s}"."outbox"`);
  }
}

export function schemaOf(q: QueryRunner): string {
  const schema = (q.connection.options as { schema?: string }).schema;
  if (!schema) throw new Error('The data source has no schema; every Lumbung service owns one');
  return schema;
}

/** Who replayed which dead letter when, with the payload before and after (issue 19). */
export class CreateDeadLetterReplays1764800000000 implements MigrationInterface {
  name = 'CreateDeadLetterReplays1764800000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`CREATE TABLE "${s}"."dead_letter_replay" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "dead_letter_id" uuid NOT NULL,
      "actor_sub" text NOT NULL,
      "actor_role" text NOT NULL,
      "replayed_at" timestamptz NOT NULL DEFAULT now(),
      "payload_before" jsonb,
      "payload_after" jsonb
    )`);
    await q.query(`CREATE INDEX "dead_letter_replay_letter_idx" ON "${s}"."dead_letter_replay" ("dead_letter_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${schemaOf(q)}"."dead_letter_replay"`);
  }
}

/**
 * The outbox retention's index: sent rows by when they were sent, so a prune reads only the rows it
 * removes (issue 20). It costs the relay one index entry per row it marks sent, off the request path;
 * writers are untouched, since an unsent row is not in it. The relay's update was never HOT (sent_at is
 * in outbox_unsent_idx's predicate), so it adds an entry, not a heap copy.
 *
 * A plain CREATE INDEX blocks inserts into the outbox while it builds (about a second per million rows
 * on the bench machine). On a large outbox, create it first with
 * `CREATE INDEX CONCURRENTLY IF NOT EXISTS "outbox_sent_idx" ON "<schema>"."outbox" ("sent_at") WHERE sent_at IS NOT NULL`;
 * this migration then finds it and does nothing.
 */
export class CreateOutboxSentIndex1764900000000 implements MigrationInterface {
  name = 'CreateOutboxSentIndex1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS "outbox_sent_idx" ON "${schemaOf(q)}"."outbox" ("sent_at") WHERE sent_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "${schemaOf(q)}"."outbox_sent_idx"`);
  }
}

/** Every service lists these first, in this order, before its own migrations. */
export const MESSAGING_MIGRATIONS = [CreateMessagingTables1732300000000, CreateDeadLetterReplays1764800000000, CreateOutboxSentIndex1764900000000];
