import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AdmissionDto, EntryDetail, EntryState, EntryView, ForwardedRef, SubmitEntryDto } from '@lumbung/contracts';
import { OutboxService } from '@lumbung/messaging';
import { canManageAgencyData, invalidField, type CommandContext, type Principal } from '@lumbung/platform';
import { InnovationProjection, type InnovationView } from '@lumbung/read-models';
import { NominationClock } from '../clock/nomination-clock.js';
import { assertCanRun, maySeeScores } from '../editions/edition-access.js';
import { windowProblem } from '../editions/edition-rules.js';
import type { Edition } from '../editions/edition.entity.js';
import { EditionsService } from '../editions/editions.service.js';
import { eligibilityProblem } from './eligibility.js';
import { transition } from './entry-state-machine.js';
import { entryDetail, entrySummary, entryView, withoutScores } from './entry-views.js';
import { Entry } from './entry.entity.js';
import { auditEntry, entryBefore } from '../editions/edition-audit.js';

/** Which regions may enter an edition directly (forwarded entries come through forwarding instead). */
export function reachProblem(edition: Pick<Edition, 'level' | 'ownerRegionCode' | 'name'>, regionCode: string): string | null {
  // A regency edition takes its own OPDs; a province edition its provincial OPDs (regencies forward
  // their winners under the quota); the national contest takes every instance directly (SINOVIK).
  if (edition.level === 'national') return null;
  if (regionCode === edition.ownerRegionCode) return null;
  return `${edition.name} takes entries of ${edition.ownerRegionCode} only; ${regionCode} enters through its own edition`;
}

