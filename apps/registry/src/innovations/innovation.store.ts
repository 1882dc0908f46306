import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { InnovationContact, InnovationHistoryEntry, InnovationSnapshot, InnovationStage } from '@lumbung/contracts';
import { ConcurrencyGate, queryPrepared, queryWithin, searchConcurrency, ServiceBusyException, ServiceEnv, type Queryable } from '@lumbung/platform';
import type { ListCursor } from './innovation-cursor.js';
import type { InnovationContent } from './innovation-rules.js';

/**
 * A search's query: the words as typed, variant spellings rewritten the way the stored vectors were
 * (registry.spelling_normalized, migration 1732300004200). websearch_to_tsquery never fails on user
 * input: quotes, "or" and "-" mean what they do on the web, anything else is a word. The function is
 * IMMUTABLE, so PostgreSQL folds the whole expression to a constant when it plans the statement and
 * estimates from the column's lexeme statistics how many rows the words match.
 */
const SEARCH_QUERY = (param: string) => `websearch_to_tsquery('indonesian'::regconfig, "registry"."spelling_normalized"(${param}))`;

/**
 * How many matches a search ranks: the most recent ones, in the name and anywhere (so up to twice this). Ranking costs per match, so a word most
 * records hold (hundreds of thousands of matches) used to cost seconds; ranking a bounded set costs
 * the same at any size. PostgreSQL finds the candidates either from the GIN index (a rare word: few
 * matches, all of them) or by walking the listing index newest first and testing each stored vector
 * (a common word: the first SEARCH_CANDIDATES it meets), whichever its statistics say is cheaper.
 * The price: a word with more matches than this is ranked among its most recent matches only, and a
 * search lists at most this many (fifty pages of twenty); a more precise search finds the rest.
 */
export const SEARCH_CANDIDATES = 1000;

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** One row per innovation `i` joined with its agency `a`, shaped as an InnovationSnapshot. */
const SNAPSHOT_COLUMNS = `
  i.id, i.version, i.name, i.region_code AS "regionCode", i.province_code AS "provinceCode",
  i.agency_id AS "agencyId", a.name AS "agencyName", i.type_code AS "typeCode", i.stage, i.initiator,
  i.digital, i.form, i.government_affair AS "governmentAffair",
  to_char(i.trial_started_on, 'YYYY-MM-DD') AS "trialStartedOn", to_char(i.implemented_on, 'YYYY-MM-DD') AS "implementedOn",
  i.problem, i.design, i.goals, i.benefits, i.results, i.adaptation_notes AS "adaptationNotes", i.evidence,
  i.origin_innovation_id AS "originInnovationId", i.replication_request_id AS "replicationRequestId",
  i.year_registered AS "yearRegistered", ${iso('i.retired_at')} AS "retiredAt", i.retire_reason AS "retireReason",
  ${iso('i.registered_at')} AS "registeredAt", ${iso('i.updated_at')} AS "updatedAt"`;

const AGENCY_JOIN = `JOIN "registry"."agency" a ON a.id = i.agency_id`;

/** What an insert's statement makes of a snapshot, not the record it inserts: the agency's name and the timestamps. */
export type MadeByInsert = Pick<InnovationSnapshot, 'agencyName' | 'registeredAt' | 'updatedAt'>;

/**
 * The snapshot SNAPSHOT_COLUMNS gives for a row just inserted from `record`, with `made` for what
 * the statement itself makes. A registration checks its event's contract on it before the one
 * statement that writes the row and the event (OutboxService.writeWithEvent): every value a client
 * sent is in it as the row will hold it. A test compares it with the event a registration stores.
 */
export function snapshotOfNew(record: NewInnovation, made: MadeByInsert): InnovationSnapshot {
  const { contact: _contact, ...columns } = record;
  return { ...columns, ...made, version: 1, retiredAt: null, retireReason: null };
}

/** Writable columns, by snapshot field name. */
const COLUMNS = {
  name: 'name',
  typeCode: 'type_code',
  initiator: 'initiator',
  digital: 'digital',
  form: 'form',
  governmentAffair: 'government_affair',
  trialStartedOn: 'trial_started_on',
  implementedOn: 'implemented_on',
  problem: 'problem',
  design: 'design',
  goals: 'goals',
  benefits: 'benefits',
  results: 'results',
  adaptationNotes: 'adaptation_notes',
  evidence: 'evidence',
  contact: 'contact',
  stage: 'stage',
  retiredAt: 'retired_at',
  retireReason: 'retire_reason',
} as const;

