import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository, type EntityManager } from 'typeorm';
import { DEFAULT_INNOVATION_TYPES, type ChangeHistoryEntry, type InnovationTypeDto, type InnovationTypeView, type RenameInnovationTypeDto } from '@lumbung/contracts';
import { canManageRegion, fieldChanges, readChanges, recordChange, type CommandContext, type Principal } from '@lumbung/platform';
import { RegionCatalog } from '../regions/region-catalog.service.js';
import { InnovationType } from './innovation-type.entity.js';

export interface TypeView {
  code: string;
  name: string;
}

/** First key of the advisory lock that serialises edits of one region's list (the second is the region). */
const TYPE_LIST_LOCK = 1732300001;

/** Sorted like a stored list, so a region's list keeps its order when its first edit copies the defaults in. */
const DEFAULT_TYPES_BY_CODE = DEFAULT_INNOVATION_TYPES.map(({ code, name }) => ({ code, name, retiredAt: null })).sort((a, b) => (a.code < b.code ? -1 : 1));

const DEFAULT_TYPE_CODES = DEFAULT_INNOVATION_TYPES.map((t) => t.code);

/** The fields a type's audit compares. */
const AUDITED_FIELDS = ['code', 'name', 'retiredAt'] as const;
type Audited = Pick<InnovationType, (typeof AUDITED_FIELDS)[number]>;

/** A type is named by its region and code: `33.19/teknologi`. */
const auditSubject = (regionCode: string, code: string) => `${regionCode}/${code}`;

/**
 * The rule of typesOf as a SQL condition, for a write that checks the type in its own statement
 * rather than in a round trip before it. `region` and `code` are SQL expressions (parameters);
 * `param` adds a parameter and returns its placeholder.
 */
export function activeTypeCondition(region: string, code: string, param: (value: unknown) => string): string {
  return `(EXISTS (SELECT 1 FROM "registry"."innovation_type" t WHERE t.region_code = ${region} AND t.code = ${code} AND t.retired_at IS NULL)
    OR (NOT EXISTS (SELECT 1 FROM "registry"."innovation_type" t WHERE t.region_code = ${region}) AND ${code} = ANY(${param(DEFAULT_TYPE_CODES)}::text[])))`;
}

export function innovationTypeView(type: Pick<InnovationType, 'code' | 'name' | 'retiredAt'>): InnovationTypeView {
  return { code: type.code, name: type.name, retiredAt: type.retiredAt?.toISOString() ?? null };
}

@Injectable()
export class InnovationTypesService {
  constructor(
    @InjectRepository(InnovationType) private readonly types: Repository<InnovationType>,
    private readonly dataSource: DataSource,
    private readonly regions: RegionCatalog,
  ) {}

  /** The region's active types: its own list once edited, the default eight before that. */
  async typesOf(regionCode: string, manager?: EntityManager): Promise<TypeView[]> {
    return (await this.listOf(regionCode, false, manager)).map(({ code, name }) => ({ code, name }));
  }

  async isActiveType(regionCode: string, code: string, manager?: EntityManager): Promise<boolean> {
    return (await this.typesOf(regionCode, manager)).some((t) => t.code === code);
  }

  async list(regionCode: string, includeRetired = false): Promise<InnovationTypeView[]> {
    this.assertKnownRegion(regionCode);
    return (await this.listOf(regionCode, includeRetired)).map(innovationTypeView);
  }

  /** Adding a code the region once retired brings it back, under the name given now. */
  async add(ctx: CommandContext, regionCode: string, dto: InnovationTypeDto): Promise<InnovationTypeView> {
    return this.editing(ctx, regionCode, async (manager, own) => {
      const existing = own.find((t) => t.code === dto.code);
      if (existing && !existing.retiredAt) throw new ConflictException(`Region ${regionCode} already has the innovation type ${dto.code}`);
      const before = existing ? this.audited(existing) : null;
      const type = manager.create(InnovationType, { regionCode, code: dto.code, name: dto.name, retiredAt: null });
      await manager.save(type);
      await this.audit(manager, ctx, regionCode, existing ? 'reinstated' : 'added', before, type);
      return innovationTypeView(type);
    });
  }

