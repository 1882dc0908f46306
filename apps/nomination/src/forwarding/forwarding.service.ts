import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NATIONAL_RESULTS, type ForwardEntryDto, type NationalResultDto } from '@lumbung/contracts';
import { invalidField, type CommandContext, type Principal } from '@lumbung/platform';
import { NominationClock } from '../clock/nomination-clock.js';
import { assertCanRun } from '../editions/edition-access.js';
import { windowProblem } from '../editions/edition-rules.js';
import { Edition } from '../editions/edition.entity.js';
import { EntriesService } from '../entries/entries.service.js';
import { applyProposal, categoryProblem, EMPTY_PROPOSAL } from '../entries/proposal-rules.js';
import { entrySummary } from '../entries/entry-views.js';
import type { Entry } from '../entries/entry.entity.js';
import { nationalResultState, transition } from '../entries/entry-state-machine.js';
import { forwardingProblem } from './forwarding-rules.js';
import { auditEntry, entryBefore } from '../editions/edition-audit.js';

@Injectable()
export class ForwardingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: NominationClock,
    private readonly entries: EntriesService,
  ) {}

  /**
   * Forwards a winner: a new, linked entry in the next level's edition, with its own snapshot of the
   * innovation as it stands now. The source keeps its state and records where it went. The target
   * edition's row lock makes the quota check and the insert one step, so two admins forwarding at
   * once cannot both take the last place.
   */
  async forward(ctx: CommandContext, entryId: string, dto: ForwardEntryDto): Promise<{ forwarded: Entry; target: Edition }> {
    return this.dataSource.transaction(async (manager) => {
      const { entry: source, edition: from } = await this.entries.lockEntry(manager, entryId);
      assertCanRun(ctx.actor, from);
      const target = await manager.findOne(Edition, { where: { id: dto.targetEditionId }, lock: { mode: 'pessimistic_write' } });
      if (!target) throw invalidField('targetEditionId', `No edition ${dto.targetEditionId}`);
      transition('forward', source);
      const level = forwardingProblem(from, target);
      if (level) throw new ConflictException(level);
      const window = windowProblem(target, 'submission', this.clock.today());
      if (window) throw new ConflictException(`${target.name}: ${window}`);
      const sourceRegion = from.ownerRegionCode ?? source.regionCode;
      if (target.forwardingQuota !== null) {
        const [{ n }]: { n: number }[] = await manager.query(
          `SELECT count(*)::int AS n FROM "nomination"."entry" WHERE edition_id = $1 AND source_region_code = $2`,
          [target.id, sourceRegion],
        );
        if (n >= target.forwardingQuota) throw new ConflictException({ code: 'nomination.quota-reached', message: `${sourceRegion} has already forwarded ${n} of its quota of ${target.forwardingQuota} to ${target.name}` });
      }
      // The target's forwarding quota is by region, not by agency: the agency's entry count is not checked here.
      const facts = await this.entries.factsOf(manager, target, source.innovationId, source.agencyId, null, null);
      const innovation = facts.innovation;
      if (!innovation) throw new ConflictException(`The innovation ${source.innovationId} is no longer known here`);
      this.entries.checkEligible(target, innovation, facts, null);
      this.entries.checkNotEntered(target, facts);
      const category = dto.category ?? null;
      const categoryRefusal = categoryProblem(target, category);
      if (categoryRefusal) throw invalidField('category', categoryRefusal);
      // The proposal travels with the nomination, as far as the target asks the same criteria.
      const { proposal } = applyProposal(EMPTY_PROPOSAL, { summary: source.proposal.summary, sections: source.proposal.sections.filter((s) => target.criteria.some((c) => c.code === s.criterion)) }, target.criteria, '');
      const forwarded = await this.entries.createEntry(manager, ctx, target, innovation, source, sourceRegion, { state: 'submitted', category, proposal });
      const before = entryBefore(source);
      await this.entries.save(manager, ctx, source, () => [
        {
          type: 'nomination.forwarded',
          aggregateId: source.id,
          aggregateVersion: source.version,
          payload: { entry: entrySummary(source, from), forwardedEntry: entrySummary(forwarded, target) },
        },
      ]);
      await auditEntry(manager, ctx, 'forwarded', before, source, null, { forwardedTo: { editionId: target.id, entryId: forwarded.id } });
      return { forwarded, target };
    });
  }

  /**
   * Records the national (KemenPANRB) result on a national entry: by a national admin, or by the
   * province for its own regions' entries. A result is only ever raised (Top 99, then Top 45…),
   * and the entry's state becomes the result: the national contest is where its road ends.
   */
  async recordNationalResult(ctx: CommandContext, entryId: string, dto: NationalResultDto): Promise<{ entry: Entry; edition: Edition }> {
    return this.dataSource.transaction(async (manager) => {
      const { entry, edition } = await this.entries.lockEntry(manager, entryId);
      this.assertNationalResult(ctx, entry, edition, dto);
      const previous = entry.nationalResult;
      const before = entryBefore(entry);
      entry.nationalResult = dto.result;
      entry.nationalResultAt = this.clock.now();
      entry.state = nationalResultState(dto.result);
      await this.entries.save(manager, ctx, entry, () => [
        { type: 'nomination.national-result', aggregateId: entry.id, aggregateVersion: entry.version, payload: { entry: entrySummary(entry, edition), result: dto.result, previousResult: previous } },
      ]);
      await auditEntry(manager, ctx, 'national-result', before, entry);
      return { entry, edition };
    });
  }

  /** Every check recordNationalResult makes, without writing: an import's dry run. */
  async checkNationalResult(ctx: CommandContext, entryId: string, dto: NationalResultDto): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { entry, edition } = await this.entries.lockEntry(manager, entryId);
      this.assertNationalResult(ctx, entry, edition, dto);
    });
  }

  private assertNationalResult(ctx: CommandContext, entry: Entry, edition: Edition, dto: NationalResultDto): void {
    if (!mayRecordNational(ctx.actor, entry)) throw new ForbiddenException(`Only a national admin or the province of ${entry.regionCode} records its national result`);
    if (edition.level !== 'national') throw new ConflictException(`National results are recorded on national entries; ${edition.name} is a ${edition.level} edition`);
    const previous = entry.nationalResult;
    if (previous && NATIONAL_RESULTS.indexOf(dto.result) <= NATIONAL_RESULTS.indexOf(previous)) {
      throw new ConflictException(`${entry.innovationName} is already recorded as ${previous}; a result is only raised`);
    }
    transition('record-national-result', entry);
  }
}

function mayRecordNational(p: Principal, entry: Entry): boolean {
  if (p.role === 'national-admin' || p.role === 'service') return true;
  return p.role === 'province-admin' && p.province === entry.provinceCode;
}

