import { randomUUID } from 'node:crypto';
import { ConflictException, ForbiddenException, HttpException, HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  isProvinceCode,
  provinceOf,
  type ChangeStageDto,
  type FieldError,
  type InnovationHistoryEntry,
  type InnovationPage,
  type InnovationSnapshot,
  type ListInnovationsQuery,
  type RegisterInnovationDto,
  type ReplicationCompletedV1,
  type RetireInnovationDto,
  type ReviseInnovationDto,
} from '@lumbung/contracts';
import { OutboxService, type NewEvent } from '@lumbung/messaging';
import { canManageAgencyData, FieldValidationException, invalidField, type CheckedBody, type CommandContext } from '@lumbung/platform';
import { AgenciesService } from '../agencies/agencies.service.js';
import { activeTypeCondition, InnovationTypesService } from '../innovation-types/innovation-types.service.js';
import { RegionCatalog } from '../regions/region-catalog.service.js';
import { decodeCursor, encodeCursor } from './innovation-cursor.js';
import {
  changedFields,
  contactOf,
  contentOf,
  contentOfSnapshot,
  dayInJakarta,
  isForwardMove,
  missingStageDate,
  parseIfMatch,
  sameContact,
  yearInJakarta,
  type InnovationContent,
} from './innovation-rules.js';
import { InnovationStore, snapshotOfNew, type HistoryEntry, type InnovationChanges, type InnovationDocument, type NewInnovation } from './innovation.store.js';

const DEFAULT_PAGE_SIZE = 20;

/** innovation.registered as the insert statement makes it: its payload is the snapshot `s` of that statement. */
const REGISTERED_FROM_SNAPSHOT = { cte: 's', aggregateId: 's.id', aggregateVersion: 's.version', payload: `jsonb_build_object('innovation', to_jsonb(s))` };

/** What an import says of a record it registers: the year it belongs to and the file it came from. */
export interface ImportedRegistration {
  yearRegistered: number;
  source: string;
}

/** A row of an import's batch: the body as the API's validation pipe made it, and the year the row gives. */
export interface ImportedInnovation {
  dto: RegisterInnovationDto;
  yearRegistered: number;
}

/** A replication.completed that no retry can ever record (its handler dead-letters it at once). */
export class ReplicationNotRecordable extends Error {
  override name = 'ReplicationNotRecordable';
}

/**
 * The innovation master record. Every change writes the row, a history row and its event in one
 * transaction, under a row lock and a version check, so two concurrent changes cannot both win.
 */