  async rename(ctx: CommandContext, regionCode: string, code: string, dto: RenameInnovationTypeDto): Promise<InnovationTypeView> {
    return this.editing(ctx, regionCode, async (manager, own) => {
      const type = this.findIn(own, regionCode, code);
      if (type.retiredAt) throw new ConflictException(`The innovation type ${code} of ${regionCode} is retired; add it again to use it`);
      const before = this.audited(type);
      type.name = dto.name;
      await manager.save(type);
      await this.audit(manager, ctx, regionCode, 'renamed', before, type);
      return innovationTypeView(type);
    });
  }

  /**
   * Innovations already registered keep the code (it still names their type); new ones can no
   * longer choose it. The last active type cannot go: a region with none could register nothing.
   */
  async retire(ctx: CommandContext, regionCode: string, code: string): Promise<InnovationTypeView> {
    return this.editing(ctx, regionCode, async (manager, own) => {
      const type = this.findIn(own, regionCode, code);
      if (type.retiredAt) throw new ConflictException(`The innovation type ${code} of ${regionCode} is already retired`);
      if (own.filter((t) => !t.retiredAt).length === 1) throw new ConflictException(`${code} is the last active innovation type of ${regionCode}; add another first`);
      const before = this.audited(type);
      type.retiredAt = new Date();
      await manager.save(type);
      await this.audit(manager, ctx, regionCode, 'retired', before, type);
      return innovationTypeView(type);
    });
  }

  /** A type's changes, each field before and after, for the admins who may edit the region's list. */
  async history(actor: Principal, regionCode: string, code: string): Promise<ChangeHistoryEntry[]> {
    this.assertKnownRegion(regionCode);
    this.assertMayEdit(actor, regionCode);
    return readChanges(this.dataSource.manager, 'registry', 'innovation-type', auditSubject(regionCode, code));
  }

  private audited(type: Audited): Audited {
    return { code: type.code, name: type.name, retiredAt: type.retiredAt };
  }

  private audit(manager: EntityManager, ctx: CommandContext, regionCode: string, action: string, before: Audited | null, after: Audited): Promise<void> {
    const changes = fieldChanges(before, this.audited(after), AUDITED_FIELDS);
    return recordChange(manager, 'registry', ctx, { subjectKind: 'innovation-type', subjectId: auditSubject(regionCode, after.code), action, changes });
  }

  private assertMayEdit(actor: Principal, regionCode: string): void {
    if (!canManageRegion(actor, regionCode)) {
      const scope = actor.region ?? actor.province ?? 'no region';
      throw new ForbiddenException(`A ${actor.role} of ${scope} may not edit the innovation types of ${regionCode}`);
    }
  }

  private async listOf(regionCode: string, includeRetired: boolean, manager?: EntityManager): Promise<Pick<InnovationType, 'code' | 'name' | 'retiredAt'>[]> {
    const repo = manager ? manager.getRepository(InnovationType) : this.types;
    const own = await repo.find({ where: { regionCode }, order: { code: 'ASC' } });
    if (own.length === 0) return DEFAULT_TYPES_BY_CODE;
    return includeRetired ? own : own.filter((t) => t.retiredAt === null);
  }

  /**
   * Runs an edit of the region's list in one transaction, holding the region's lock, with the list
   * made explicit first: the first edit copies the defaults in, so the edit applies to the list the
   * region was using.
   */
  private editing<T>(ctx: CommandContext, regionCode: string, edit: (manager: EntityManager, own: InnovationType[]) => Promise<T>): Promise<T> {
    this.assertKnownRegion(regionCode);
    this.assertMayEdit(ctx.actor, regionCode);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [TYPE_LIST_LOCK, regionCode]);
      let own = await manager.find(InnovationType, { where: { regionCode }, order: { code: 'ASC' } });
      if (own.length === 0) {
        own = DEFAULT_INNOVATION_TYPES.map(({ code, name }) => manager.create(InnovationType, { regionCode, code, name, retiredAt: null }));
        await manager.insert(InnovationType, own);
      }
      return edit(manager, own);
    });
  }

  private findIn(own: InnovationType[], regionCode: string, code: string): InnovationType {
    const type = own.find((t) => t.code === code);
    if (!type) throw new NotFoundException(`Region ${regionCode} has no innovation type ${code}`);
    return type;
  }

  private assertKnownRegion(regionCode: string): void {
    if (!this.regions.get(regionCode)) throw new NotFoundException(`No region ${regionCode}`);
  }
}
