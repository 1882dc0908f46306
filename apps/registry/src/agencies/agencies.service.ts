import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, QueryFailedError, Repository, type EntityManager } from 'typeorm';
import type { AgencySnapshot, AgencyView, ChangeHistoryEntry, CreateAgencyDto, RenameAgencyDto } from '@lumbung/contracts';
import { OutboxService } from '@lumbung/messaging';
import { canManageRegion, fieldChanges, invalidField, readChanges, recordChange, type CommandContext, type Principal } from '@lumbung/platform';
import { AccountsService } from '../accounts/accounts.service.js';
import { RegionCatalog } from '../regions/region-catalog.service.js';
import { Agency } from './agency.entity.js';

export function agencyView(agency: Agency): AgencyView {
  return {
    id: agency.id,
    regionCode: agency.regionCode,
    name: agency.name,
    version: agency.version,
    retiredAt: agency.retiredAt?.toISOString() ?? null,
    createdAt: agency.createdAt.toISOString(),
    updatedAt: agency.updatedAt.toISOString(),
  };
}

function snapshotOf(agency: Agency): AgencySnapshot {
  return { id: agency.id, version: agency.version, name: agency.name, regionCode: agency.regionCode, retiredAt: agency.retiredAt?.toISOString() ?? null };
}

/** The fields an agency's audit compares. */
const AUDITED_FIELDS = ['regionCode', 'name', 'retiredAt'] as const;

function auditedOf(agency: Agency): Record<(typeof AUDITED_FIELDS)[number], unknown> {
  return { regionCode: agency.regionCode, name: agency.name, retiredAt: agency.retiredAt };
}

function isDuplicateName(err: unknown): boolean {
  const driverError = err instanceof QueryFailedError ? (err.driverError as { code?: string }) : undefined;
  // The only unique index on agency besides its primary key is the active-name one.
  return driverError?.code === '23505';
}

@Injectable()
export class AgenciesService {
  constructor(
    @InjectRepository(Agency) private readonly agencies: Repository<Agency>,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly regions: RegionCatalog,
    private readonly accounts: AccountsService,
  ) {}

  /** The active agency with this id, or null; reads through `manager` inside a caller's transaction. */
  findActive(id: string, manager?: EntityManager): Promise<Agency | null> {
    const repo = manager ? manager.getRepository(Agency) : this.agencies;
    return repo.findOneBy({ id, retiredAt: IsNull() });
  }

  /** The agency with this id, retired or not, or null; a completed replication is recorded for either. */
  findIncludingRetired(id: string, manager: EntityManager): Promise<Agency | null> {
    return manager.getRepository(Agency).findOneBy({ id });
  }

  async get(id: string): Promise<Agency> {
    const agency = await this.agencies.findOneBy({ id });
    if (!agency) throw new NotFoundException(`No agency ${id}`);
    return agency;
  }

  list(regionCode: string, includeRetired = false): Promise<Agency[]> {
    if (!this.regions.get(regionCode)) throw invalidField('region', `No region ${regionCode} in the Kemendagri codes`);
    return this.agencies.find({
      where: includeRetired ? { regionCode } : { regionCode, retiredAt: IsNull() },
      order: { name: 'ASC', createdAt: 'ASC' },
    });
  }

  /**
   * The active agency of the region with this name (case and spacing as the uniqueness rule sees
   * them), or null: how a spreadsheet, which names agencies rather than giving their ids, finds one.
   */
  async findActiveByName(regionCode: string, name: string, manager: Pick<EntityManager, 'query'> = this.dataSource.manager): Promise<{ id: string; name: string } | null> {
    const rows: { id: string; name: string }[] = await manager.query(
      `SELECT id, name FROM "registry"."agency" WHERE region_code = $1 AND lower(name) = lower($2) AND retired_at IS NULL LIMIT 1`,
      [regionCode, name.trim().replace(/\s+/g, ' ')],
    );
    return rows[0] ?? null;
  }

  /** Every check register makes, without writing: an import's dry run. */
  async checkRegistration(ctx: CommandContext, dto: CreateAgencyDto): Promise<void> {
    this.assertRegistrable(ctx, dto);
    await this.assertNameFree(this.dataSource.manager, dto.regionCode, dto.name);
  }

  async register(ctx: CommandContext, dto: CreateAgencyDto): Promise<Agency> {
    this.assertRegistrable(ctx, dto);
    return this.refusingDuplicateName(dto.regionCode, dto.name, () =>
      this.dataSource.transaction(async (manager) => {
        await this.assertNameFree(manager, dto.regionCode, dto.name);
        const agency = await manager.save(manager.create(Agency, { regionCode: dto.regionCode, name: dto.name, version: 1, retiredAt: null }));
        await this.audit(manager, ctx, agency, 'registered', null);
        await this.outbox.append(manager, ctx, [
          { type: 'agency.registered', aggregateId: agency.id, aggregateVersion: agency.version, payload: { agency: snapshotOf(agency) } },
        ]);
        return agency;
      }),
    );
  }