export type InnovationChanges = Partial<Record<keyof typeof COLUMNS, unknown>>;

export interface NewInnovation extends InnovationContent {
  id: string;
  regionCode: string;
  provinceCode: string;
  agencyId: string;
  stage: InnovationStage;
  yearRegistered: number;
  originInnovationId: string | null;
  replicationRequestId: string | null;
  contact: InnovationContact | null;
}

const { retiredAt: _retiredAt, retireReason: _retireReason, ...INITIAL_COLUMNS } = COLUMNS;

/** A new record is never retired: every other column is set on insert. */
const INSERT_COLUMNS: Record<keyof NewInnovation, string> = {
  ...INITIAL_COLUMNS,
  id: 'id',
  regionCode: 'region_code',
  provinceCode: 'province_code',
  agencyId: 'agency_id',
  yearRegistered: 'year_registered',
  originInnovationId: 'origin_innovation_id',
  replicationRequestId: 'replication_request_id',
};

/** Who changed a record, how and why; the snapshot of the history row is the row the same statement wrote. */
export interface HistoryEntry {
  action: 'registered' | 'revised' | 'stage-changed' | 'retired';
  actorSub: string;
  actorRole: string;
  correlationId: string;
  changedFields: string[];
  note: string | null;
}

export interface ListFilters {
  regionCode?: string;
  provinceCode?: string;
  agencyId?: string;
  typeCode?: string;
  stage?: InnovationStage;
  year?: number;
  digital?: boolean;
  governmentAffair?: string;
  includeRetired: boolean;
  q?: string;
}

export interface ListedRow {
  snapshot: InnovationSnapshot;
  cursor: ListCursor;
}

/** node-pg would send a JS array as a PostgreSQL array; jsonb wants JSON text. */
const toParam = (field: string, value: unknown) => (field === 'evidence' || (field === 'contact' && value !== null) ? JSON.stringify(value) : value);

type Runner = Pick<EntityManager, 'query'>;

/** Conditions a registration must meet in the statement that inserts it (a replication has none). */
export interface InsertGuard {
  /** SQL condition: `code` is an active innovation type of `region`. */
  activeType: (region: string, code: string, param: (value: unknown) => string) => string;
}

/** A record as the statement that read or wrote it answers: JSON text to send as it is, and its version for the ETag. */
export interface InnovationDocument {
  version: number;
  document: string;
}

/** The columns of an InnovationDocument, from a relation `alias` shaped as a snapshot (with or without replications). */
function documentColumns(alias: string): string {
  return `${alias}.version, row_to_json(${alias})::text AS document`;
}

/**
 * What a write's statement returns of its snapshot `s`: the columns, for a caller that works on
 * the record, or an InnovationDocument, for one that only answers with it. Parsing thirty columns
 * into an object only for the HTTP layer to serialize it again was a twentieth of a registration's
 * CPU, and a fifth of a read's.
 */
const ANSWERS = {
  snapshot: 'SELECT * FROM s',
  document: `SELECT ${documentColumns('s')} FROM s`,
} as const;

/** The values of a history row as SQL: one entry's parameters, or the columns of a per-row source (an import's batch). */
type HistoryValues = Record<keyof HistoryEntry, string>;

const historyParams = (entry: HistoryEntry, param: (value: unknown) => string): HistoryValues => ({
  action: param(entry.action),
  actorSub: param(entry.actorSub),
  actorRole: param(entry.actorRole),
  correlationId: param(entry.correlationId),
  changedFields: param(entry.changedFields),
  note: param(entry.note),
});

/**
 * The tail of a write's WITH: the written rows `i` shaped as snapshots `s`, their history rows written
 * from `s`, and `answer` (a SELECT over them). One statement, so a write and its history cost one
 * round trip. `join` brings in the source of per-row history values.
 */
function historyOfSnapshot(values: HistoryValues, param: (value: unknown) => string, { more, answer, join = '' }: { more?: StatementCte; answer: string; join?: string }): string {
  return `s AS (SELECT ${SNAPSHOT_COLUMNS} FROM i ${AGENCY_JOIN}),
      h AS (
        INSERT INTO "registry"."innovation_history"
          (innovation_id, version, action, actor_sub, actor_role, correlation_id, changed_fields, note, snapshot)
        SELECT s.id, s.version, ${values.action}, ${values.actorSub}, ${values.actorRole}, ${values.correlationId},
               ${values.changedFields}, ${values.note},
               -- The history keeps the contact so its changes show before and after; s, which events are made from, never has it.
               CASE WHEN i.contact IS NULL THEN to_jsonb(s) ELSE to_jsonb(s) || jsonb_build_object('contact', i.contact) END
        FROM s JOIN i ON i.id = s.id ${join}
      )${more ? `, ${more(param)}` : ''}
      ${answer}`;
}

