import { randomUUID } from 'node:crypto';
import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  INNOVATION_TEXT_MAX,
  OPEN_REPLICATION_STATUSES,
  REPLICATION_PROGRESS_MAX,
  provinceOf,
  type AcceptReplicationDto,
  type CompleteReplicationDto,
  type CreateReplicationRequestDto,
  type EventType,
  type ImplementReplicationDto,
  type PayloadOf,
  type ReasonedTransitionDto,
  type ReplicationAction,
  type ReplicationCompletedV1,
  type ReportProgressDto,
  type SignAgreementDto,
} from '@lumbung/contracts';
import { OutboxService, type NewEvent } from '@lumbung/messaging';
import { ChangedMeanwhile, entityOf, invalidField, parameterOf, queryPrepared, selectListOf, tableOf, writableColumnsOf, writeOptimistically, type CommandContext, type WritableColumn } from '@lumbung/platform';
import { InnovationView } from '@lumbung/read-models';
import { AgencyProjection } from '../agencies/agency-projection.service.js';
import { isFutureDay } from './replication-dates.js';
import { partiesOf, speaksFor } from './replication-parties.js';
import { clip } from './replication-texts.js';
import { ReplicationRequest } from './replication-request.entity.js';
import { snapshotOf } from './replication-request.views.js';
import { decide } from './replication-state-machine.js';
import { ReplicationTimelineRow } from './replication-timeline.entity.js';

const EVENT_OF: Record<ReplicationAction, EventType> = {
  accept: 'replication.accepted',
  decline: 'replication.declined',
  'sign-agreement': 'replication.agreement-signed',
  'report-progress': 'replication.progressed',
  implement: 'replication.implemented',
  complete: 'replication.completed',
  withdraw: 'replication.withdrawn',
  cancel: 'replication.cancelled',
};

/** What a step may change; the rest of a request is set when it is filed, or by the registry's events. */
const STEP_FIELDS: ReadonlySet<string> = new Set<keyof ReplicationRequest>([
  'status',
  'version',
  'agreement',
  'implementedOn',
  'adopterInnovationName',
  'adaptationNotes',
  'benefitEvaluation',
  'answeredAt',
  'closedAt',
  'lastActivityAt',
  'updatedAt',
]);

/** The hot writes' statements, built once from the entities (their texts never change). */
interface Statements {
  all: WritableColumn[];
  step: WritableColumn[];
  /** The origin innovation and its row's `xmin`, which a new request's insert must find unchanged. */
  readOrigin: string;
  /** The request and its row's `xmin`, which a step's write must find unchanged. */
  readWithStamp: string;
  /** The same with what report-progress checks: how many reports the request has. */
  readForProgress: string;
  /** The same with what implement uses: the adaptation reports. */
  readForImplement: string;
  /** Up to the outbox's CTE, which follows with its parameters numbered after these. */
  insertHead: string;
  stepHead: string;
}

/** What a step reads with the request, in the same statement, for the one action that uses it. */
interface StepRead {
  /** Counted for report-progress only: the other steps would pay for a scan of the timeline. */
  progressReports: number | null;
  /** The adaptation reports' summaries, oldest first: read for implement only (they can be long). */
  adaptationReports: string | null;
}

/** What one action changes on the request and records on its timeline. */
interface StepEffect {
  note: string | null;
  details: Record<string, unknown> | null;
  /** Extra payload fields of the event, beside `request` and `note`. */
  payload?: Record<string, unknown>;
}

function notInFuture(field: string, day: string | undefined, now: Date): void {
  if (day && isFutureDay(day, now)) throw invalidField(field, `${field} must not be in the future`);
}

/**
 * Replication requests and their lifecycle. Every step runs in one transaction: the request row
 * (locked), its timeline row and its event in the outbox commit together or not at all.
 */