  /** Renaming to the exact current name changes nothing and emits nothing. */
  async rename(ctx: CommandContext, id: string, dto: RenameAgencyDto, expectedVersion?: number): Promise<Agency> {
    return this.refusingDuplicateName(undefined, dto.name, () =>
      this.dataSource.transaction(async (manager) => {
        const agency = await this.lockForChange(manager, ctx.actor, id, expectedVersion);
        if (agency.name === dto.name) return agency;
        await this.assertNameFree(manager, agency.regionCode, dto.name, agency.id);
        const previousName = agency.name;
        const before = auditedOf(agency);
        agency.name = dto.name;
        agency.version += 1;
        await manager.save(agency);
        await this.audit(manager, ctx, agency, 'renamed', before);
        await this.outbox.append(manager, ctx, [
          { type: 'agency.renamed', aggregateId: agency.id, aggregateVersion: agency.version, payload: { agency: snapshotOf(agency), previousName } },
        ]);
        return agency;
      }),
    );
  }

  /**
   * A retired agency keeps its row and its innovations; it drops out of lists, can no longer
   * register innovations, frees its name for a new agency of the region, and its staff can no
   * longer sign in.
   */
  async retire(ctx: CommandContext, id: string, expectedVersion?: number): Promise<Agency> {
    return this.dataSource.transaction(async (manager) => {
      const agency = await this.lockForChange(manager, ctx.actor, id, expectedVersion);
      const before = auditedOf(agency);
      agency.retiredAt = new Date();
      agency.version += 1;
      await manager.save(agency);
      await this.audit(manager, ctx, agency, 'retired', before);
      await this.outbox.append(manager, ctx, [
        { type: 'agency.retired', aggregateId: agency.id, aggregateVersion: agency.version, payload: { agency: snapshotOf(agency) } },
      ]);
      // In the same transaction: no moment where the agency is retired and its staff can still sign in.
      await this.accounts.deactivateAgencyStaff(manager, ctx, agency.id);
      return agency;
    });
  }

  /** The agency's changes, each field before and after, for the admins who may manage it. */
  async history(actor: Principal, id: string): Promise<ChangeHistoryEntry[]> {
    const agency = await this.get(id);
    this.assertCanManage(actor, agency.regionCode);
    return readChanges(this.dataSource.manager, 'registry', 'agency', id);
  }

  private audit(manager: EntityManager, ctx: CommandContext, agency: Agency, action: string, before: ReturnType<typeof auditedOf> | null): Promise<void> {
    return recordChange(manager, 'registry', ctx, { subjectKind: 'agency', subjectId: agency.id, action, changes: fieldChanges(before, auditedOf(agency), AUDITED_FIELDS) });
  }

  /** Loads the agency under a row lock, so two changes of one agency queue up instead of losing one. */
  private async lockForChange(manager: EntityManager, actor: Principal, id: string, expectedVersion: number | undefined): Promise<Agency> {
    const agency = await manager.findOne(Agency, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!agency) throw new NotFoundException(`No agency ${id}`);
    this.assertCanManage(actor, agency.regionCode);
    if (agency.retiredAt) throw new ConflictException(`Agency ${id} was retired on ${agency.retiredAt.toISOString()}`);
    if (expectedVersion !== undefined && expectedVersion !== agency.version) {
      throw new ConflictException({ code: 'version.stale', message: `Agency ${id} is at version ${agency.version}, not ${expectedVersion}; reload and try again` });
    }
    return agency;
  }

  private assertRegistrable(ctx: CommandContext, dto: CreateAgencyDto): void {
    if (!this.regions.get(dto.regionCode)) throw invalidField('regionCode', `No region ${dto.regionCode} in the Kemendagri codes`);
    this.assertCanManage(ctx.actor, dto.regionCode);
  }

  private assertCanManage(actor: Principal, regionCode: string): void {
    if (!canManageRegion(actor, regionCode)) {
      const scope = actor.region ?? actor.province ?? 'no region';
      throw new ForbiddenException(`A ${actor.role} of ${scope} may not manage the agencies of ${regionCode}`);
    }
  }

  /** Names the clash up front; the unique index still settles two writers racing for one name. */
  private async assertNameFree(manager: EntityManager, regionCode: string, name: string, exceptId?: string): Promise<void> {
    const taken: unknown[] = await manager.query(
      `SELECT 1 FROM "registry"."agency"
        WHERE region_code = $1 AND lower(name) = lower($2) AND retired_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)
        LIMIT 1`,
      [regionCode, name, exceptId ?? null],
    );
    if (taken.length) throw new ConflictException(`An active agency named "${name}" already exists in ${regionCode}`);
  }

  private async refusingDuplicateName<T>(regionCode: string | undefined, name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (!isDuplicateName(err)) throw err;
      throw new ConflictException(`An active agency named "${name}" already exists in ${regionCode ?? 'this region'}`);
    }
  }
}
