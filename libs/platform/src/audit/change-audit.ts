import type { ChangeHistoryEntry, FieldChange } from '@lumbung/contracts';
import type { CommandContext } from '../auth/principal.js';
import type { Queryable } from '../database/prepared-statement.js';

/**
 * The audit of changes to records other than innovations (whose history lives beside their
 * versions): agencies, innovation types, editions, admissions, decisions, forwarding. One table per
 * service schema, `change_audit`, written in the same transaction as the change, so a change and
 * its audit row commit together or not at all. The table's shape is defined once here and created by
 * each service's migration with changeAuditTableSql.
 */
export interface ChangeAudit {
  /** What kind of record: `agency`, `innovation-type`, `edition`, `entry`... */
  subjectKind: string;
  /** Its id (for an innovation type: region code and type code, `33.19/teknologi`). */
  subjectId: string;
  /** The record that owns the subject, when readers look it up that way (an entry's edition). */
  parentId?: string | null;
  action: string;
  changes: FieldChange[];
  reason?: string | null;
}

/**
 * Each named field whose value differs between before and after (compared as JSON), with both
 * values; a creation passes `before` null and lists every named field. Undefined reads as null.
 */
export function fieldChanges<T extends object>(before: T | null, after: T, fields: readonly (keyof T & string)[]): FieldChange[] {
  const json = (value: unknown) => (value === undefined ? null : value instanceof Date ? value.toISOString() : value);
  return fields
    .map((field) => ({ field, before: before ? json(before[field]) : null, after: json(after[field]) }))
    .filter((c) => JSON.stringify(c.before) !== JSON.stringify(c.after));
}

/** The migration's statements for one service schema (`up`); `down` drops the table. */
export function changeAuditTableSql(schema: string): { up: string[]; down: string[] } {
  return {
    up: [
      `CREATE TABLE "${schema}"."change_audit" (
        id bigserial PRIMARY KEY,
        subject_kind text NOT NULL,
        subject_id text NOT NULL,
        parent_id text,
        action text NOT NULL,
        actor_sub text NOT NULL,
        actor_role text NOT NULL,
        changes jsonb NOT NULL,
        reason text,
        correlation_id text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX "change_audit_subject_idx" ON "${schema}"."change_audit" (subject_kind, subject_id, id)`,
      `CREATE INDEX "change_audit_parent_idx" ON "${schema}"."change_audit" (subject_kind, parent_id, id) WHERE parent_id IS NOT NULL`,
    ],
    down: [`DROP TABLE "${schema}"."change_audit"`],
  };
}

/** Writes the audit row of a change inside the caller's transaction (`runner` is its manager). */
export async function recordChange(runner: Queryable, schema: string, ctx: CommandContext, audit: ChangeAudit): Promise<void> {
  await runner.query(
    `INSERT INTO "${schema}"."change_audit" (subject_kind, subject_id, parent_id, action, actor_sub, actor_role, changes, reason, correlation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [audit.subjectKind, audit.subjectId, audit.parentId ?? null, audit.action, ctx.actor.sub, ctx.actor.role, JSON.stringify(audit.changes), audit.reason ?? null, ctx.correlationId],
  );
}

interface AuditRow {
  action: string;
  actor_sub: string;
  actor_role: string;
  changes: FieldChange[];
  reason: string | null;
  correlation_id: string;
  at: Date;
}

/** A subject's changes, oldest first; `by: 'parent'` reads every subject of that kind under one parent. */
export async function readChanges(runner: Queryable, schema: string, subjectKind: string, id: string, by: 'subject' | 'parent' = 'subject'): Promise<ChangeHistoryEntry[]> {
  const rows = (await runner.query(
    `SELECT action, actor_sub, actor_role, changes, reason, correlation_id, at FROM "${schema}"."change_audit"
      WHERE subject_kind = $1 AND ${by === 'subject' ? 'subject_id' : 'parent_id'} = $2 ORDER BY id`,
    [subjectKind, id],
  )) as AuditRow[];
  return rows.map((r) => ({
    action: r.action,
    actor: r.actor_sub,
    actorRole: r.actor_role,
    at: r.at.toISOString(),
    changes: r.changes,
    reason: r.reason,
    correlationId: r.correlation_id,
  }));
}
