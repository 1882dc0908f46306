import { createHash } from 'node:crypto';
import type { Queryable } from '../database/prepared-statement.js';

/**
 * The reminders a service has sent, one row per kind, subject and deadline: a reminder event is
 * written to the outbox only in the transaction that inserts its row, so it is published once
 * whatever the number of scheduler replicas, ticks or restarts. A second replica reaching the same
 * reminder waits on the first one's row, then finds it there and sends nothing. The table's shape
 * is defined once here and created by each service's migration with reminderTableSql.
 */
export function reminderTableSql(schema: string): { up: string[]; down: string[] } {
  return {
    up: [
      `CREATE TABLE "${schema}"."reminder_sent" (
        kind text NOT NULL,
        subject text NOT NULL,
        deadline text NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, subject, deadline)
      )`,
    ],
    down: [`DROP TABLE "${schema}"."reminder_sent"`],
  };
}

export interface ReminderKey {
  /** The event type it is published as: `competition.deadline-approaching`... */
  kind: string;
  /** What it is about: an edition, a replication request, a region. */
  subject: string;
  /** What makes it due, so a moved deadline is a new reminder: `submission/2022-11-13/7`. */
  deadline: string;
}

/** Claims a reminder inside the caller's transaction: true when this call is the one to send it. */
export async function claimReminder(q: Queryable, schema: string, key: ReminderKey): Promise<boolean> {
  const rows = (await q.query(
    `INSERT INTO "${schema}"."reminder_sent" (kind, subject, deadline) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING kind`,
    [key.kind, key.subject, key.deadline],
  )) as unknown[];
  return rows.length === 1;
}

/**
 * The aggregate id of a reminder event: a UUID derived from its key. A reminder is not a version
 * of its subject (an edition's version numbers belong to its own changes, and consumers skip
 * versions they have seen), so each reminder is an aggregate of its own, at version 1.
 */
export function reminderAggregateId(key: ReminderKey): string {
  const h = createHash('sha1').update(`${key.kind}\u0000${key.subject}\u0000${key.deadline}`).digest('hex');
  // Laid out as a version-5 (name-based, SHA-1) UUID with the RFC 4122 variant.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
