import { randomUUID } from 'node:crypto';
import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  FieldError,
  AdmissionDto,
  EntryCategory,
  EntryDetail,
  EntryState,
  EntryTimelineStep,
  EntryView,
  FieldCheckView,
  ForwardedRef,
  JurorComment,
  ListEntriesQuery,
  Proposal,
  ProposalDto,
  ReturnEntryDto,
  SubmitEntryDto,
  WithdrawEntryDto,
} from '@lumbung/contracts';
import { OutboxService, type NewEvent } from '@lumbung/messaging';
import {
  canManageAgencyData,
  ChangedMeanwhile,
  entityOf,
  FieldValidationException,
  invalidField,
  parameterOf,
  queryPrepared,
  selectListOf,
  tableOf,
  writableColumnsOf,
  writeOptimistically,
  type CommandContext,
  type Principal,
  type WritableColumn,
} from '@lumbung/platform';
import { InnovationView } from '@lumbung/read-models';
import { NominationClock } from '../clock/nomination-clock.js';
import { assertCanRun, canRunEdition, judgingRefusal, jurorClaims, maySeeScores } from '../editions/edition-access.js';
import { EditionJuror } from '../editions/edition-juror.entity.js';
import { documentsMissing, missingDocumentErrors } from '../documents/evidence-checklist.js';
import { windowProblem } from '../editions/edition-rules.js';
import { Edition } from '../editions/edition.entity.js';
import { EditionsService } from '../editions/editions.service.js';
import { eligibilityProblem } from './eligibility.js';
import { transition } from './entry-state-machine.js';
import { EntryTimelineRow } from './entry-timeline.entity.js';
import { entryDetail, entrySummary, entryView, withoutScores, type OwnMark } from './entry-views.js';
import { Entry } from './entry.entity.js';
import { auditEntry, entryBefore } from '../editions/edition-audit.js';
import { applyProposal, categoryProblem, EMPTY_PROPOSAL, returnDeadlineProblem } from './proposal-rules.js';

/** Which regions may enter an edition directly (forwarded entries come through forwarding instead). */
export function reachProblem(edition: Pick<Edition, 'level' | 'ownerRegionCode' | 'name'>, regionCode: string): string | null {
  // A regency edition takes its own OPDs; a province edition its provincial OPDs (regencies forward
  // their winners under the quota); the national contest takes every instance directly (SINOVIK).
  if (edition.level === 'national') return null;
  if (regionCode === edition.ownerRegionCode) return null;
  return `${edition.name} takes entries of ${edition.ownerRegionCode} only; ${regionCode} enters through its own edition`;
}

/** Phases in which the administrative check admits, rejects and returns entries, and returned entries come back. */
const CHECK_PHASES = ['submission', 'administrative-check'];

/** States that count against an agency's quota: everything submitted and not withdrawn. */
const COUNTED = `state NOT IN ('draft', 'withdrawn')`;

/** EntryFacts from a row that read them (the facts statement, or an entry read with them). */
function factsIn(row: Record<string, unknown>): EntryFacts {
  return {
    innovation: row['iv.id'] === null ? null : entityOf(InnovationView, row, 'iv'),
    counted: row.counted as number,
    entered: row.entered as EntryFacts['entered'],
    wonBefore: row.wonBefore as boolean,
  };
}

/** Whether having won an earlier edition of the level (`won`) keeps the innovation out of this one. */
function earlierWinnerRefused(edition: Edition, won: boolean): boolean {
  return won && !edition.eligibility.previousWinnersAllowed;
}

/** An agency's limit of counted entries: the category's own quota, or the edition's entriesPerAgency. */
function quotaOf(edition: Edition, category: EntryCategory | null): number {
  return edition.categories.find((c) => c.code === category)?.quota ?? edition.eligibility.entriesPerAgency;
}

export interface NewEntry {
  state: 'draft' | 'submitted';
  category: EntryCategory | null;
  proposal: Proposal;
}

/**
 * What entering or submitting an innovation is checked against, read in one statement once the
 * agency's place in the edition is locked, so it is what is committed.
 */
export interface EntryFacts {
  innovation: InnovationView | null;
  /** The agency's entries that count against its limit (in the category, if it has one), the entry being submitted left out. */
  counted: number;
  /** The entry the innovation already has in the edition, if any (the one being submitted left out). */
  entered: { id: string; innovationName: string } | null;
  /** Whether the innovation won an earlier edition of the same level (read only where earlier winners are refused). */
  wonBefore: boolean;
}

/**
 * The key of an agency's place in an edition, as SQL over the two ids' expressions: a
 * transaction-level advisory lock on it is taken after the edition's shared lock by every change
 * that counts against the quota (entering, submitting, withdrawing), so the agency's per-edition
 * limit and "not entered twice" (an innovation is of one agency) are checked against what is
 * committed, while other agencies' entries go on at the same time. With the edition row locked FOR
 * UPDATE instead, a regency's OPDs entering at its deadline went one at a time (docs/performance.md,
 * "Write endpoints"). The edition's shared lock still makes a phase change or the decision wait for
 * these, and these for them.
 */
const agencyPlaceKey = (editionId: string, agencyId: string) => `hashtextextended('nomination.entry:' || ${editionId}::text || ':' || ${agencyId}::text, 0)`;

/**
 * The entry's large values, an innovation's snapshot and a proposal (several kB each). A change
 * that leaves them as read does not send them again: the statement keeps the stored value
 * (COALESCE with a NULL parameter; both columns are NOT NULL), so PostgreSQL neither parses,
 * compresses nor logs them again (docs/performance.md, "Nomination changes without a lock").
 */
const KEPT_UNLESS_CHANGED = new Set<string>(['snapshot', 'proposal'] satisfies (keyof Entry)[]);

/**
 * A write that goes with an entry's change in save's statement: a CTE (`name AS (…)`) that writes
 * only WHERE EXISTS (SELECT 1 FROM changed), its parameters given through `param` (which returns the
 * placeholder).
 */