@Injectable()
export class InnovationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: InnovationStore,
    private readonly outbox: OutboxService,
    private readonly agencies: AgenciesService,
    private readonly types: InnovationTypesService,
    private readonly regions: RegionCatalog,
  ) {}

  /**
   * Registers a body taken as it came (UncheckedBody) and checked by the DTO's rules without
   * throwing. A body the DTO refused gets one 400 with the DTO's errors and those of the service's
   * own checks (region, agency, type, stage dates) on every field the DTO accepted, so a client
   * learns of an unknown type code with the malformed field, not after resending.
   */
  async registerBody(raw: unknown, checked: CheckedBody<RegisterInnovationDto>, ctx: CommandContext): Promise<InnovationDocument> {
    if (checked.dto) return this.register(checked.dto, ctx);
    const body: Record<string, unknown> = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const refused = (field: string) => checked.errors.some((e) => e.field === field || e.field.startsWith(`${field}.`) || e.field === 'body');
    // A field the DTO accepted has its declared type; an optional one may be absent.
    const accepted = <T>(field: string): T | undefined => (refused(field) ? undefined : (body[field] as T | undefined));
    const regionCode = accepted<string>('regionCode');
    const errors: FieldError[] = [...checked.errors];
    const regionKnown = regionCode !== undefined && !!this.regions.get(regionCode);
    if (regionCode !== undefined && !regionKnown) errors.push(this.unknownRegion(regionCode));
    if (!['stage', 'trialStartedOn', 'implementedOn'].some(refused)) {
      const dates = { trialStartedOn: accepted<string>('trialStartedOn') ?? null, implementedOn: accepted<string>('implementedOn') ?? null };
      errors.push(...this.stageDateErrors(body.stage as InnovationSnapshot['stage'], dates));
    }
    if (regionKnown) errors.push(...(await this.agencyAndTypeErrors(this.dataSource.manager, regionCode, accepted<string>('agencyId'), accepted<string>('typeCode'))));
    throw new FieldValidationException(errors);
  }

  /**
   * Answers with the registered innovation as a document, to be sent as it is. `imported` is given
   * by a spreadsheet import only: the one way a record gets a year other than the current one, and
   * its history says so (issue 18).
   */
  async register(dto: RegisterInnovationDto, ctx: CommandContext, imported?: ImportedRegistration): Promise<InnovationDocument> {
    const content = await this.checkedContent(dto, ctx);
    const yearRefused = this.yearRefusal(imported);
    if (yearRefused) throw yearRefused;
    const { record, history } = this.registration(dto, content, ctx, imported);

    // One statement: the agency and type checks, the row, its history row and its event's outbox row.
    // Only a refused insert pays for finding out which check refused it.
    // The statement joins the agency's name in and stamps the times; any plausible values stand in for them here.
    const now = new Date().toISOString();
    const expected = { innovation: snapshotOfNew(record, { agencyName: 'Dinas', registeredAt: now, updatedAt: now }) };
    const registered = await this.outbox.writeWithEvent(this.dataSource, ctx, 'innovation.registered', REGISTERED_FROM_SNAPSHOT, expected, (runner, eventCte) =>
      this.store.insertDocument(runner, record, history, { activeType: activeTypeCondition }, eventCte),
    );
    if (!registered) throw await this.refusedRegistration(dto, content.typeCode);
    return registered;
  }

  /**
   * A spreadsheet import's batch of registrations in one transaction (issue 18): a transaction per
   * row was far slower than plain inserts (docs/performance.md). Each row gets what register would give it after
   * the import's look-up by natural key (findByNaturalKey): 'present' when its key is stored (before
   * the batch, or by an earlier row of it), else 'created', or the exception register would throw
   * (checkedContent's, the year's, the agency and type checks'). Every stored row has its history
   * row and its innovation.registered event, made as recordReplication makes it; the rows, their
   * history and their events commit together. Throws, storing nothing, when the transaction fails:
   * an outage, or a row the database or the event contract refuses (the caller then goes a row at a time).
   */
  async registerImported(rows: ImportedInnovation[], ctx: CommandContext, source: string): Promise<PromiseSettledResult<'created' | 'present'>[]> {
    const checked = await Promise.all(
      rows.map(async ({ dto, yearRegistered }) => {
        const imported = { yearRegistered, source };
        let content: InnovationContent;
        let refusal: unknown;
        try {
          content = await this.checkedContent(dto, ctx);
          refusal = this.yearRefusal(imported);
        } catch (err) {
          // Refused, unless its key turns out to be stored: the import looks a row up before registering it.
          content = contentOf(dto);
          refusal = err;
        }
        return { dto, content, refusal, ...this.registration(dto, content, ctx, imported) };
      }),
    );
    const results = await this.dataSource.transaction(async (manager) => {
      const stored = await this.store.insertImported(
        manager,
        checked.map(({ record, history, refusal }) => ({ record, history, checked: refusal === null })),
        { activeType: activeTypeCondition },
      );
      const events = stored.flatMap(({ snapshot }): NewEvent[] =>
        snapshot ? [{ type: 'innovation.registered', aggregateId: snapshot.id, aggregateVersion: snapshot.version, payload: { innovation: snapshot } }] : [],
      );
      if (events.length) await this.outbox.append(manager, ctx, events);
      return stored;
    });
    return Promise.allSettled(
      results.map(async ({ present, snapshot }, n) => {
        if (present) return 'present';
        if (snapshot) return 'created';
        const row = checked[n];
        throw row.refusal ?? (await this.refusedRegistration(row.dto, row.content.typeCode));
      }),
    );
  }

  /** The row and history row of a registration, as both paths store them. */
  private registration(dto: RegisterInnovationDto, content: InnovationContent, ctx: CommandContext, imported?: ImportedRegistration): { record: NewInnovation; history: HistoryEntry } {
    const currentYear = yearInJakarta(new Date());
    const year = imported?.yearRegistered ?? currentYear;
    const note = imported ? `Diimpor dari berkas "${imported.source}"${year !== currentYear ? `; tahun registrasi ${year} (impor data tahun lalu)` : ''}` : null;
    return {
      record: {
        ...content,
        id: randomUUID(),
        regionCode: dto.regionCode,
        provinceCode: provinceOf(dto.regionCode),
        agencyId: dto.agencyId,
        stage: dto.stage,
        // The year it is registered in, whatever the client sent (see RegisterInnovationDto.yearRegistered).
        yearRegistered: year,
        originInnovationId: null,
        replicationRequestId: null,
        contact: contactOf(dto),
      },
      history: this.historyEntry(ctx, 'registered', imported && year !== currentYear ? ['yearRegistered'] : [], note),
    };
  }

  /** An imported year after the current one (the import's own check refuses it first). */
  private yearRefusal(imported: ImportedRegistration | undefined): HttpException | null {
    const currentYear = yearInJakarta(new Date());
    const year = imported?.yearRegistered ?? currentYear;
    return year > currentYear ? invalidField('yearRegistered', `yearRegistered ${year} is after the current year ${currentYear}`, 'field.too-large') : null;
  }

  /** Why a registration's statement inserted nothing: its agency or type, read again, or a change meanwhile. */
  private async refusedRegistration(dto: RegisterInnovationDto, typeCode: string): Promise<HttpException> {
    const refused = await this.agencyAndTypeErrors(this.dataSource.manager, dto.regionCode, dto.agencyId, typeCode);
    if (refused.length > 0) return new FieldValidationException(refused);
    return new ConflictException('The agency or the innovation type changed while registering; send the registration again');
  }

  /** Every check register makes, without writing: an import's dry run. */
  async checkRegistration(dto: RegisterInnovationDto, ctx: CommandContext): Promise<void> {
    const content = await this.checkedContent(dto, ctx);
    const refused = await this.agencyAndTypeErrors(this.dataSource.manager, dto.regionCode, dto.agencyId, content.typeCode);
    if (refused.length > 0) throw new FieldValidationException(refused);
  }

  /** The id of a record of this agency with this name (any case) and year: an import's natural key. */
  findByNaturalKey(agencyId: string, name: string, yearRegistered: number): Promise<string | null> {
    return this.store.findByNaturalKey(agencyId, name, yearRegistered);
  }

  /**
   * The checks of a registration before its statement: who may, the region, the stage's dates. When
   * one fails, the agency and type checks run too (a read), so one 400 names every bad field.
   */
  private async checkedContent(dto: RegisterInnovationDto, ctx: CommandContext): Promise<InnovationContent> {
    const region = this.regions.get(dto.regionCode);
    if (region && !canManageAgencyData(ctx.actor, dto.regionCode, dto.agencyId)) {
      throw new ForbiddenException(`A ${ctx.actor.role} may not register innovations for this agency of ${dto.regionCode}`);
    }
    const content = contentOf(dto);
    const errors = [...(region ? [] : [this.unknownRegion(dto.regionCode)]), ...this.stageDateErrors(dto.stage, content)];
    if (errors.length > 0) {
      if (region) errors.push(...(await this.agencyAndTypeErrors(this.dataSource.manager, dto.regionCode, dto.agencyId, content.typeCode)));
      throw new FieldValidationException(errors);
    }
    return content;
  }

  /** An innovation with its replications, as the JSON text of the answer, and its version. */
  async getDocument(id: string): Promise<InnovationDocument> {
    const detail = await this.store.findDetailDocument(id);
    if (!detail) throw new NotFoundException(`No innovation ${id}`);
    return detail;
  }

  async history(id: string): Promise<InnovationHistoryEntry[]> {
    const entries = await this.store.history(id);
    if (entries.length === 0 && !(await this.store.find(this.dataSource, id))) throw new NotFoundException(`No innovation ${id}`);
    return entries;
  }

  async list(query: ListInnovationsQuery): Promise<InnovationPage> {
    if (query.region && !this.regions.get(query.region)) throw invalidField('region', `region ${query.region} is not a Kemendagri region code`);
    const q = query.q?.trim() || undefined;
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    if (query.cursor && (!after || (after.kind === 'rank') !== !!q)) {
      throw invalidField('cursor', 'cursor is not a nextCursor of this list; start again without it', 'field.invalid-cursor');
    }
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.store.list(
      {
        regionCode: query.region && !isProvinceCode(query.region) ? query.region : undefined,
        provinceCode: query.region && isProvinceCode(query.region) ? query.region : undefined,
        agencyId: query.agency,
        typeCode: query.type,
        stage: query.stage,
        year: query.year,
        digital: query.digital,
        governmentAffair: query.governmentAffair?.trim() || undefined,
        includeRetired: query.includeRetired ?? false,
        q,
      },
      after,
      limit,
    );
    const page = rows.slice(0, limit);
    return { items: page.map((r) => r.snapshot), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].cursor) : null };
  }

  /** Replaces the content. A revision that changes nothing keeps the version and emits nothing. */
  async revise(id: string, ifMatch: string | undefined, dto: ReviseInnovationDto, ctx: CommandContext): Promise<InnovationSnapshot> {
    const expected = this.requiredVersion(ifMatch);
    const content = contentOf(dto);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lockForChange(manager, id, ctx, expected);
      const contact = contactOf(dto);
      const contactChanged = !sameContact(await this.store.contactOf(manager, id), contact);
      const changed: string[] = changedFields(contentOfSnapshot(current), content);
      if (contactChanged) changed.push('contact');
      if (changed.length === 0) return current;
      // A type the region has since retired may stay on the records that already have it.
      if (changed.includes('typeCode')) await this.assertActiveType(current.regionCode, content.typeCode, manager);
      this.assertStageDates(current.stage, content);
      const changes: InnovationChanges = {};
      for (const field of changed) changes[field as keyof InnovationChanges] = field === 'contact' ? contact : content[field as keyof typeof content];
      const snapshot = await this.updateOrConflict(manager, current, changes, this.historyEntry(ctx, 'revised', changed, null));
      await this.emit(manager, ctx, snapshot, { type: 'innovation.revised', payload: { innovation: snapshot, changedFields: changed } });
      return snapshot;
    });
  }

  async changeStage(id: string, ifMatch: string | undefined, dto: ChangeStageDto, ctx: CommandContext): Promise<InnovationSnapshot> {
    const expected = this.optionalVersion(ifMatch);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lockForChange(manager, id, ctx, expected);
      if (!isForwardMove(current.stage, dto.stage)) {
        throw new ConflictException(`The stage only moves forward (inisiatif → uji-coba → penerapan): ${current.stage} → ${dto.stage} is not allowed`);
      }
      if (dto.implementedOn && dto.stage !== 'penerapan') throw invalidField('implementedOn', 'implementedOn is set only when moving to penerapan');
      const dates = {
        trialStartedOn: dto.trialStartedOn ?? current.trialStartedOn,
        implementedOn: dto.implementedOn ?? current.implementedOn,
      };
      this.assertStageDates(dto.stage, dates);
      const changes: InnovationChanges = { stage: dto.stage };
      for (const field of ['trialStartedOn', 'implementedOn'] as const) if (dates[field] !== current[field]) changes[field] = dates[field];
      const history = this.historyEntry(ctx, 'stage-changed', Object.keys(changes), `${current.stage} → ${dto.stage}`);
      const snapshot = await this.updateOrConflict(manager, current, changes, history);
      await this.emit(manager, ctx, snapshot, { type: 'innovation.stage-changed', payload: { innovation: snapshot, fromStage: current.stage, toStage: dto.stage } });
      return snapshot;
    });
  }

  async retire(id: string, ifMatch: string | undefined, dto: RetireInnovationDto, ctx: CommandContext): Promise<InnovationSnapshot> {
    const expected = this.optionalVersion(ifMatch);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lockForChange(manager, id, ctx, expected);
      const history = this.historyEntry(ctx, 'retired', ['retiredAt', 'retireReason'], dto.reason);
      const snapshot = await this.updateOrConflict(manager, current, { retiredAt: new Date(), retireReason: dto.reason }, history);
      await this.emit(manager, ctx, snapshot, { type: 'innovation.retired', payload: { innovation: snapshot, reason: dto.reason } });
      return snapshot;
    });
  }

  /**
   * Records the adopter's innovation of a completed replication, inside the consumer's transaction.
   * Its content is the origin's, with the adopter's name, adaptation notes and evaluation; its
   * evidence starts empty, since the origin's documents prove the origin's work, not the adopter's.
   * Returns null when this request was already recorded (a re-sent event under a new id).
   *
   * An adopter agency retired meanwhile does not stop it (issue 19): the replication happened, in
   * that region, and regional reorganisations (SOTK) retire agencies at any time. The record keeps
   * the agency it was done by and its history note says the agency was retired, so the region's
   * admins can see it and hand it on. Refusing instead depended on whether the replication service
   * had yet heard of the retirement: the same completion was 409 one time and dead-lettered another.
   */
  async recordReplication(manager: EntityManager, ctx: CommandContext, event: ReplicationCompletedV1): Promise<InnovationSnapshot | null> {
    if (await this.store.findByReplicationRequest(manager, event.requestId)) return null;
    const origin = await this.store.find(manager, event.originInnovationId);
    if (!origin) throw new ReplicationNotRecordable(`origin innovation ${event.originInnovationId} is not in the registry`);
    if (origin.regionCode !== event.originRegionCode) {
      throw new ReplicationNotRecordable(`origin innovation ${origin.id} belongs to ${origin.regionCode}, not ${event.originRegionCode}`);
    }
    if (!this.regions.get(event.adopterRegionCode)) throw new ReplicationNotRecordable(`adopter region ${event.adopterRegionCode} is not a Kemendagri region code`);
    const agency = await this.agencies.findIncludingRetired(event.adopterAgencyId, manager);
    if (!agency || agency.regionCode !== event.adopterRegionCode) {
      throw new ReplicationNotRecordable(`adopter agency ${event.adopterAgencyId} is not an active agency of ${event.adopterRegionCode}`);
    }
    const completedAt = new Date(event.completedAt);
    const retired = agency.retiredAt ? `; OPD pengadopsi "${agency.name}" sudah dinonaktifkan (${agency.retiredAt.toISOString().slice(0, 10)})` : '';
    const note = `Replikasi (${event.model}) dari "${origin.name}" (${origin.regionCode}), permintaan ${event.requestId}${retired}`;
    const snapshot = await this.store.insert(
      manager,
      {
        ...contentOfSnapshot(origin),
        name: event.adopterInnovationName?.trim() || origin.name,
        // The type describes the innovation, which the adopter copied; it stays even if the adopter's list lacks it.
        typeCode: origin.typeCode,
        trialStartedOn: null,
        implementedOn: event.implementedOn ? event.implementedOn.slice(0, 10) : dayInJakarta(completedAt),
        results: event.benefitEvaluation?.trim() || null,
        adaptationNotes: event.adaptationNotes?.trim() || null,
        evidence: [],
        id: randomUUID(),
        regionCode: event.adopterRegionCode,
        provinceCode: provinceOf(event.adopterRegionCode),
        agencyId: event.adopterAgencyId,
        stage: 'penerapan',
        yearRegistered: yearInJakarta(completedAt),
        originInnovationId: origin.id,
        replicationRequestId: event.requestId,
        // The adopter names its own officer; the origin's is not the adopter's to call.
        contact: null,
      },
      this.historyEntry(ctx, 'registered', [], note),
    );
    if (!snapshot) return null;
    await this.emit(manager, ctx, snapshot, { type: 'innovation.registered', payload: { innovation: snapshot } });
    return snapshot;
  }

  /** The current record, locked for this transaction, once the caller may change it and it can change. */
  private async lockForChange(manager: EntityManager, id: string, ctx: CommandContext, expectedVersion: number | null): Promise<InnovationSnapshot> {
    const current = await this.store.find(manager, id, { lock: true });
    if (!current) throw new NotFoundException(`No innovation ${id}`);
    if (!canManageAgencyData(ctx.actor, current.regionCode, current.agencyId)) {
      throw new ForbiddenException(`A ${ctx.actor.role} may not change this innovation of ${current.regionCode}`);
    }
    if (current.retiredAt) throw new ConflictException(`Innovation ${id} was retired on ${current.retiredAt} and can no longer change`);
    if (expectedVersion !== null && expectedVersion !== current.version) {
      throw new ConflictException({ code: 'version.stale', message: `Innovation ${id} is at version ${current.version}, not ${expectedVersion}; reload it and apply your change again` });
    }
    return current;
  }

  private async updateOrConflict(manager: EntityManager, current: InnovationSnapshot, changes: InnovationChanges, history: HistoryEntry): Promise<InnovationSnapshot> {
    const updated = await this.store.update(manager, current.id, current.version, changes, history);
    if (!updated) throw new ConflictException({ code: 'version.stale', message: `Innovation ${current.id} changed meanwhile; reload it and apply your change again` });
    return updated;
  }

  private historyEntry(ctx: CommandContext, action: HistoryEntry['action'], changedFields: string[], note: string | null): HistoryEntry {
    return { action, changedFields, note, actorSub: ctx.actor.sub, actorRole: ctx.actor.role, correlationId: ctx.correlationId };
  }

  private async emit(manager: EntityManager, ctx: CommandContext, snapshot: InnovationSnapshot, event: Omit<NewEvent, 'aggregateId' | 'aggregateVersion'>): Promise<void> {
    await this.outbox.append(manager, ctx, [{ ...event, aggregateId: snapshot.id, aggregateVersion: snapshot.version } as NewEvent]);
  }

  /** What is wrong with a registration's agency and type in a known region; each is checked when given. */
  private async agencyAndTypeErrors(manager: EntityManager, regionCode: string, agencyId: string | undefined, typeCode: string | undefined): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    if (agencyId !== undefined) {
      const agency = await this.agencies.findActive(agencyId, manager);
      if (!agency || agency.regionCode !== regionCode) {
        errors.push({ field: 'agencyId', messages: [`agencyId ${agencyId} is not an active agency of ${regionCode}`], code: 'innovation.agency-not-in-region' });
      }
    }
    if (typeCode !== undefined) {
      const refused = await this.inactiveTypeError(regionCode, typeCode, manager);
      if (refused) errors.push(refused);
    }
    return errors;
  }

  private unknownRegion(regionCode: string): FieldError {
    return { field: 'regionCode', messages: [`regionCode ${regionCode} is not a Kemendagri region code`], code: 'field.invalid' };
  }

  private stageDateErrors(stage: InnovationSnapshot['stage'], dates: Pick<InnovationContent, 'trialStartedOn' | 'implementedOn'>): FieldError[] {
    const missing = missingStageDate(stage, dates);
    if (missing) return [{ field: missing, messages: [`${missing} is required when the stage is ${stage}`], code: 'field.invalid' }];
    if (dates.trialStartedOn && dates.implementedOn && dates.implementedOn < dates.trialStartedOn) {
      return [{ field: 'implementedOn', messages: [`implementedOn must not be before trialStartedOn (${dates.trialStartedOn})`], code: 'field.invalid' }];
    }
    return [];
  }

  private assertStageDates(stage: InnovationSnapshot['stage'], dates: Pick<InnovationContent, 'trialStartedOn' | 'implementedOn'>): void {
    const errors = this.stageDateErrors(stage, dates);
    if (errors.length > 0) throw new FieldValidationException(errors);
  }

  private async inactiveTypeError(regionCode: string, typeCode: string, manager?: EntityManager): Promise<FieldError | null> {
    const types = await this.types.typesOf(regionCode, manager);
    if (types.some((t) => t.code === typeCode)) return null;
    return { field: 'typeCode', messages: [`typeCode ${typeCode} is not an active innovation type of ${regionCode} (${types.map((t) => t.code).join(', ')})`], code: 'field.invalid' };
  }

  private async assertActiveType(regionCode: string, typeCode: string, manager?: EntityManager): Promise<void> {
    const refused = await this.inactiveTypeError(regionCode, typeCode, manager);
    if (refused) throw new FieldValidationException([refused]);
  }

  private requiredVersion(ifMatch: string | undefined): number {
    const parsed = parseIfMatch(ifMatch);
    if (parsed.kind === 'missing') {
      throw new HttpException(
        { statusCode: 428, error: 'Precondition Required', message: 'Send If-Match with the version you read (its ETag, such as "3"), so a change made meanwhile is not overwritten' },
        HttpStatus.PRECONDITION_REQUIRED,
      );
    }
    if (parsed.kind === 'invalid') throw invalidField('If-Match', 'If-Match must be the ETag of the version you read, such as "3"');
    return parsed.version;
  }

  /** Stage changes and retirement are checked transitions on their own; If-Match is honoured when sent. */
  private optionalVersion(ifMatch: string | undefined): number | null {
    return parseIfMatch(ifMatch).kind === 'missing' ? null : this.requiredVersion(ifMatch);
  }
}