@Injectable()
export class EntriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: NominationClock,
    private readonly editions: EditionsService,
    private readonly innovations: InnovationProjection,
  ) {}

  async submit(ctx: CommandContext, editionId: string, dto: SubmitEntryDto): Promise<{ entry: Entry; edition: Edition }> {
    return this.dataSource.transaction(async (manager) => {
      // The edition row lock serialises the entries of one edition: the per-agency limit and the
      // window are checked against what is committed, and a phase change waits for this entry.
      const edition = await this.editions.lock(manager, editionId);
      const innovation = await this.innovations.find(dto.innovationId, manager);
      if (!innovation) throw invalidField('innovationId', `No innovation ${dto.innovationId} is known here (yet: registry events may still be arriving)`);
      if (!canManageAgencyData(ctx.actor, innovation.regionCode, innovation.agencyId)) {
        throw new ForbiddenException(`Only ${innovation.snapshot.agencyName} of ${innovation.regionCode} or its region's admins may enter ${innovation.name}`);
      }
      const reach = reachProblem(edition, innovation.regionCode);
      if (reach) throw new ForbiddenException(reach);
      const window = windowProblem(edition, 'submission', this.clock.today());
      if (window) throw new ConflictException(window);
      await this.assertEligible(manager, edition, innovation, 'innovationId');

      const [{ n }]: { n: number }[] = await manager.query(
        `SELECT count(*)::int AS n FROM "nomination"."entry" WHERE edition_id = $1 AND agency_id = $2`,
        [edition.id, innovation.agencyId],
      );
      const limit = edition.eligibility.entriesPerAgency;
      if (n >= limit) throw new ConflictException(`${innovation.snapshot.agencyName} already has ${n} entr${n === 1 ? 'y' : 'ies'} in ${edition.name}; the limit per agency is ${limit}`);
      await this.assertNotEntered(manager, edition, innovation.id);
      const entry = await this.createEntry(manager, ctx, edition, innovation, null, null);
      return { entry, edition };
    });
  }

  /** Eligibility against the edition's rules; `field` names the request field a refusal blames. */
  async assertEligible(manager: EntityManager, edition: Edition, innovation: InnovationView, field: string | null): Promise<void> {
    let wonBefore = false;
    if (!edition.eligibility.previousWinnersAllowed) {
      const won: unknown[] = await manager.query(
        `SELECT 1 FROM "nomination"."entry" en JOIN "nomination"."edition" ed ON ed.id = en.edition_id
          WHERE en.innovation_id = $1 AND en.state = 'winner' AND ed.level = $2 AND ed.year < $3 LIMIT 1`,
        [innovation.id, edition.level, edition.year],
      );
      wonBefore = won.length > 0;
    }
    const problem = eligibilityProblem(edition.eligibility, innovation.snapshot, this.clock.today(), wonBefore);
    if (problem) throw field ? invalidField(field, problem) : new ConflictException(problem);
  }

  async assertNotEntered(manager: EntityManager, edition: Edition, innovationId: string): Promise<void> {
    const existing = await manager.findOneBy(Entry, { editionId: edition.id, innovationId });
    if (existing) throw new ConflictException(`${existing.innovationName} is already entered in ${edition.name} (entry ${existing.id})`);
  }

  /** A new entry holding the innovation as the read model has it now, and its nomination.submitted. */
  async createEntry(manager: EntityManager, ctx: CommandContext, edition: Edition, innovation: InnovationView, source: Entry | null, sourceRegionCode: string | null): Promise<Entry> {
    const snapshot = innovation.snapshot;
    const entry = await manager.save(
      manager.create(Entry, {
        editionId: edition.id,
        innovationId: innovation.id,
        innovationVersion: innovation.version,
        innovationName: snapshot.name,
        agencyId: snapshot.agencyId,
        agencyName: snapshot.agencyName,
        regionCode: snapshot.regionCode,
        provinceCode: snapshot.provinceCode,
        snapshot,
        state: 'submitted',
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
        submittedBy: ctx.actor.sub,
        submittedAt: this.clock.now(),
        version: 1,
      }),
    );
    await this.outbox.append(manager, ctx, [{ type: 'nomination.submitted', aggregateId: entry.id, aggregateVersion: 1, payload: { entry: entrySummary(entry, edition), snapshot } }]);
    return entry;
  }

  /** Loads an entry and its edition, the entry locked for the rest of the transaction. */
  async lockEntry(manager: EntityManager, entryId: string): Promise<{ entry: Entry; edition: Edition }> {
    const entry = await manager.findOne(Entry, { where: { id: entryId }, lock: { mode: 'pessimistic_write' } });
    if (!entry) throw new NotFoundException(`No entry ${entryId}`);
    const edition = await this.editions.get(entry.editionId, manager);
    return { entry, edition };
  }

  /** Saves a changed entry with its version bumped. */
  async bump(manager: EntityManager, entry: Entry): Promise<Entry> {
    entry.version += 1;
    entry.updatedAt = this.clock.now();
    return manager.save(entry);
  }

  async admission(ctx: CommandContext, entryId: string, dto: AdmissionDto): Promise<{ entry: Entry; edition: Edition }> {
    return this.dataSource.transaction(async (manager) => {
      const { entry, edition } = await this.lockEntry(manager, entryId);
      assertCanRun(ctx.actor, edition);
      if (edition.phase !== 'submission' && edition.phase !== 'administrative-check') {
        throw new ConflictException(`The administrative check is over: ${edition.name} is in ${edition.phase}`);
      }
      const to = transition(dto.decision === 'admit' ? 'admit' : 'reject', entry);
      const before = entryBefore(entry);
      entry.state = to;
      if (dto.decision === 'admit') {
        await this.bump(manager, entry);
        await this.outbox.append(manager, ctx, [{ type: 'nomination.admitted', aggregateId: entry.id, aggregateVersion: entry.version, payload: { entry: entrySummary(entry, edition) } }]);
      } else {
        entry.rejectionReason = dto.reason!;
        await this.bump(manager, entry);
        await this.outbox.append(manager, ctx, [
          { type: 'nomination.rejected', aggregateId: entry.id, aggregateVersion: entry.version, payload: { entry: entrySummary(entry, edition), reason: dto.reason! } },
        ]);
      }
      await auditEntry(manager, ctx, dto.decision === 'admit' ? 'admitted' : 'rejected', before, entry, dto.reason ?? null);
      return { entry, edition };
    });
  }

  /** The entries of an edition; scores and ranks only for those who may see them (maySeeScores). */
  async list(actor: Principal, editionId: string, state?: EntryState): Promise<EntryView[]> {
    const edition = await this.editions.get(editionId);
    const entries = await this.dataSource.getRepository(Entry).find({
      where: state ? { editionId, state } : { editionId },
      order: { submittedAt: 'ASC', id: 'ASC' },
    });
    const forwarded = await this.forwardedFrom(entries.map((e) => e.id));
    const views = entries.map((e) => entryView(e, edition, forwarded.get(e.id) ?? []));
    return (await maySeeScores(this.dataSource.manager, actor, edition)) ? views : views.map(withoutScores);
  }

  async detail(actor: Principal, entryId: string): Promise<EntryDetail> {
    const entry = await this.dataSource.getRepository(Entry).findOneBy({ id: entryId });
    if (!entry) throw new NotFoundException(`No entry ${entryId}`);
    const edition = await this.editions.get(entry.editionId);
    const forwarded = await this.forwardedFrom([entry.id]);
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM "nomination"."replication_evidence" WHERE origin_innovation_id = $1`,
      [entry.innovationId],
    );
    const detail = entryDetail(entry, edition, forwarded.get(entry.id) ?? [], n);
    return (await maySeeScores(this.dataSource.manager, actor, edition)) ? detail : withoutScores(detail);
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