export type Alongside = (param: (value: unknown) => string) => string;

/** The hot writes' statements, built once from the entities (their texts never change). */
interface Statements {
  /** Every column of an entry: all of them for a new one, all but its id for a change. */
  columns: WritableColumn[];
  changed: WritableColumn[];
  /** The entry and its edition, unlocked (changeUnlocked). */
  readEntry: string;
  readEntryWith: (columns: string, joins: string) => string;
  /** The same, the entry locked for a change. */
  readForChange: string;
  /** The edition locked against change, the innovation, and the agency's place in the edition, in that order. */
  readForEntering: string;
  /** readForChange with what a submission is checked against (EntryFacts), read once the agency's place is held. */
  readForSubmission: string;
  /** The same locks for an entry's edition and agency, before the entry itself is locked (readForChange). */
  lockEditionOfEntry: string;
  facts: string;
  insertHead: string;
  /** insertHead guarded by "not entered yet" and, unless its last parameter is null, the agency's quota (createEntry's guard). */
  guardedInsertHead: string;
  updateHead: string;
  timelineColumns: WritableColumn[];
  /** `INSERT INTO entry_timeline (columns)`, the rows to follow (VALUES or a SELECT of them). */
  timelineInsert: string;
}

@Injectable()
export class EntriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: NominationClock,
    private readonly editions: EditionsService,
  ) {}

  private sql?: Statements;
  /** The large values (KEPT_UNLESS_CHANGED) of each entry as it was read for a change, to tell which ones a change replaced. */
  private readonly asRead = new WeakMap<Entry, Pick<Entry, 'snapshot' | 'proposal'>>();

  /**
   * An entry of an innovation of the caller's agency/region: a draft (saved any time before the
   * edition is decided, seen by no juror) or submitted straight away (window open, rules met).
   */
  async create(ctx: CommandContext, editionId: string, dto: SubmitEntryDto): Promise<{ entry: Entry; edition: Edition }> {
    return this.dataSource.transaction(async (manager) => {
      // The edition (shared), the innovation and its agency's place in the edition in one statement:
      // a deadline burst is many of these at once, and each statement is a round trip.
      const [row] = await queryPrepared(manager, this.statements.readForEntering, [editionId, dto.innovationId]);
      if (!row) throw new NotFoundException(`No edition ${editionId}`);
      const edition = entityOf(Edition, row, 'ed');
      // Left-joined: an unknown innovation reads as one whose columns are all null.
      const innovation = entityOf(InnovationView, row, 'iv');
      if (!innovation.id) throw invalidField('innovationId', `No innovation ${dto.innovationId} is known here (yet: registry events may still be arriving)`);
      if (!canManageAgencyData(ctx.actor, innovation.regionCode, innovation.agencyId)) {
        throw new ForbiddenException(`Only ${innovation.snapshot.agencyName} of ${innovation.regionCode} or its region's admins may enter ${innovation.name}`);
      }
      const reach = reachProblem(edition, innovation.regionCode);
      if (reach) throw new ForbiddenException(reach);
      const category = dto.category ?? null;
      const problem = categoryProblem(edition, category);
      if (problem) throw invalidField('category', problem);
      const { proposal, problems } = applyProposal(EMPTY_PROPOSAL, dto.proposal, edition.criteria, 'proposal');
      if (problems.length) throw new FieldValidationException(problems);
      // The innovation was read with the locks: not read again.
      const factsNow = () => this.factsOf(manager, edition, innovation.id, innovation.agencyId, category, null, { withInnovation: false });
      if (dto.draft) {
        if (edition.decidedAt || edition.phase === 'closed') throw new ConflictException(`${edition.name} is ${edition.decidedAt ? 'decided' : 'closed'}: no new drafts`);
      } else {
        const window = windowProblem(edition, 'submission', this.clock.today());
        if (window) throw new ConflictException(window);
        this.checkEligible(edition, innovation, { wonBefore: earlierWinnerRefused(edition, row.wonBefore as boolean) }, 'innovationId');
        // A new entry has no documents yet: with a checklist it starts as a draft, gets them, then is
        // submitted. A refusal anyway, so the quota's, which comes first, is looked up for it.
        if (edition.requiredDocuments.length) {
          this.checkQuota(edition, innovation.snapshot.agencyName, category, await factsNow());
          throw new FieldValidationException(missingDocumentErrors(edition.requiredDocuments));
        }
      }
      // The quota and "not entered twice" guard the insert itself, in its statement (after the locks,
      // so over what is committed): the facts are read only to say why one refused it.
      const init: NewEntry = { state: dto.draft ? 'draft' : 'submitted', category, proposal };
      const entry = await this.createEntry(manager, ctx, edition, innovation, null, null, init, { limit: dto.draft ? null : quotaOf(edition, category) });
      if (entry) return { entry, edition };
      const facts = await factsNow();
      if (!dto.draft) this.checkQuota(edition, innovation.snapshot.agencyName, category, facts);
      this.checkNotEntered(edition, facts);
      throw new ConflictException(`${innovation.name} could not be entered in ${edition.name}; reload and try again`);
    });
  }

  /**
   * What entering or submitting the innovation is checked against (EntryFacts), in one statement;
   * the caller holds the agency's place in the edition. `except` is the entry being submitted;
   * `withInnovation: false` leaves the innovation out (null) where the caller has it already.
   */
  async factsOf(
    manager: EntityManager,
    edition: Edition,
    innovationId: string,
    agencyId: string,
    category: EntryCategory | null,
    except: string | null,
    { withInnovation = true } = {},
  ): Promise<EntryFacts> {
    const [row] = await queryPrepared<Record<string, unknown>>(manager, this.statements.facts, [
      edition.id,
      agencyId,
      category,
      except,
      innovationId,
      !edition.eligibility.previousWinnersAllowed,
      edition.level,
      edition.year,
      withInnovation,
    ]);
    return factsIn(row);
  }

  /** Eligibility against the edition's rules; `field` names the request field a refusal blames. */
  checkEligible(edition: Edition, innovation: InnovationView, facts: Pick<EntryFacts, 'wonBefore'>, field: string | null): void {
    const problem = eligibilityProblem(edition.eligibility, innovation.snapshot, this.clock.today(), facts.wonBefore);
    if (problem) throw field ? invalidField(field, problem) : new ConflictException(problem);
  }

  /** The per-agency limit: the edition's entriesPerAgency, or the category's own quota. Drafts and withdrawn entries do not count. */
  checkQuota(edition: Edition, agencyName: string, category: EntryCategory | null, facts: EntryFacts): void {
    const n = facts.counted;
    const limit = quotaOf(edition, category);
    const where = category ? ` in the ${category} category` : '';
    if (n >= limit) throw new ConflictException(`${agencyName} already has ${n} entr${n === 1 ? 'y' : 'ies'}${where} in ${edition.name}; the limit per agency is ${limit}`);
  }

  checkNotEntered(edition: Edition, facts: EntryFacts): void {
    if (facts.entered) throw new ConflictException(`${facts.entered.innovationName} is already entered in ${edition.name} (entry ${facts.entered.id})`);
  }

  /** A new entry holding the innovation as the read model has it now, and its nomination.submitted (or .drafted). */
  async createEntry(
    manager: EntityManager,
    ctx: CommandContext,
    edition: Edition,
    innovation: InnovationView,
    source: Entry | null,
    sourceRegionCode: string | null,
    init?: NewEntry,
  ): Promise<Entry>;
  /**
   * The same, inserted only if the innovation has no entry in the edition yet and, with a `limit`,
   * its agency has fewer counted entries (in the entry's category) than that; null when refused.
   */
  async createEntry(
    manager: EntityManager,
    ctx: CommandContext,
    edition: Edition,
    innovation: InnovationView,
    source: Entry | null,
    sourceRegionCode: string | null,
    init: NewEntry,
    guard: { limit: number | null },
  ): Promise<Entry | null>;
  async createEntry(
    manager: EntityManager,
    ctx: CommandContext,
    edition: Edition,
    innovation: InnovationView,
    source: Entry | null,
    sourceRegionCode: string | null,
    init: NewEntry = { state: 'submitted', category: null, proposal: EMPTY_PROPOSAL },
    guard?: { limit: number | null },
  ): Promise<Entry | null> {
    const snapshot = innovation.snapshot;
    const now = this.clock.now();
    const entry = Object.assign(new Entry(), {
      id: randomUUID(),
      editionId: edition.id,
      innovationId: innovation.id,
      innovationVersion: innovation.version,
      innovationName: snapshot.name,
      agencyId: snapshot.agencyId,
      agencyName: snapshot.agencyName,
      regionCode: snapshot.regionCode,
      provinceCode: snapshot.provinceCode,
      snapshot,
      state: init.state,
      category: init.category,
      proposal: init.proposal,
      returnNote: null,
      returnDeadline: null,
      withdrawalReason: null,
      withdrawnFrom: null,
      rejectionReason: null,
      disqualificationReason: null,
      proposalScore: null,
      proposalJurors: 0,
      presentationScore: null,
      finalScore: null,
      rank: null,
      sourceEntryId: source?.id ?? null,
      sourceRegionCode,
      nationalResult: null,
      nationalResultAt: null,
      panelId: null,
      submittedBy: ctx.actor.sub,
      submittedAt: now,
      version: 1,
      updatedAt: now,
    } satisfies Omit<Entry, 'edition' | 'panel' | 'source'>);
    const summary = entrySummary(entry, edition);
    const values = this.statements.columns.map((c) => parameterOf(c, entry[c.property as keyof Entry]));
    const change = guard ? { head: this.statements.guardedInsertHead, parameters: [...values, guard.limit] } : { head: this.statements.insertHead, parameters: values };
    const inserted = await this.write(manager, ctx, change, [
      init.state === 'draft'
        ? { type: 'nomination.drafted', aggregateId: entry.id, aggregateVersion: 1, payload: { entry: summary } }
        : { type: 'nomination.submitted', aggregateId: entry.id, aggregateVersion: 1, payload: { entry: summary, snapshot, proposal: entry.proposal } },
    ]);
    return inserted ? entry : null;
  }

  /** Loads an entry and its edition, the entry locked for the rest of the transaction; `row` is what `statement` read besides. */
  async lockEntry(manager: EntityManager, entryId: string, statement = this.statements.readForChange): Promise<{ entry: Entry; edition: Edition; row: Record<string, unknown> }> {
    const [row] = await queryPrepared<Record<string, unknown>>(manager, statement, [entryId]);
    if (!row) throw new NotFoundException(`No entry ${entryId}`);
    return { ...this.readForChange(row), row };
  }

  /** readEntry with more columns (`columns`, after the entry's and the edition's) and `joins` after the edition's; $1 is the entry's id. */
  entryReadWith(columns: string, joins = ''): string {
    return this.statements.readEntryWith(columns, joins);
  }

  private readForChange(row: Record<string, unknown>): { entry: Entry; edition: Edition } {
    const entry = entityOf(Entry, row, 'en');
    this.asRead.set(entry, { snapshot: entry.snapshot, proposal: entry.proposal });
    return { entry, edition: entityOf(Edition, row, 'ed') };
  }

  /**
   * A change of one entry that counts against no quota and writes nothing but the entry, its
   * timeline, its events and what `save` writes alongside (a proposal, a return, a resubmission, a
   * juror's sheet): optimistic, with no transaction. The entry and its edition are read unlocked
   * (`read`: readEntry, or a statement of entryReadWith with its parameters after the entry's id,
   * whose row `change` gets), and `change` saves the entry, which writes only if it is still at
   * the version read (save), in one statement. When it changed meanwhile, nothing is written and
   * the change starts again from a fresh read, so it decides on what it writes over, as under the
   * lock. The lock took a transaction: BEGIN, the locking read, the write and COMMIT, where this
   * takes the read and the write (docs/performance.md, "Nomination changes without a lock"). Adding
   * or removing a document bumps the entry's version, so the checklist a change checked is the one
   * it commits with.
   */
  async changeUnlocked(
    entryId: string,
    change: (found: { entry: Entry; edition: Edition }, manager: EntityManager, row: Record<string, unknown>) => Promise<void>,
    read: { statement: string; parameters: unknown[] } = { statement: this.statements.readEntry, parameters: [] },
  ): Promise<{ entry: Entry; edition: Edition }> {
    const manager = this.dataSource.manager;
    // save's ChangedMeanwhile (the entry is no longer at the version read) starts it again from a fresh read.
    return writeOptimistically(async () => {
      const [row] = await queryPrepared<Record<string, unknown>>(manager, read.statement, [entryId, ...read.parameters]);
      if (!row) throw new NotFoundException(`No entry ${entryId}`);
      const found = this.readForChange(row);
      await change(found, manager, row);
      return found;
    });
  }

  /**
   * The edition locked first (shared) with the agency's place in it (agencyPlaceKey), then the
   * entry, in the order entry creation and the decision take them: for changes that count against
   * the edition's quota, or that a decision in progress must not miss (a withdrawal waits for it,
   * then sees the edition decided).
   */
  private async lockEditionThenEntry(manager: EntityManager, entryId: string, statement?: string): Promise<{ entry: Entry; edition: Edition; row: Record<string, unknown> }> {
    const placed = await queryPrepared(manager, this.statements.lockEditionOfEntry, [entryId]);
    if (!placed.length) throw new NotFoundException(`No entry ${entryId}`);
    return this.lockEntry(manager, entryId, statement);
  }

  /**
   * Saves a changed entry with its version bumped, with the events `eventsOf` makes of it and their
   * timeline rows, in one statement. The whole row is written: the entry is locked by the caller
   * (lockEntry), or was read in this transaction or unlocked (changeUnlocked) and is written only if
   * still at the version it was read at, so a change made in between is a 409, never overwritten.
   * The large values go only when the change replaced them (KEPT_UNLESS_CHANGED); `alongside`
   * writes with the entry, in the same statement.
   */
  async save(manager: EntityManager, ctx: CommandContext, entry: Entry, eventsOf: () => NewEvent[] = () => [], alongside?: Alongside): Promise<Entry> {
    const readAt = entry.version;
    entry.version += 1;
    entry.updatedAt = this.clock.now();
    const read = this.asRead.get(entry);
    const values = this.statements.changed.map((c) => {
      const value = entry[c.property as keyof Entry];
      return read && KEPT_UNLESS_CHANGED.has(c.property) && read[c.property as keyof typeof read] === value ? null : parameterOf(c, value);
    });
    const changed = await this.write(manager, ctx, { head: this.statements.updateHead, parameters: [entry.id, readAt, ...values], alongside }, eventsOf());
    if (changed === 0) throw new ChangedMeanwhile(`${entry.innovationName} was changed meanwhile (entry ${entry.id}); reload it and try again`);
    return entry;
  }

  /**
   * Appends events to the outbox and each entry event's step to its entry's timeline, in the
   * caller's transaction: the timeline and the events never disagree.
   */
  async publish(manager: EntityManager, ctx: CommandContext, events: NewEvent[]): Promise<void> {
    await this.write(manager, ctx, null, events);
  }

  /**
   * One statement: the entry's change (`head`, a CTE named changed, with its parameters), the
   * events' timeline rows and the events themselves; returns how many entries it changed. With a
   * change, the timeline rows and events are stored only if it changed a row: an unlocked change
   * that lost a race (changeUnlocked) writes nothing. Each statement is a round trip, and the query
   * builder's CPU cost more than the statements (docs/performance.md).
   */
  private async write(manager: EntityManager, ctx: CommandContext, change: { head: string; parameters: unknown[]; alongside?: Alongside } | null, events: NewEvent[]): Promise<number> {
    const ctes = change ? [change.head] : [];
    const parameters = change ? [...change.parameters] : [];
    if (change?.alongside) ctes.push(change.alongside((value) => `$${parameters.push(value)}`));
    const steps = this.timelineSteps(ctx, events);
    if (steps.length) {
      const columns = this.statements.timelineColumns;
      const rows = steps.map((step) => `(${columns.map((c) => `$${parameters.push(parameterOf(c, step[c.property as keyof typeof step]))}${c.cast}`).join(', ')})`);
      const values = `VALUES ${rows.join(', ')}`;
      ctes.push(`recorded AS (${this.statements.timelineInsert} ${change ? `SELECT * FROM (${values}) AS step WHERE EXISTS (SELECT 1 FROM changed)` : values})`);
    }
    const result = change ? '(SELECT count(*)::int FROM changed)' : '0';
    const run = (text: string, all: unknown[]) => queryPrepared<{ n: number }>(manager, text, all).then(([row]) => row.n);
    if (!events.length) return ctes.length ? run(`WITH ${ctes.join(', ')} SELECT ${result} AS n`, parameters) : 0;
    return this.outbox.appendInStatement(manager, ctx, events, (outbox) => run(`WITH ${[...ctes, outbox.cte(parameters.length + 1, change ? 'changed' : undefined)].join(', ')} SELECT ${result} AS n`, [...parameters, ...outbox.parameters]));
  }

  /** Each entry event's step of its entry's timeline. */
  private timelineSteps(ctx: CommandContext, events: NewEvent[]): Omit<EntryTimelineRow, 'seq' | 'entry'>[] {
    return events.flatMap((e) => {
      const payload = e.payload as { entry?: { state: EntryState }; reason?: string | null; note?: string; deadline?: string };
      if (!e.type.startsWith('nomination.') || !payload.entry) return [];
      return [
        {
          entryId: e.aggregateId,
          version: e.aggregateVersion,
          type: e.type,
          state: payload.entry.state,
          actor: ctx.actor.sub,
          actorRole: ctx.actor.role,
          at: this.clock.now(),
          note: payload.reason ?? payload.note ?? null,
          deadline: payload.deadline ?? null,
        },
      ];
    });
  }

  private get statements(): Statements {
    if (!this.sql) {
      const ds = this.dataSource;
      const entries = tableOf(ds, Entry);
      const editions = tableOf(ds, Edition);
      const innovations = tableOf(ds, InnovationView);
      const columns = writableColumnsOf(ds, Entry);
      const changed = columns.filter((c) => c.property !== 'id');
      const timelineColumns = writableColumnsOf(ds, EntryTimelineRow).filter((c) => c.property !== 'seq');
      const innovationList = selectListOf(ds, InnovationView, 'iv');
      const readEntryWith = (columns: string, joins: string) => `SELECT ${selectListOf(ds, Entry, 'en')}, ${selectListOf(ds, Edition, 'ed')}${columns ? `, ${columns}` : ''}
                           FROM ${entries} en JOIN ${editions} ed ON ed.id = en.edition_id ${joins} WHERE en.id = $1`;
      const readEntry = readEntryWith('', '');
      /** The new entry's own value of a column, as the insert's parameter (text where the column needs no cast: a guard cannot infer it). */
      const own = (property: keyof Entry) => {
        const n = columns.findIndex((c) => c.property === property);
        return `$${n + 1}${columns[n].cast || '::text'}`;
      };
      /** Whether the innovation won an edition of the level before the year (each an SQL expression). */
      const wonBefore = (innovationId: string, level: string, year: string) =>
        `EXISTS (SELECT 1 FROM ${entries} won JOIN ${editions} wed ON wed.id = won.edition_id
                  WHERE won.innovation_id = ${innovationId} AND won.state = 'winner' AND wed.level = ${level} AND wed.year < ${year})`;
      const set = (c: WritableColumn, n: number) => (KEPT_UNLESS_CHANGED.has(c.property) ? `COALESCE($${n}${c.cast}, "${c.column}")` : `$${n}${c.cast}`);
      this.sql = {
        columns,
        changed,
        timelineColumns,
        timelineInsert: `INSERT INTO ${tableOf(ds, EntryTimelineRow)} (${timelineColumns.map((c) => `"${c.column}"`).join(', ')})`,
        readEntry,
        readEntryWith,
        readForChange: `${readEntry} FOR UPDATE OF en`,
        readForSubmission: `${readEntryWith(
          `${innovationList},
           (SELECT count(*)::int FROM ${entries} other WHERE other.edition_id = en.edition_id AND other.agency_id = en.agency_id AND ${COUNTED}
               AND (en.category IS NULL OR other.category = en.category) AND other.id <> en.id) AS counted,
           NULL::json AS entered,
           ${wonBefore('en.innovation_id', 'ed.level', 'ed.year')} AS "wonBefore"`,
          `LEFT JOIN ${innovations} iv ON iv.id = en.innovation_id`,
        )} FOR UPDATE OF en`,
        // MATERIALIZED: the edition's lock is taken when its row is read, before the agency's place.
        readForEntering: `WITH ed AS MATERIALIZED (SELECT * FROM ${editions} WHERE id = $1 FOR SHARE)
                          SELECT ${selectListOf(ds, Edition, 'ed')}, ${innovationList}, pg_advisory_xact_lock(${agencyPlaceKey('ed.id', 'iv.agency_id')})::text AS "agencyPlace",
                                 ${wonBefore('$2', 'ed.level', 'ed.year')} AS "wonBefore"
                            FROM ed LEFT JOIN ${innovations} iv ON iv.id = $2`,
        lockEditionOfEntry: `WITH ed AS MATERIALIZED (
                               SELECT ed.id, en.agency_id FROM ${entries} en JOIN ${editions} ed ON ed.id = en.edition_id WHERE en.id = $1 FOR SHARE OF ed
                             )
                             SELECT pg_advisory_xact_lock(${agencyPlaceKey('ed.id', 'ed.agency_id')})::text AS "agencyPlace" FROM ed`,
        facts: `SELECT ${innovationList},
                       (SELECT count(*)::int FROM ${entries}
                         WHERE edition_id = $1 AND agency_id = $2 AND ${COUNTED} AND ($3::text IS NULL OR category = $3) AND ($4::uuid IS NULL OR id <> $4)) AS counted,
                       (SELECT json_build_object('id', id, 'innovationName', innovation_name) FROM ${entries}
                         WHERE edition_id = $1 AND innovation_id = $5 AND ($4::uuid IS NULL OR id <> $4) LIMIT 1) AS entered,
                       $6::boolean AND ${wonBefore('$5', '$7', '$8')} AS "wonBefore"
                  FROM (SELECT 1) AS one LEFT JOIN ${innovations} iv ON iv.id = $5 AND $9::boolean`,
        insertHead: `changed AS (INSERT INTO ${entries} (${columns.map((c) => `"${c.column}"`).join(', ')})
                                 VALUES (${columns.map((c, n) => `$${n + 1}${c.cast}`).join(', ')}) RETURNING id)`,
        guardedInsertHead: `changed AS (INSERT INTO ${entries} (${columns.map((c) => `"${c.column}"`).join(', ')})
                                 SELECT ${columns.map((c, n) => `$${n + 1}${c.cast}`).join(', ')}
                                  WHERE NOT EXISTS (SELECT 1 FROM ${entries} WHERE edition_id = ${own('editionId')} AND innovation_id = ${own('innovationId')})
                                    AND ($${columns.length + 1}::int IS NULL
                                         OR (SELECT count(*) FROM ${entries} WHERE edition_id = ${own('editionId')} AND agency_id = ${own('agencyId')} AND ${COUNTED}
                                               AND (${own('category')} IS NULL OR category = ${own('category')})) < $${columns.length + 1}::int)
                                 RETURNING id)`,
        updateHead: `changed AS (UPDATE ${entries} SET ${changed.map((c, n) => `"${c.column}" = ${set(c, n + 3)}`).join(', ')}
                                 WHERE id = $1 AND version = $2 RETURNING id)`,
      };
    }
    return this.sql;
  }

  /** Whether the caller acts for the entry's agency: its staff, or the admins of its region. */
  assertActsForAgency(actor: Principal, entry: Entry): void {
    if (!canManageAgencyData(actor, entry.regionCode, entry.agencyId)) {
      throw new ForbiddenException(`Only ${entry.agencyName} of ${entry.regionCode} or its region's admins act on its entry`);
    }
  }

  /** The agency writes or corrects its proposal: as a draft, or while returned for correction. */
  async changeProposal(ctx: CommandContext, entryId: string, dto: ProposalDto): Promise<{ entry: Entry; edition: Edition }> {
    return this.changeUnlocked(entryId, async ({ entry, edition }, manager) => {
      this.assertActsForAgency(ctx.actor, entry);
      transition('edit-proposal', entry);
      if (edition.decidedAt) throw new ConflictException(`${edition.name} is decided`);
      this.assertBeforeReturnDeadline(entry);
      const { proposal, problems } = applyProposal(entry.proposal, dto, edition.criteria, '');
      await this.assertDocumented(manager, edition, entry, problems);
      entry.proposal = proposal;
      await this.save(manager, ctx, entry, () => [
        { type: 'nomination.proposal-changed', aggregateId: entry.id, aggregateVersion: entry.version, payload: { entry: entrySummary(entry, edition), proposal } },
      ]);
    });
  }

  /**
   * Submits a draft while the window is open: the eligibility rules and the quota apply now, and
   * the entry takes the innovation as it stands now and its submission time.
   */
  async submitDraft(ctx: CommandContext, entryId: string, dto: ProposalDto): Promise<{ entry: Entry; edition: Edition }> {
    return this.dataSource.transaction(async (manager) => {
      // The facts come with the entry: that statement starts once the agency's place is held, so it
      // counts every entry committed before (a statement of their own was one more round trip).
      const { entry, edition, row } = await this.lockEditionThenEntry(manager, entryId, this.statements.readForSubmission);
      this.assertActsForAgency(ctx.actor, entry);
      const to = transition('submit', entry);
      const window = windowProblem(edition, 'submission', this.clock.today());
      if (window) throw new ConflictException(window);
      const read = factsIn(row);
      const facts = { ...read, wonBefore: earlierWinnerRefused(edition, read.wonBefore) };
      const innovation = facts.innovation;
      if (!innovation) throw new ConflictException(`The innovation ${entry.innovationId} is no longer known here`);
      this.checkEligible(edition, innovation, facts, null);
      this.checkQuota(edition, entry.agencyName, entry.category, facts);
      const { proposal, problems } = applyProposal(entry.proposal, dto, edition.criteria, '');
      await this.assertDocumented(manager, edition, entry, problems);
      Object.assign(entry, {
        proposal,
        state: to,
        snapshot: innovation.snapshot,
        innovationVersion: innovation.version,
        innovationName: innovation.snapshot.name,
        agencyName: innovation.snapshot.agencyName,
        submittedBy: ctx.actor.sub,
        submittedAt: this.clock.now(),
      });
      await this.save(manager, ctx, entry, () => [
        { type: 'nomination.submitted', aggregateId: entry.id, aggregateVersion: entry.version, payload: { entry: entrySummary(entry, edition), snapshot: entry.snapshot, proposal } },
      ]);
      return { entry, edition };
    });
  }

  /** Refuses a submission with the proposal's problems and the checklist's missing documents, all named at once. */
  private async assertDocumented(manager: EntityManager, edition: Edition, entry: Entry, problems: FieldError[]): Promise<void> {
    const missing = (await documentsMissing(manager, edition, [entry.id])).get(entry.id) ?? [];
    const all = [...problems, ...missingDocumentErrors(missing)];
    if (all.length) throw new FieldValidationException(all);
  }

  /** The administrative check sends a submitted entry back for correction, with what to correct and by when. */
  async returnForCorrection(ctx: CommandContext, entryId: string, dto: ReturnEntryDto): Promise<{ entry: Entry; edition: Edition }> {
    return this.changeUnlocked(entryId, async ({ entry, edition }, manager) => {
      assertCanRun(ctx.actor, edition);
      this.assertCheckOpen(edition);
      const to = transition('return', entry);
      const problem = returnDeadlineProblem(edition.schedule, dto.deadline, this.clock.today());
      if (problem) throw invalidField('deadline', problem);
      entry.state = to;
      entry.returnNote = dto.note;
      entry.returnDeadline = dto.deadline;
      await this.save(manager, ctx, entry, () => [
        { type: 'nomination.returned', aggregateId: entry.id, aggregateVersion: entry.version, payload: { entry: entrySummary(entry, edition), note: dto.note, deadline: dto.deadline } },
      ]);
    });
  }

  /** The agency resubmits its corrected entry by the return's deadline; it awaits the check again. */
  async resubmit(ctx: CommandContext, entryId: string, dto: ProposalDto): Promise<{ entry: Entry; edition: Edition }> {
    return this.changeUnlocked(entryId, async ({ entry, edition }, manager) => {
      this.assertActsForAgency(ctx.actor, entry);
      const to = transition('resubmit', entry);
      this.assertCheckOpen(edition);
      this.assertBeforeReturnDeadline(entry);
      const { proposal, problems } = applyProposal(entry.proposal, dto, edition.criteria, '');
      await this.assertDocumented(manager, edition, entry, problems);
      entry.proposal = proposal;
      entry.state = to;
      await this.save(manager, ctx, entry, () => [
        { type: 'nomination.resubmitted', aggregateId: entry.id, aggregateVersion: entry.version, payload: { entry: entrySummary(entry, edition), proposal } },
      ]);
    });
  }

  /** The agency withdraws its entry, before the edition's decision; it leaves the check, the ranking and the decision. */
  async withdraw(ctx: CommandContext, entryId: string, dto: WithdrawEntryDto): Promise<{ entry: Entry; edition: Edition }> {
    return this.dataSource.transaction(async (manager) => {
      const { entry, edition } = await this.lockEditionThenEntry(manager, entryId);
      this.assertActsForAgency(ctx.actor, entry);
      if (edition.decidedAt) throw new ConflictException(`${edition.name} was decided on ${edition.decidedAt.toISOString()}; its entries stay as decided`);
      const from = entry.state;
      entry.state = transition('withdraw', entry);
      entry.withdrawalReason = dto.reason ?? null;
      entry.withdrawnFrom = from;
      await this.save(manager, ctx, entry, () => [
        { type: 'nomination.withdrawn', aggregateId: entry.id, aggregateVersion: entry.version, payload: { entry: entrySummary(entry, edition), fromState: from, reason: entry.withdrawalReason } },
      ]);
      return { entry, edition };
    });
  }

  /** A returned entry is corrected and resubmitted by its deadline (a WIB day, inclusive), not after. */
  private assertBeforeReturnDeadline(entry: Entry): void {
    if (entry.state === 'returned' && entry.returnDeadline && this.clock.today() > entry.returnDeadline) {
      throw new ConflictException(`The deadline to correct and resubmit ${entry.innovationName} was ${entry.returnDeadline}`);
    }
  }

  private assertCheckOpen(edition: Edition): void {
    if (!CHECK_PHASES.includes(edition.phase)) throw new ConflictException(`The administrative check is over: ${edition.name} is in ${edition.phase}`);
  }

  async admission(ctx: CommandContext, entryId: string, dto: AdmissionDto): Promise<{ entry: Entry; edition: Edition }> {
    return this.dataSource.transaction(async (manager) => {
      const { entry, edition } = await this.lockEntry(manager, entryId);
      assertCanRun(ctx.actor, edition);
      this.assertCheckOpen(edition);
      const to = transition(dto.decision === 'admit' ? 'admit' : 'reject', entry);
      if (entry.state === 'returned' && entry.returnDeadline && this.clock.today() <= entry.returnDeadline) {
        throw new ConflictException(`${entry.innovationName} was returned for correction until ${entry.returnDeadline}; it can be rejected once that day is over`);
      }
      const before = entryBefore(entry);
      entry.state = to;
      if (dto.decision === 'admit') {
        await this.save(manager, ctx, entry, () => [{ type: 'nomination.admitted', aggregateId: entry.id, aggregateVersion: entry.version, payload: { entry: entrySummary(entry, edition) } }]);
      } else {
        entry.rejectionReason = dto.reason!;
        await this.save(manager, ctx, entry, () => [
          { type: 'nomination.rejected', aggregateId: entry.id, aggregateVersion: entry.version, payload: { entry: entrySummary(entry, edition), reason: dto.reason! } },
        ]);
      }
      await auditEntry(manager, ctx, dto.decision === 'admit' ? 'admitted' : 'rejected', before, entry, dto.reason ?? null);
      return { entry, edition };
    });
  }

  /** A draft is its agency's own until submitted: no juror, no other region sees it. */
  private maySee(actor: Principal, entry: Pick<Entry, 'state' | 'regionCode' | 'agencyId'>): boolean {
    return entry.state !== 'draft' || canManageAgencyData(actor, entry.regionCode, entry.agencyId);
  }

  /** The entries of an edition; scores and ranks only for those who may see them (maySeeScores), drafts only for their agency. */
  async list(actor: Principal, editionId: string, query: Pick<ListEntriesQuery, 'state' | 'category'> = {}): Promise<EntryView[]> {
    const edition = await this.editions.get(editionId);
    const entries = await this.dataSource.getRepository(Entry).find({
      where: { editionId, ...(query.state ? { state: query.state } : {}), ...(query.category ? { category: query.category } : {}) },
      order: { submittedAt: 'ASC', id: 'ASC' },
    });
    const visible = entries.filter((e) => this.maySee(actor, e));
    const forwarded = await this.forwardedFrom(visible.map((e) => e.id));
    const juror = jurorClaims(actor, edition.id) ? await this.dataSource.getRepository(EditionJuror).findOneBy({ editionId, jurorId: actor.sub }) : null;
    const yours = juror ? await this.criteriaScoredBy(editionId, actor.sub) : null;
    const missing = await documentsMissing(this.dataSource.manager, edition, visible.map((e) => e.id));
    const views = visible.map((e) => ({
      ...entryView(e, edition, forwarded.get(e.id) ?? []),
      documentsMissing: missing.get(e.id) ?? [],
      ...(juror && yours ? { yourCriteriaScored: yours.get(e.id) ?? 0, yoursToJudge: judgingRefusal(juror, e) === null } : {}),
    }));
    return (await maySeeScores(this.dataSource.manager, actor, edition)) ? views : views.map(withoutScores);
  }

  async visibleEntry(actor: Principal, entryId: string): Promise<{ entry: Entry; edition: Edition }> {
    const entry = await this.dataSource.getRepository(Entry).findOneBy({ id: entryId });
    if (!entry || !this.maySee(actor, entry)) throw new NotFoundException(`No entry ${entryId}`);
    return { entry, edition: await this.editions.get(entry.editionId) };
  }

  /** An entry with its proposal, each section beside its criterion and, for a juror, the juror's own score of it. */
  async detail(actor: Principal, entryId: string): Promise<EntryDetail> {
    const { entry, edition } = await this.visibleEntry(actor, entryId);
    const forwarded = await this.forwardedFrom([entry.id]);
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM "nomination"."replication_evidence" WHERE origin_innovation_id = $1`,
      [entry.innovationId],
    );
    const juror = jurorClaims(actor, edition.id) ? await this.dataSource.getRepository(EditionJuror).findOneBy({ editionId: edition.id, jurorId: actor.sub }) : null;
    const ofJury = !!juror;
    const yours = ofJury ? await this.sheetBy(entry.id, actor.sub) : undefined;
    // The jury's comments are the jury's and the admins' to read, before the decision and after.
    const comments = ofJury || canRunEdition(actor, edition) ? await this.commentsOn(entry.id) : undefined;
    const fieldChecks = comments ? await this.fieldChecksOf(entry.id) : [];
    const missing = (await documentsMissing(this.dataSource.manager, edition, [entry.id])).get(entry.id) ?? [];
    const detail = { ...entryDetail(entry, edition, forwarded.get(entry.id) ?? [], n, yours, comments, fieldChecks), documentsMissing: missing, ...(juror && yours ? { yourCriteriaScored: yours.size, yoursToJudge: judgingRefusal(juror, entry) === null } : {}) };
    return (await maySeeScores(this.dataSource.manager, actor, edition)) ? detail : withoutScores(detail);
  }

  /** How many criteria a juror has scored, by entry of the edition: a juror's list says what is left to score. */
  private async criteriaScoredBy(editionId: string, jurorId: string): Promise<Map<string, number>> {
    const rows: { entry_id: string; n: number }[] = await this.dataSource.query(
      `SELECT entry_id, count(*)::int AS n FROM "nomination"."score" WHERE edition_id = $1 AND juror_id = $2 GROUP BY entry_id`,
      [editionId, jurorId],
    );
    return new Map(rows.map((r) => [r.entry_id, r.n]));
  }

  /** A juror's own marks and comments of an entry, by criterion. */
  async sheetBy(entryId: string, jurorId: string): Promise<Map<string, OwnMark>> {
    const rows: { criterion: string; value: string; comment: string | null }[] = await this.dataSource.query(
      `SELECT criterion, value, comment FROM "nomination"."score" WHERE entry_id = $1 AND juror_id = $2`,
      [entryId, jurorId],
    );
    return new Map(rows.map((r) => [r.criterion, { value: Number(r.value), comment: r.comment }]));
  }

  /** The jurors' field checks of an entry, each with the juror's name as the admin assigned it. */
  async fieldChecksOf(entryId: string): Promise<FieldCheckView[]> {
    const rows: { juror_id: string; name: string | null; outcome: FieldCheckView['outcome']; note: string; checked_at: Date }[] = await this.dataSource.query(
      `SELECT f.juror_id, j.name, f.outcome, f.note, f.checked_at
         FROM "nomination"."field_check" f LEFT JOIN "nomination"."edition_juror" j ON j.edition_id = f.edition_id AND j.juror_id = f.juror_id
        WHERE f.entry_id = $1 ORDER BY f.checked_at, f.juror_id`,
      [entryId],
    );
    return rows.map((r) => ({ jurorId: r.juror_id, jurorName: r.name ?? r.juror_id, outcome: r.outcome, note: r.note, checkedAt: new Date(r.checked_at).toISOString() }));
  }

  /** Every juror's comments on an entry, by criterion, each with the juror's name as the admin assigned it. */
  async commentsOn(entryId: string): Promise<Map<string, JurorComment[]>> {
    const rows: { criterion: string; juror_id: string; name: string | null; comment: string }[] = await this.dataSource.query(
      `SELECT s.criterion, s.juror_id, j.name, s.comment
         FROM "nomination"."score" s LEFT JOIN "nomination"."edition_juror" j ON j.edition_id = s.edition_id AND j.juror_id = s.juror_id
        WHERE s.entry_id = $1 AND s.comment IS NOT NULL
        ORDER BY s.criterion, s.scored_at, s.juror_id`,
      [entryId],
    );
    const byCriterion = new Map<string, JurorComment[]>();
    for (const r of rows) byCriterion.set(r.criterion, [...(byCriterion.get(r.criterion) ?? []), { jurorId: r.juror_id, jurorName: r.name ?? r.juror_id, comment: r.comment }]);
    return byCriterion;
  }

  /**
   * Every step of the entry, oldest first, each with the event it published. Scoring steps are
   * part of the jury's confidence: only those who may see scores see them before the decision.
   */
  async timeline(actor: Principal, entryId: string): Promise<EntryTimelineStep[]> {
    const { entry, edition } = await this.visibleEntry(actor, entryId);
    const rows = await this.dataSource.getRepository(EntryTimelineRow).find({ where: { entryId: entry.id }, order: { seq: 'ASC' } });
    const scores = await maySeeScores(this.dataSource.manager, actor, edition);
    return rows
      .filter((r) => scores || r.type !== 'nomination.scored')
      .map((r) => ({ version: r.version, type: r.type, state: r.state, actor: r.actor, actorRole: r.actorRole, at: r.at.toISOString(), note: r.note, deadline: r.deadline }));
  }

  /** Where each of these entries was forwarded to: the link the source keeps. */
  async forwardedFrom(entryIds: string[]): Promise<Map<string, ForwardedRef[]>> {
    const result = new Map<string, ForwardedRef[]>();
    if (entryIds.length === 0) return result;
    const rows: (ForwardedRef & { sourceEntryId: string })[] = await this.dataSource.query(
      `SELECT en.source_entry_id AS "sourceEntryId", en.id AS "entryId", ed.id AS "editionId", ed.name AS "editionName",
              ed.level, ed.year, en.state, en.national_result AS "nationalResult"
         FROM "nomination"."entry" en JOIN "nomination"."edition" ed ON ed.id = en.edition_id
        WHERE en.source_entry_id = ANY($1::uuid[])
        ORDER BY en.submitted_at`,
      [entryIds],
    );
    for (const { sourceEntryId, ...ref } of rows) {
      const list = result.get(sourceEntryId) ?? [];
      list.push(ref);
      result.set(sourceEntryId, list);
    }
    return result;
  }
}