/**
 * The condition a registration's row must meet in the statement that inserts it: its agency is an
 * active agency of its region, and `guard` holds. The arguments are SQL expressions.
 */
function registrable(guard: InsertGuard, agencyId: string, regionCode: string, typeCode: string, param: (value: unknown) => string): string {
  return `EXISTS (SELECT 1 FROM "registry"."agency" WHERE id = ${agencyId} AND region_code = ${regionCode} AND retired_at IS NULL)
           AND ${guard.activeType(regionCode, typeCode, param)}`;
}

/** A row of an import's batch and its history entry (see InnovationStore.insertImported). */
export interface ImportedRow {
  record: NewInnovation;
  history: HistoryEntry;
  /** False when the service's own checks refused the row: it is only looked up by its natural key. */
  checked: boolean;
}

/** What became of each row of an import's batch, in the batch's order. */
export interface ImportedRowResult {
  /** A record of its natural key was stored, before the batch or by an earlier row of it. */
  present: boolean;
  /** The record as this statement stored it, shaped as the registration's event carries it; null when not stored. */
  snapshot: InnovationSnapshot | null;
}

/** A further CTE for a statement over the snapshot `s` (its event's outbox row), numbering its parameters with `param`. */
export type StatementCte = (param: (value: unknown) => string) => string;

