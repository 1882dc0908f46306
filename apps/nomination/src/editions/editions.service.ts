import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  CRITERIA_PRESETS,
  isProvinceCode,
  provinceOf,
  type AssignJurorDto,
  type CreateEditionDto,
  type DeclareEmploymentDto,
  type EditionPhase,
  type EditionView,
  type FieldError,
  type ListEditionsQuery,
} from '@lumbung/contracts';
import { OutboxService, type NewEvent } from '@lumbung/messaging';
import { FieldValidationException, invalidField, type CommandContext } from '@lumbung/platform';
import { NominationClock } from '../clock/nomination-clock.js';
import { RegionNames } from '../regions/region-names.js';
import { assertCanRun, jurorClaims } from './edition-access.js';
import { EditionJuror } from './edition-juror.entity.js';
import { duePhase, moveProblem, ordered, phaseIndex, scheduleProblems } from './edition-rules.js';
import { editionSnapshot } from './edition-views.js';
import { Edition } from './edition.entity.js';
import { auditEdition, editionBefore } from './edition-audit.js';

const unique = (values: (string | null)[]): string[] => [...new Set(values.filter((v): v is string => !!v))];

const SYSTEM: CommandContext = { actor: { sub: 'phase-scheduler', role: 'service' }, correlationId: 'phase-scheduler' };

