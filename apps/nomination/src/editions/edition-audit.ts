import type { EntityManager } from 'typeorm';
import { fieldChanges, recordChange, type CommandContext } from '@lumbung/platform';
import type { Entry } from '../entries/entry.entity.js';
import type { Edition } from './edition.entity.js';

/**
 * What the audit compares of an edition and of an entry (issue 17): the fields an admin or a jury
 * decides, not the bookkeeping (versions, timestamps of the row). Read with the before value taken
 * ahead of the change, so each audit row says what the field was and what it became.
 */
const EDITION_FIELDS = [
  'name',
  'level',
  'year',
  'ownerRegionCode',
  'phase',
  'schedule',
  'criteria',
  'eligibility',
  'requiredDocuments',
  'forwardingQuota',
  'finalistCount',
  'winnerCount',
  'presentationWeight',
  'finalistsNamedAt',
  'decidedAt',
] as const satisfies readonly (keyof Edition)[];
const ENTRY_FIELDS = ['state', 'rejectionReason', 'disqualificationReason', 'rank', 'nationalResult'] as const satisfies readonly (keyof Entry)[];

export type AuditedEdition = Pick<Edition, (typeof EDITION_FIELDS)[number]>;
export type AuditedEntry = Pick<Entry, (typeof ENTRY_FIELDS)[number]>;

/** A copy of what the audit compares, taken before a change (the jsonb fields are replaced, not mutated, but copied anyway). */
export function editionBefore(edition: Edition): AuditedEdition {
  return structuredClone(Object.fromEntries(EDITION_FIELDS.map((f) => [f, edition[f]])) as AuditedEdition);
}

export function entryBefore(entry: Entry): AuditedEntry {
  return Object.fromEntries(ENTRY_FIELDS.map((f) => [f, entry[f]])) as AuditedEntry;
}

/** Something an audit row adds besides the compared fields: winners of a decision, the edition an entry went to. */
export type Extra = Record<string, unknown>;

export function auditEdition(manager: EntityManager, ctx: CommandContext, action: string, before: AuditedEdition | null, edition: Edition, reason?: string | null, extra: Extra = {}): Promise<void> {
  const changes = [...fieldChanges(before, edition as AuditedEdition, EDITION_FIELDS), ...Object.entries(extra).map(([field, after]) => ({ field, before: null, after }))];
  return recordChange(manager, 'nomination', ctx, { subjectKind: 'edition', subjectId: edition.id, action, changes, reason });
}

export function auditEntry(manager: EntityManager, ctx: CommandContext, action: string, before: AuditedEntry | null, entry: Entry, reason?: string | null, extra: Extra = {}): Promise<void> {
  const changes = [...fieldChanges(before, entry as AuditedEntry, ENTRY_FIELDS), ...Object.entries(extra).map(([field, after]) => ({ field, before: null, after }))];
  return recordChange(manager, 'nomination', ctx, { subjectKind: 'entry', subjectId: entry.id, parentId: entry.editionId, action, changes, reason });
}