@Injectable()
export class ReplicationRequestsService {
  private sql?: Statements;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly agencies: AgencyProjection,
  ) {}

  /**
   * Files a request for the adopter. The origin comes from this service's own innovation view,
   * the adopting agency from its agency view: both built from registry events, never a call.
   */
  async create(ctx: CommandContext, dto: CreateReplicationRequestDto): Promise<ReplicationRequest> {
    if (!speaksFor(ctx.actor, dto.adopterRegionCode, dto.adopterAgencyId)) {
      throw new ForbiddenException(`Only the admins of ${dto.adopterRegionCode} or the adopting agency's staff may file its replication requests`);
    }
    const manager = this.dataSource.manager;
    let refusedAt: string | undefined;
    return writeOptimistically(async () => {
      const [originRow] = await queryPrepared<{ row_stamp: string }>(manager, this.statements.readOrigin, [dto.originInnovationId]);
      if (!originRow) {
        throw invalidField('originInnovationId', `No innovation ${dto.originInnovationId} is known here; if the registry registered it just now, try again in a moment`);
      }
      const { row_stamp: originStamp, ...originColumns } = originRow;
      const origin = entityOf(InnovationView, originColumns);
      if (origin.regionCode === dto.adopterRegionCode) {
        throw invalidField('adopterRegionCode', `"${origin.name}" comes from ${origin.regionCode}: an innovation cannot be replicated into its own region`, 'replication.own-region');
      }
      if (origin.retiredAt) throw new ConflictException(`"${origin.name}" was retired on ${origin.retiredAt.toISOString()} and can no longer be replicated`);
      if (origin.stage !== 'penerapan') {
        throw new ConflictException(`"${origin.name}" is in the ${origin.stage} stage; only an innovation in penerapan (implemented) can be replicated`);
      }
      const agency = await this.agencies.find(manager, dto.adopterAgencyId);
      if (!agency) {
        throw invalidField('adopterAgencyId', `No agency ${dto.adopterAgencyId} is known here; if the registry registered it just now, try again in a moment`);
      }
      if (agency.regionCode !== dto.adopterRegionCode) throw invalidField('adopterAgencyId', `${agency.name} is an agency of ${agency.regionCode}, not of ${dto.adopterRegionCode}`);
      if (agency.retiredAt) throw invalidField('adopterAgencyId', `${agency.name} was retired and can no longer adopt innovations`);

      const now = new Date();
      const request = manager.create(ReplicationRequest, {
        version: 1,
        status: 'requested',
        model: dto.model,
        originInnovationId: origin.id,
        originInnovationName: origin.name,
        originRegionCode: origin.regionCode,
        originProvinceCode: origin.provinceCode,
        originAgencyId: origin.agencyId,
        adopterRegionCode: dto.adopterRegionCode,
        adopterProvinceCode: provinceOf(dto.adopterRegionCode),
        adopterAgencyId: agency.id,
        adopterAgencyName: agency.name,
        facilitator: dto.facilitator ? { name: dto.facilitator.name, regionCode: dto.facilitator.regionCode ?? null } : null,
        reason: dto.reason,
        plan: dto.plan,
        contact: { name: dto.contact.name, position: dto.contact.position ?? null, phone: dto.contact.phone ?? null, email: dto.contact.email ?? null },
        agreement: null,
        implementedOn: null,
        adopterInnovationName: null,
        adaptationNotes: null,
        benefitEvaluation: null,
        originRetiredAt: null,
        originRetireReason: null,
        // Set here, at millisecond precision, so keyset cursors built from them compare exactly.
        requestedAt: now,
        answeredAt: null,
        closedAt: null,
        lastActivityAt: now,
        updatedAt: now,
      });
      // The same origin row refused the last attempt's insert: the open request clashed, not the origin.
      if (refusedAt === originStamp) throw await this.openRequestClash(manager, dto);
      request.id = randomUUID();
      // The request, its first timeline row and its event in one statement (one round trip, no query
      // builder, no transaction), which inserts nothing, and no event, when either guard refuses:
      // - the partial unique index replication_request_open_uq keeps one open request per (innovation,
      //   agency); ON CONFLICT DO NOTHING refuses a second one, even a racing one (which waits for the
      //   first to commit), without a failed statement;
      // - the origin's row must be the one read (its xmin), locked FOR SHARE until this commits: a
      //   retirement being projected now waits for this request (and then flags it), or this waits
      //   for it and starts again from a fresh read, which sees the retirement.
      const values = [...this.statements.all.map((c) => parameterOf(c, request[c.property as keyof ReplicationRequest])), origin.id, originStamp];
      const step = this.recordValues(ctx, request, { action: 'request', fromStatus: null, at: now, note: null, details: null });
      const inserted = await this.outbox.appendInStatement(manager, ctx, [this.event('replication.requested', request, { note: null })], (outbox) =>
        queryPrepared(manager, `${this.statements.insertHead} ${outbox.cte(values.length + step.length + 1, 'recorded')} SELECT request_id FROM recorded`, [...values, ...step, ...outbox.parameters]),
      );
      if (inserted.length > 0) return request;
      refusedAt = originStamp;
      throw new ChangedMeanwhile(`The origin innovation kept changing while this request was filed; try again`);
    });
  }

  private async openRequestClash(manager: EntityManager, dto: CreateReplicationRequestDto): Promise<ConflictException> {
    const [existing] = await manager.query(
      `SELECT id, status FROM "replication"."replication_request"
        WHERE origin_innovation_id = $1 AND adopter_agency_id = $2 AND status = ANY($3::text[])`,
      [dto.originInnovationId, dto.adopterAgencyId, OPEN_REPLICATION_STATUSES],
    );
    return new ConflictException({
      statusCode: 409,
      error: 'Conflict',
      message: `This agency already has an open request (${existing?.status ?? 'open'}) to replicate this innovation; carry that one on or withdraw it first`,
      existingRequestId: existing?.id ?? null,
    });
  }

  /** The request, if the caller is one of its parties or overseers. */
  async get(ctx: CommandContext, id: string, manager: EntityManager = this.dataSource.manager): Promise<ReplicationRequest> {
    const request = await manager.findOneBy(ReplicationRequest, { id });
    if (!request) throw new NotFoundException(`No replication request ${id}`);
    if (partiesOf(ctx.actor, request).size === 0) throw new ForbiddenException(`Only the parties of a replication request and their overseers may read it`);
    return request;
  }

  async timeline(ctx: CommandContext, id: string): Promise<ReplicationTimelineRow[]> {
    await this.get(ctx, id);
    return this.dataSource.manager.find(ReplicationTimelineRow, { where: { requestId: id }, order: { version: 'ASC' } });
  }

  accept(ctx: CommandContext, id: string, dto: AcceptReplicationDto, expectedVersion?: number) {
    return this.step(ctx, id, 'accept', expectedVersion, (request, now) => {
      if (request.originRetiredAt) {
        throw new ConflictException(`The origin innovation was retired on ${request.originRetiredAt.toISOString()}: decline or cancel this request instead`);
      }
      request.answeredAt = now;
      return { note: dto.note ?? null, details: null };
    });
  }

  decline(ctx: CommandContext, id: string, dto: ReasonedTransitionDto, expectedVersion?: number) {
    return this.step(ctx, id, 'decline', expectedVersion, (request, now) => {
      request.answeredAt = now;
      request.closedAt = now;
      return { note: dto.reason, details: null };
    });
  }

  signAgreement(ctx: CommandContext, id: string, dto: SignAgreementDto, expectedVersion?: number) {
    return this.step(ctx, id, 'sign-agreement', expectedVersion, (request, now) => {
      notInFuture('mouSignedOn', dto.mouSignedOn, now);
      notInFuture('pksSignedOn', dto.pksSignedOn, now);
      request.agreement = { mouNumber: dto.mouNumber, mouSignedOn: dto.mouSignedOn, pksNumber: dto.pksNumber, pksSignedOn: dto.pksSignedOn };
      return { note: dto.note ?? null, details: { ...request.agreement } };
    });
  }

  reportProgress(ctx: CommandContext, id: string, dto: ReportProgressDto, expectedVersion?: number) {
    return this.step(ctx, id, 'report-progress', expectedVersion, (request, now, { progressReports }) => {
      notInFuture('happenedOn', dto.happenedOn, now);
      // Every report flows into events (and its adaptation summaries into the registry's record).
      if ((progressReports ?? 0) >= REPLICATION_PROGRESS_MAX) {
        throw new ConflictException(`Replication request ${request.id} has its ${REPLICATION_PROGRESS_MAX} progress reports, the most one request may have; implement or complete it`);
      }
      const report = { kind: dto.kind, summary: dto.summary, happenedOn: dto.happenedOn ?? null };
      return { note: null, details: report, payload: { report } };
    });
  }

  implement(ctx: CommandContext, id: string, dto: ImplementReplicationDto, expectedVersion?: number) {
    return this.step(ctx, id, 'implement', expectedVersion, (request, now, { adaptationReports }) => {
      notInFuture('implementedOn', dto.implementedOn, now);
      request.implementedOn = dto.implementedOn;
      request.adopterInnovationName = dto.adopterInnovationName ?? null;
      // Without notes of its own, the adaptation reports are the notes.
      request.adaptationNotes = dto.adaptationNotes || clip(adaptationReports ?? '', INNOVATION_TEXT_MAX) || null;
      return {
        note: dto.note ?? null,
        details: { implementedOn: request.implementedOn, adopterInnovationName: request.adopterInnovationName, adaptationNotes: request.adaptationNotes },
      };
    });
  }

  complete(ctx: CommandContext, id: string, dto: CompleteReplicationDto, expectedVersion?: number) {
    return this.step(ctx, id, 'complete', expectedVersion, (request, now) => {
      // An adopter agency retired in the registry does not stop a completion: the registry records
      // the innovation for it and notes the retirement (see InnovationsService.recordReplication).
      // Refusing here depended on whether this service had yet heard of the retirement, so the same
      // completion was refused one time and dead-lettered in the registry the next (issue 19).
      request.benefitEvaluation = dto.benefitEvaluation;
      request.closedAt = now;
      const completed: Omit<ReplicationCompletedV1, 'request' | 'note'> = {
        requestId: request.id,
        originInnovationId: request.originInnovationId,
        originRegionCode: request.originRegionCode,
        adopterRegionCode: request.adopterRegionCode,
        adopterAgencyId: request.adopterAgencyId,
        model: request.model,
        adopterInnovationName: request.adopterInnovationName,
        implementedOn: request.implementedOn,
        adaptationNotes: request.adaptationNotes,
        benefitEvaluation: request.benefitEvaluation,
        completedAt: now.toISOString(),
      };
      return { note: dto.note ?? null, details: { benefitEvaluation: dto.benefitEvaluation }, payload: completed };
    });
  }

  withdraw(ctx: CommandContext, id: string, dto: ReasonedTransitionDto, expectedVersion?: number) {
    return this.step(ctx, id, 'withdraw', expectedVersion, (request, now) => {
      request.closedAt = now;
      return { note: dto.reason, details: null };
    });
  }

  cancel(ctx: CommandContext, id: string, dto: ReasonedTransitionDto, expectedVersion?: number) {
    return this.step(ctx, id, 'cancel', expectedVersion, (request, now) => {
      request.closedAt = now;
      return { note: dto.reason, details: null };
    });
  }

  /**
   * One transition: read the request, check the party (403), the version (409 when stale) and the
   * state machine (409), apply the action, bump the version, and record the step and its event.
   *
   * Optimistic, with no transaction: the change, its timeline row and its event are one statement
   * that writes only if the row is still the one read (its `xmin`, which every UPDATE of the row
   * changes: a step, a rename, the origin's retirement). Otherwise nothing is written and the step
   * starts again from a fresh read, so it decides on what it writes over, as under a row lock.
   * A lock took a transaction: BEGIN, the locking read, the write and COMMIT, four round trips
   * where this takes two (docs/performance.md). What an action checks besides the request (StepRead)
   * is read in the same statement, so it is as of the same `xmin`; `apply` itself reads nothing.
   */
  private async step(
    ctx: CommandContext,
    id: string,
    action: ReplicationAction,
    expectedVersion: number | undefined,
    apply: (request: ReplicationRequest, now: Date, read: StepRead) => StepEffect,
  ): Promise<ReplicationRequest> {
    const manager = this.dataSource.manager;
    return writeOptimistically(async () => {
      const { readForImplement, readForProgress, readWithStamp } = this.statements;
      const read = action === 'implement' ? readForImplement : action === 'report-progress' ? readForProgress : readWithStamp;
      const [row] = await queryPrepared<{ row_stamp: string; progress_reports: number | null; adaptation_reports: string | null }>(manager, read, [id]);
      if (!row) throw new NotFoundException(`No replication request ${id}`);
      const { row_stamp: stamp, progress_reports: progressReports, adaptation_reports: adaptationReports, ...columns } = row;
      const request = entityOf(ReplicationRequest, columns);
      const parties = partiesOf(ctx.actor, request);
      if (parties.size === 0) throw new ForbiddenException(`Only the parties of a replication request and their overseers may act on it`);
      const decision = decide(request, action, parties);
      if (!decision.ok && decision.reason === 'forbidden') throw new ForbiddenException(decision.message);
      if (expectedVersion !== undefined && expectedVersion !== request.version) {
        throw new ConflictException({ code: 'version.stale', message: `Replication request ${id} is at version ${request.version}, not ${expectedVersion}; reload it and try again` });
      }
      if (!decision.ok) throw new ConflictException(decision.message);

      const now = new Date();
      const fromStatus = request.status;
      const effect = apply(request, now, { progressReports, adaptationReports });
      request.status = decision.to;
      request.version += 1;
      request.lastActivityAt = now;
      request.updatedAt = now;
      // The change, its timeline row and its event in one statement (one round trip, no query builder).
      const values = [request.id, stamp, ...this.statements.step.map((c) => parameterOf(c, request[c.property as keyof ReplicationRequest]))];
      const step = this.recordValues(ctx, request, { action, fromStatus, at: now, note: effect.note, details: effect.details });
      const written = await this.outbox.appendInStatement(manager, ctx, [this.event(EVENT_OF[action], request, { note: effect.note, ...effect.payload })], (outbox) =>
        queryPrepared(manager, `${this.statements.stepHead} ${outbox.cte(values.length + step.length + 1, 'recorded')} SELECT request_id FROM recorded`, [...values, ...step, ...outbox.parameters]),
      );
      if (written.length > 0) return request;
      // Only a party's or a projection's write racing this one gets here, and the next read sees it.
      throw new ChangedMeanwhile(`Replication request ${id} kept changing while this step was made; reload it and try again`);
    });
  }

  /** The request's columns from its entity (every one for a new request, STEP_FIELDS for a step) and the statements built on them. */
  private get statements(): Statements {
    if (!this.sql) {
      const all = writableColumnsOf(this.dataSource, ReplicationRequest);
      const step = all.filter((c) => STEP_FIELDS.has(c.property));
      const requests = tableOf(this.dataSource, ReplicationRequest);
      const timeline = tableOf(this.dataSource, ReplicationTimelineRow);
      const readWithStamp = (read: { progressReports?: string; adaptationReports?: string }) => `SELECT xmin::text AS row_stamp,
               ${read.progressReports ?? 'NULL::int'} AS progress_reports,
               ${read.adaptationReports ?? 'NULL::text'} AS adaptation_reports,
               ${selectListOf(this.dataSource, ReplicationRequest)} FROM ${requests} WHERE id = $1`;
      const origins = tableOf(this.dataSource, InnovationView);
      this.sql = {
        all,
        step,
        readOrigin: `SELECT xmin::text AS row_stamp, ${selectListOf(this.dataSource, InnovationView)} FROM ${origins} WHERE id = $1`,
        // What StepRead holds comes along: a read of its own was a round trip.
        readWithStamp: readWithStamp({}),
        readForProgress: readWithStamp({ progressReports: `(SELECT count(*)::int FROM ${timeline} t WHERE t.request_id = $1 AND t.action = 'report-progress')` }),
        readForImplement: readWithStamp({
          adaptationReports: `(SELECT string_agg(t.details->>'summary', E'\\n\\n' ORDER BY t.version) FROM ${timeline} t
             WHERE t.request_id = $1 AND t.action = 'report-progress' AND t.details->>'kind' = 'adaptation')`,
        }),
        insertHead: `WITH inserted AS (
             INSERT INTO ${requests} (${all.map((c) => `"${c.column}"`).join(', ')})
             SELECT ${all.map((c, n) => `$${n + 1}${c.cast}`).join(', ')}
              WHERE EXISTS (SELECT 1 FROM ${origins} WHERE id = $${all.length + 1} AND xmin = $${all.length + 2}::xid FOR SHARE)
             ON CONFLICT DO NOTHING
             RETURNING id
           ),
           ${this.recordCte(all.length + 2, 'inserted')},`,
        stepHead: `WITH changed AS (
             UPDATE ${requests}
                SET ${step.map((c, n) => `"${c.column}" = $${n + 3}${c.cast}`).join(', ')}
              WHERE id = $1 AND xmin = $2::xid
              RETURNING id
           ),
           ${this.recordCte(step.length + 2, 'changed')},`,
      };
    }
    return this.sql;
  }

  /**
   * `recorded AS (…)`: the INSERT of a timeline row for the request `from` (a CTE of the statement
   * returning its id), with recordValues as its parameters after the statement's first `before`.
   */
  private recordCte(before: number, from: string): string {
    const p = (n: number) => `$${before + n}`;
    return `recorded AS (
              INSERT INTO ${tableOf(this.dataSource, ReplicationTimelineRow)}
                (request_id, version, to_status, actor, actor_role, correlation_id, action, from_status, at, note, details)
              SELECT id, ${p(1)}::int, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}::timestamptz, ${p(9)}, ${p(10)}::jsonb FROM ${from}
              RETURNING request_id
            )`;
  }

  private recordValues(
    ctx: CommandContext,
    request: ReplicationRequest,
    step: Pick<ReplicationTimelineRow, 'action' | 'fromStatus' | 'at' | 'note' | 'details'>,
  ): unknown[] {
    return [
      request.version,
      request.status,
      ctx.actor.sub,
      ctx.actor.role,
      ctx.correlationId,
      step.action,
      step.fromStatus,
      step.at,
      step.note,
      step.details === null ? null : JSON.stringify(step.details),
    ];
  }

  private event<T extends EventType>(type: T, request: ReplicationRequest, extra: Record<string, unknown>): NewEvent {
    const payload = { request: snapshotOf(request), ...extra } as unknown as PayloadOf<T>;
    return { type, aggregateId: request.id, aggregateVersion: request.version, payload } as NewEvent;
  }
}