@Injectable()
export class EditionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: NominationClock,
    private readonly regions: RegionNames,
  ) {}

  async create(ctx: CommandContext, dto: CreateEditionDto): Promise<Edition> {
    const problems: FieldError[] = [];
    const owner = dto.ownerRegionCode ?? null;
    if (dto.level === 'national' && owner) problems.push({ field: 'ownerRegionCode', messages: ['a national edition has no owner region'] });
    if (dto.level === 'regency' && (!owner || isProvinceCode(owner))) problems.push({ field: 'ownerRegionCode', messages: ['a regency edition needs a regency/city code such as "33.19"'] });
    if (dto.level === 'province' && (!owner || !isProvinceCode(owner))) problems.push({ field: 'ownerRegionCode', messages: ['a province edition needs a province code such as "33"'] });
    if (owner && problems.length === 0 && !this.regions.name(owner)) problems.push({ field: 'ownerRegionCode', messages: [`No region ${owner} in the Kemendagri codes`] });
    if (!!dto.criteria === !!dto.criteriaPreset) problems.push({ field: 'criteria', messages: ['give either criteria (weights summing to 100) or criteriaPreset'] });
    problems.push(...scheduleProblems(dto.schedule));
    if (dto.categories && dto.level !== 'national') problems.push({ field: 'categories', messages: ['only a national edition has categories (umum, khusus, replikasi)'] });
    if (dto.level === 'regency' && dto.forwardingQuota !== undefined) problems.push({ field: 'forwardingQuota', messages: ['nothing is forwarded into a regency edition'] });
    if (problems.length) throw new FieldValidationException(problems);

    const draft = { level: dto.level, ownerRegionCode: owner, name: dto.name };
    assertCanRun(ctx.actor, draft);
    const criteria = dto.criteria ?? CRITERIA_PRESETS[dto.criteriaPreset!].map((c) => ({ ...c }));
    return this.dataSource.transaction(async (manager) => {
      const edition = await manager.save(
        manager.create(Edition, {
          ...draft,
          provinceCode: owner ? provinceOf(owner) : null,
          year: dto.year,
          phase: 'planned',
          autoAdvance: dto.autoAdvance ?? true,
          schedule: ordered(dto.schedule).map(({ phase, startsOn, endsOn }) => ({ phase, startsOn, endsOn })),
          criteria: criteria.map(({ code, name, weight }) => ({ code, name, weight })),
          eligibility: {
            minAgeYears: dto.eligibility?.minAgeYears ?? 0,
            requiredStage: dto.eligibility?.requiredStage ?? null,
            entriesPerAgency: dto.eligibility?.entriesPerAgency ?? 1,
            previousWinnersAllowed: dto.eligibility?.previousWinnersAllowed ?? true,
          },
          categories: (dto.categories ?? []).map((c) => ({ code: c.code, quota: c.quota ?? dto.eligibility?.entriesPerAgency ?? 1 })),
          requiredDocuments: dto.requiredDocuments ?? [],
          forwardingQuota: dto.forwardingQuota ?? null,
          finalistCount: dto.finalistCount ?? null,
          winnerCount: dto.winnerCount ?? 3,
          presentationWeight: dto.presentationWeight ?? 0,
          finalistsNamedAt: null,
          decidedAt: null,
          version: 1,
          createdBy: ctx.actor.sub,
        }),
      );
      await this.outbox.append(manager, ctx, [{ type: 'competition.created', aggregateId: edition.id, aggregateVersion: 1, payload: { edition: editionSnapshot(edition) } }]);
      await auditEdition(manager, ctx, 'created', null, edition);
      return edition;
    });
  }

  async list(query: ListEditionsQuery): Promise<Edition[]> {
    const qb = this.dataSource.getRepository(Edition).createQueryBuilder('e').orderBy('e.year', 'DESC').addOrderBy('e.level').addOrderBy('e.name');
    if (query.level) qb.andWhere('e.level = :level', { level: query.level });
    if (query.year) qb.andWhere('e.year = :year', { year: query.year });
    if (query.region) {
      if (isProvinceCode(query.region)) qb.andWhere('e.province_code = :region', { region: query.region });
      else qb.andWhere('e.owner_region_code = :region', { region: query.region });
    }
    return qb.getMany();
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<Edition> {
    const edition = await manager.findOneBy(Edition, { id });
    if (!edition) throw new NotFoundException(`No edition ${id}`);
    return edition;
  }

  /** Locks the edition row for the rest of the transaction: windows cannot close under a write. */
  async lock(manager: EntityManager, id: string): Promise<Edition> {
    const edition = await manager.findOne(Edition, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!edition) throw new NotFoundException(`No edition ${id}`);
    return edition;
  }

  /** The edition locked against change (FOR SHARE): a phase change or the decision waits for the holder, and it for them; other sharers do not wait. */
  async lockShared(manager: EntityManager, id: string): Promise<Edition> {
    const edition = await manager.findOne(Edition, { where: { id }, lock: { mode: 'pessimistic_read' } });
    if (!edition) throw new NotFoundException(`No edition ${id}`);
    return edition;
  }

  async view(id: string): Promise<EditionView> {
    const edition = await this.get(id);
    const counts: { state: string; n: number }[] = await this.dataSource.query(
      `SELECT state, count(*)::int AS n FROM "nomination"."entry" WHERE edition_id = $1 GROUP BY state`,
      [id],
    );
    return { ...editionSnapshot(edition), entryCounts: Object.fromEntries(counts.map((c) => [c.state, c.n])) };
  }

  /** The admin moves the edition forward: to any later phase of its schedule, or closed. */
  async advance(ctx: CommandContext, id: string, target: EditionPhase): Promise<Edition> {
    return this.dataSource.transaction(async (manager) => {
      const edition = await this.lock(manager, id);
      assertCanRun(ctx.actor, edition);
      const problem = moveProblem(edition.schedule, edition.phase, target);
      if (problem) throw new ConflictException(problem);
      await this.moveTo(manager, ctx, edition, target, 'admin');
      return edition;
    });
  }

  /**
   * Moves every edition run on its dates to the phase due today, never backwards: an admin who
   * moved ahead early stays ahead. Each edition in its own short transaction; SKIP LOCKED lets two
   * replicas' ticks share the work, and skips an edition an admin is changing right now.
   */
  async advanceDue(): Promise<number> {
    const today = this.clock.today();
    const candidates: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM "nomination"."edition" WHERE auto_advance AND phase <> 'closed' ORDER BY created_at`,
    );
    let moved = 0;
    for (const { id } of candidates) {
      const changed = await this.dataSource.transaction(async (manager) => {
        const [row]: { id: string }[] = await manager.query(`SELECT id FROM "nomination"."edition" WHERE id = $1 FOR UPDATE SKIP LOCKED`, [id]);
        if (!row) return false;
        const edition = await manager.findOneByOrFail(Edition, { id });
        const due = duePhase(edition.schedule, today);
        if (phaseIndex(due) <= phaseIndex(edition.phase)) return false;
        await this.moveTo(manager, SYSTEM, edition, due, 'schedule');
        return true;
      });
      if (changed) moved += 1;
    }
    return moved;
  }

  private async moveTo(manager: EntityManager, ctx: CommandContext, edition: Edition, to: EditionPhase, by: 'schedule' | 'admin'): Promise<void> {
    const from = edition.phase;
    const before = editionBefore(edition);
    const opens = to === 'submission';
    edition.phase = to;
    // Consumers order and deduplicate an aggregate's events by version, so each event is a version of
    // its own: entering submission publishes phase-changed (v+1) then opened (v+2), and the edition
    // row keeps the last (both had v+1, and a consumer skipping seen versions dropped one; issue 19).
    edition.version += opens ? 2 : 1;
    await manager.save(edition);
    const snapshot = editionSnapshot(edition);
    const changedAt = opens ? { ...snapshot, version: snapshot.version - 1 } : snapshot;
    const events: NewEvent[] = [{ type: 'competition.phase-changed', aggregateId: edition.id, aggregateVersion: changedAt.version, payload: { edition: changedAt, fromPhase: from, toPhase: to, by } }];
    if (opens) events.push({ type: 'competition.opened', aggregateId: edition.id, aggregateVersion: snapshot.version, payload: { edition: snapshot } });
    await this.outbox.append(manager, ctx, events);
    await auditEdition(manager, ctx, 'phase-changed', before, edition, by === 'schedule' ? 'schedule' : null);
  }

  jurors(editionId: string): Promise<EditionJuror[]> {
    return this.dataSource.getRepository(EditionJuror).find({ where: { editionId }, order: { assignedAt: 'ASC', jurorId: 'ASC' } });
  }

  async assignJuror(ctx: CommandContext, editionId: string, dto: AssignJurorDto): Promise<EditionJuror> {
    return this.dataSource.transaction(async (manager) => {
      const edition = await this.lock(manager, editionId);
      assertCanRun(ctx.actor, edition);
      if (edition.phase === 'closed' || edition.decidedAt) throw new ConflictException(`${edition.name} is decided; its jury is final`);
      await manager.upsert(
        EditionJuror,
        {
          editionId,
          jurorId: dto.jurorId,
          name: dto.name,
          affiliation: dto.affiliation ?? null,
          agencyId: dto.agencyId ?? null,
          regionCode: dto.regionCode ?? null,
          assignedBy: ctx.actor.sub,
        },
        ['editionId', 'jurorId'],
      );
      return this.jurorChanged(manager, ctx, edition, dto.jurorId);
    });
  }

  async removeJuror(ctx: CommandContext, editionId: string, jurorId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const edition = await this.lock(manager, editionId);
      assertCanRun(ctx.actor, edition);
      const { affected } = await manager.delete(EditionJuror, { editionId, jurorId });
      if (!affected) throw new NotFoundException(`${jurorId} is not a juror of ${edition.name}`);
      edition.version += 1;
      await manager.save(edition);
      await this.outbox.append(manager, ctx, [{ type: 'competition.juror-removed', aggregateId: edition.id, aggregateVersion: edition.version, payload: { editionId, jurorId } }]);
    });
  }

  /**
   * A juror declares where they work; from then on they cannot score that agency's or region's
   * entries. Declarations are added to what the admin recorded and to earlier declarations, never
   * put in their place: a juror must not be able to clear their own conflict of interest.
   */
  async declareEmployment(ctx: CommandContext, editionId: string, dto: DeclareEmploymentDto): Promise<EditionJuror> {
    return this.dataSource.transaction(async (manager) => {
      const edition = await this.lock(manager, editionId);
      const juror = jurorClaims(ctx.actor, editionId) ? await manager.findOneBy(EditionJuror, { editionId, jurorId: ctx.actor.sub }) : null;
      if (!juror) throw new ForbiddenException(`You are not an assigned juror of ${edition.name}`);
      if (!dto.agencyId && !dto.regionCode) throw invalidField('agencyId', 'declare an agencyId, a regionCode or both');
      if (dto.agencyId && !juror.declaredAgencyIds.includes(dto.agencyId)) juror.declaredAgencyIds = [...juror.declaredAgencyIds, dto.agencyId];
      if (dto.regionCode && !juror.declaredRegionCodes.includes(dto.regionCode)) juror.declaredRegionCodes = [...juror.declaredRegionCodes, dto.regionCode];
      await manager.save(juror);
      return this.jurorChanged(manager, ctx, edition, juror.jurorId);
    });
  }

  private async jurorChanged(manager: EntityManager, ctx: CommandContext, edition: Edition, jurorId: string): Promise<EditionJuror> {
    const juror = await manager.findOneByOrFail(EditionJuror, { editionId: edition.id, jurorId });
    edition.version += 1;
    await manager.save(edition);
    await this.outbox.append(manager, ctx, [
      {
        type: 'competition.juror-assigned',
        aggregateId: edition.id,
        aggregateVersion: edition.version,
        payload: {
          editionId: edition.id,
          jurorId,
          declaredAgencyId: juror.agencyId,
          declaredRegionCode: juror.regionCode,
          conflictAgencyIds: unique([juror.agencyId, ...juror.declaredAgencyIds]),
          conflictRegionCodes: unique([juror.regionCode, ...juror.declaredRegionCodes]),
        },
      },
    ]);
    return juror;
  }
}