/** SQL of the innovation tables; no rules here, InnovationsService holds them. */
@Injectable()
export class InnovationStore {
  /**
   * Searches at once in this process (SEARCH_CONCURRENCY): the one read whose cost a caller chooses
   * with a word. Plain list pages walk an index and are not gated.
   */
  private readonly searches: ConcurrencyGate;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ServiceEnv) private readonly env: ServiceEnv,
  ) {
    const retryAfter = Math.max(1, Math.ceil(env.SEARCH_QUEUE_MS / 1000));
    this.searches = new ConcurrencyGate(searchConcurrency(env), env.SEARCH_QUEUE_MS, () => new ServiceBusyException('search.busy', 'Too many searches are running; try again shortly', retryAfter));
  }

  async find(runner: Runner, id: string, options: { lock?: boolean } = {}): Promise<InnovationSnapshot | null> {
    const rows: InnovationSnapshot[] = await runner.query(
      `SELECT ${SNAPSHOT_COLUMNS} FROM "registry"."innovation" i ${AGENCY_JOIN} WHERE i.id = $1 ${options.lock ? 'FOR UPDATE OF i' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** GET /innovations/:id's answer, with the replications recorded from the innovation, as a document (see ANSWERS). */
  async findDetailDocument(id: string): Promise<InnovationDocument | null> {
    // Prepared: the read behind GET /innovations/:id, where planning cost more than running it.
    const rows = await queryPrepared<InnovationDocument>(
      this.dataSource,
      `SELECT ${documentColumns('d')} FROM (
         SELECT ${SNAPSHOT_COLUMNS}, i.contact,
           coalesce((SELECT json_agg(json_build_object(
               'id', r.id, 'name', r.name, 'regionCode', r.region_code, 'agencyId', r.agency_id,
               'replicationRequestId', r.replication_request_id,
               'registeredAt', ${iso('r.registered_at')}, 'retiredAt', ${iso('r.retired_at')}
             ) ORDER BY r.registered_at, r.id)
             FROM "registry"."innovation" r WHERE r.origin_innovation_id = i.id), '[]'::json) AS replications
         FROM "registry"."innovation" i ${AGENCY_JOIN} WHERE i.id = $1
       ) d`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The responsible officer, kept out of the snapshot (see the migration 1733500000000). */
  async contactOf(runner: Runner, id: string): Promise<InnovationContact | null> {
    const rows: { contact: InnovationContact | null }[] = await runner.query(`SELECT contact FROM "registry"."innovation" WHERE id = $1`, [id]);
    return rows[0]?.contact ?? null;
  }

  async findByNaturalKey(agencyId: string, name: string, yearRegistered: number): Promise<string | null> {
    const rows = await queryPrepared<{ id: string }>(
      this.dataSource,
      `SELECT id FROM "registry"."innovation" WHERE agency_id = $1 AND year_registered = $2 AND lower(name) = lower($3) LIMIT 1`,
      [agencyId, yearRegistered, name],
    );
    return rows[0]?.id ?? null;
  }

  async findByReplicationRequest(runner: Runner, requestId: string): Promise<InnovationSnapshot | null> {
    const rows: InnovationSnapshot[] = await runner.query(
      `SELECT ${SNAPSHOT_COLUMNS} FROM "registry"."innovation" i ${AGENCY_JOIN} WHERE i.replication_request_id = $1`,
      [requestId],
    );
    return rows[0] ?? null;
  }

  /**
   * Inserts version 1 and its history row in one statement. Null for a replication whose request
   * was already recorded.
   */
  async insert(runner: Queryable, record: NewInnovation, history: HistoryEntry): Promise<InnovationSnapshot | null> {
    return this.runInsert<InnovationSnapshot>(runner, record, history, {}, 'snapshot');
  }

  /**
   * A registration: inserts version 1, its history row and what `more` adds (its event) in one
   * statement, only if `guard` holds, and answers with the document. Null when the guard refused it.
   */
  async insertDocument(runner: Queryable, record: NewInnovation, history: HistoryEntry, guard: InsertGuard, more: StatementCte): Promise<InnovationDocument | null> {
    return this.runInsert<InnovationDocument>(runner, record, history, { guard, more }, 'document');
  }

  private async runInsert<T>(
    runner: Queryable,
    record: NewInnovation,
    history: HistoryEntry,
    { guard, more }: { guard?: InsertGuard; more?: StatementCte },
    answer: keyof typeof ANSWERS,
  ): Promise<T | null> {
    const fields = Object.keys(INSERT_COLUMNS) as (keyof NewInnovation)[];
    const params: unknown[] = fields.map((f) => toParam(f, record[f]));
    const param = (value: unknown) => `$${params.push(value)}`;
    const placeholder = (field: keyof NewInnovation) => `$${fields.indexOf(field) + 1}`;
    // INSERT … SELECT rather than VALUES so the guard is part of the statement; PostgreSQL still
    // types each parameter from its target column.
    const where = guard ? `WHERE ${registrable(guard, placeholder('agencyId'), placeholder('regionCode'), placeholder('typeCode'), param)}` : '';
    // Only a replication can repeat (its request id is unique); a registration's id is new. Without
    // ON CONFLICT, PostgreSQL inserts plainly instead of speculatively (no pre-check of the index,
    // no token to confirm).
    const onConflict = record.replicationRequestId !== null ? 'ON CONFLICT (replication_request_id) DO NOTHING' : '';
    // Prepared: one text per shape (guard, conflict clause, answer), run by every registration.
    const rows = await queryPrepared<T>(
      runner,
      `WITH i AS (
        INSERT INTO "registry"."innovation" (version, ${fields.map((f) => INSERT_COLUMNS[f]).join(', ')})
        SELECT 1, ${fields.map((_, n) => `$${n + 1}`).join(', ')} ${where}
        ${onConflict}
        RETURNING *
      ), ${historyOfSnapshot(historyParams(history, param), param, { more, answer: ANSWERS[answer] })}`,
      params,
    );
    return rows[0] ?? null;
  }

  /**
   * An import's batch in one statement (issue 18), with the outcomes a row at a time would have had:
   * a row whose natural key is stored, before the batch or by an earlier row of it, is present; any
   * other row that passed the service's checks (`checked`) and the agency and type checks
   * (registrable, as a registration) is inserted as version 1 with its history row. Keys compare as
   * findByNaturalKey does. Answers for every row, in order; the caller writes the events.
   */
  async insertImported(runner: Queryable, rows: ImportedRow[], guard: InsertGuard): Promise<ImportedRowResult[]> {
    const fields = Object.keys(INSERT_COLUMNS) as (keyof NewInnovation)[];
    const columns = fields.map((f) => INSERT_COLUMNS[f]);
    const batch = rows.map(({ record, history, checked }) => ({ record: Object.fromEntries(fields.map((f) => [INSERT_COLUMNS[f], record[f]])), history, checked }));
    // One JSON parameter for the batch, whatever its size: one statement text, prepared once.
    const params: unknown[] = [JSON.stringify(batch)];
    const param = (value: unknown) => `$${params.push(value)}`;
    const key = 'agency_id, year_registered, lower(name)';
    return queryPrepared<ImportedRowResult>(
      runner,
      `WITH r AS (
        -- The record's columns typed as the table types them; the history entry as HistoryEntry names it.
        SELECT e.n::int AS n, (e.item->>'checked')::boolean AS checked, v.*, x.*
        FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(item, n),
             LATERAL jsonb_populate_record(NULL::"registry"."innovation", e.item->'record') v,
             LATERAL jsonb_to_record(e.item->'history') AS x("action" text, "actorSub" text, "actorRole" text, "correlationId" text, "changedFields" text[], "note" text)
      ), k AS (
        SELECT r.*, checked AND ${registrable(guard, 'r.agency_id', 'r.region_code', 'r.type_code', param)} AS allowed,
               EXISTS (SELECT 1 FROM "registry"."innovation" t
                       WHERE t.agency_id = r.agency_id AND t.year_registered = r.year_registered AND lower(t.name) = lower(r.name)) AS stored
        FROM r
      ), f AS (
        -- The first row of a free key that may be stored is stored; the rows of that key after it find it present.
        SELECT k.*, allowed AND NOT stored AND row_number() OVER (PARTITION BY ${key}, allowed AND NOT stored ORDER BY n) = 1 AS fresh
        FROM k
      ), g AS (
        SELECT f.*, stored OR coalesce(bool_or(fresh) OVER (PARTITION BY ${key} ORDER BY n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS present
        FROM f
      ), i AS (
        INSERT INTO "registry"."innovation" (version, ${columns.join(', ')})
        SELECT 1, ${columns.join(', ')} FROM g WHERE fresh
        RETURNING *
      ), ${historyOfSnapshot(
        { action: 'g."action"', actorSub: 'g."actorSub"', actorRole: 'g."actorRole"', correlationId: 'g."correlationId"', changedFields: 'g."changedFields"', note: 'g."note"' },
        param,
        { join: 'JOIN g ON g.id = s.id', answer: `SELECT g.present, to_jsonb(s) AS snapshot FROM g LEFT JOIN s ON s.id = g.id ORDER BY g.n` },
      )}`,
      params,
    );
  }

  /** Applies the changes, bumps the version and writes the history row, only if the row is still at `expectedVersion`. */
  async update(manager: EntityManager, id: string, expectedVersion: number, changes: InnovationChanges, history: HistoryEntry): Promise<InnovationSnapshot | null> {
    const fields = Object.keys(changes) as (keyof typeof COLUMNS)[];
    const params: unknown[] = [id, expectedVersion, ...fields.map((f) => toParam(f, changes[f]))];
    const param = (value: unknown) => `$${params.push(value)}`;
    const sets = fields.map((f, n) => `${COLUMNS[f]} = $${n + 3}`);
    const rows: InnovationSnapshot[] = await manager.query(
      `WITH i AS (
        UPDATE "registry"."innovation" SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
        WHERE id = $1 AND version = $2
        RETURNING *
      ), ${historyOfSnapshot(historyParams(history, param), param, { answer: ANSWERS.snapshot })}`,
      params,
    );
    return rows[0] ?? null;
  }

  /**
   * Every change with each changed field's value before and after. Each history row holds the
   * record as it stood after its change, so the value before is the previous row's: computed here,
   * which gives the rows written before this answer existed their before and after too.
   */
  history(id: string): Promise<InnovationHistoryEntry[]> {
    return this.dataSource.query(
      `SELECT version, action, actor_sub AS actor, actor_role AS "actorRole", ${iso('at')} AS at,
              changed_fields AS "changedFields", note, correlation_id AS "correlationId",
              coalesce((SELECT json_agg(json_build_object('field', f, 'before', coalesce(h.previous -> f, 'null'::jsonb), 'after', coalesce(h.snapshot -> f, 'null'::jsonb)) ORDER BY n)
                        FROM unnest(h.changed_fields) WITH ORDINALITY AS c(f, n)), '[]'::json) AS changes
       FROM (SELECT *, lag(snapshot) OVER (ORDER BY version) AS previous
             FROM "registry"."innovation_history" WHERE innovation_id = $1) h
       ORDER BY version`,
      [id],
    );
  }

  /** One page plus one row, so the caller knows whether another page follows. */
  async list(filters: ListFilters, after: ListCursor | null, limit: number): Promise<ListedRow[]> {
    const { sql, params } = this.listStatement(filters, after, limit);
    type Row = InnovationSnapshot & { cursorRank?: string; cursorAt: string };
    const read = () => queryWithin<Row>(this.dataSource, this.env.DATABASE_READ_TIMEOUT_MS, sql, params);
    const rows = filters.q ? await this.searches.run(read) : await read();
    return rows.map(({ cursorRank, cursorAt, ...snapshot }) => ({
      snapshot,
      cursor: cursorRank !== undefined ? { kind: 'rank', rank: cursorRank, id: snapshot.id } : { kind: 'recent', registeredAt: cursorAt, id: snapshot.id },
    }));
  }

  /** The statement of a list page (the search bench explains it). */
  listStatement(filters: ListFilters, after: ListCursor | null, limit: number): { sql: string; params: unknown[] } {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (filters.regionCode) where.push(`i.region_code = ${param(filters.regionCode)}`);
    if (filters.provinceCode) where.push(`i.province_code = ${param(filters.provinceCode)}`);
    if (filters.agencyId) where.push(`i.agency_id = ${param(filters.agencyId)}`);
    if (filters.typeCode) where.push(`i.type_code = ${param(filters.typeCode)}`);
    if (filters.stage) where.push(`i.stage = ${param(filters.stage)}`);
    if (filters.year !== undefined) where.push(`i.year_registered = ${param(filters.year)}`);
    if (filters.digital !== undefined) where.push(`i.digital = ${param(filters.digital)}`);
    if (filters.governmentAffair) where.push(`lower(i.government_affair) = lower(${param(filters.governmentAffair)})`);
    if (!filters.includeRetired) where.push(`i.retired_at IS NULL`);

    const cursorAt = `to_char(i.registered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"`;
    if (!filters.q) {
      if (after?.kind === 'recent') where.push(`(i.registered_at, i.id) < (${param(after.registeredAt)}::timestamptz, ${param(after.id)}::uuid)`);
      return {
        sql: `SELECT ${SNAPSHOT_COLUMNS}, ${cursorAt}
         FROM "registry"."innovation" i ${AGENCY_JOIN}
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY i.registered_at DESC, i.id DESC LIMIT ${param(limit + 1)}`,
        params,
      };
    }
    // The same parameter everywhere: the planner folds each use to the same constant.
    const qParam = param(filters.q);
    const filtered = where.length ? `${where.join(' AND ')} AND` : '';
    // Candidates: the most recent matches in the name, and the most recent matches anywhere, each
    // from its own index, so an old name match is never crowded out by recent description matches.
    // Each candidate brings its vector: joining the table again to fetch it made PostgreSQL hash the
    // whole table when it was small enough (a search's cost then grew with the table).
    const candidates = (document: string) =>
      `(SELECT i.id, i.search_vector FROM "registry"."innovation" i
        WHERE ${filtered} ${document} @@ ${SEARCH_QUERY(qParam)}
        ORDER BY i.registered_at DESC, i.id DESC LIMIT ${SEARCH_CANDIDATES})`;
    // The score orders name matches first, then by ts_rank: a match in the name (weight A) adds 1,
    // and ts_rank with normalization 32 (rank / (rank + 1)) stays below 1, so no description-only
    // match outranks a name match. One real, so the cursor stays one number.
    const score = `((ts_filter(c.search_vector, '{a}') @@ ${SEARCH_QUERY(qParam)})::int + ts_rank(c.search_vector, ${SEARCH_QUERY(qParam)}, 32))::real`;
    const cursorWhere = after?.kind === 'rank' ? `WHERE (score, id) < (${param(after.rank)}::real, ${param(after.id)}::uuid)` : '';
    return {
      sql: `WITH c AS MATERIALIZED (
           ${candidates(`ts_filter(i.search_vector, '{a}')`)} UNION ALL ${candidates('i.search_vector')}
         ), scored AS (SELECT DISTINCT ON (c.id) c.id, ${score} AS score FROM c ORDER BY c.id),
         -- The page is cut before the snapshot columns are built: 21 rows shaped, not a thousand.
         s AS (SELECT * FROM scored ${cursorWhere} ORDER BY score DESC, id DESC LIMIT ${param(limit + 1)})
         SELECT ${SNAPSHOT_COLUMNS}, s.score::text AS "cursorRank", ${cursorAt}
         FROM s JOIN "registry"."innovation" i ON i.id = s.id ${AGENCY_JOIN}
         ORDER BY s.score DESC, s.id DESC`,
      params,
    };
  }
}
