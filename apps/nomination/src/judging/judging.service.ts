import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import type { DecisionDto, FileObjectionDto, NameFinalistsDto, ResolveObjectionDto } from '@lumbung/contracts';
import { OutboxService, type NewEvent } from '@lumbung/messaging';
import { FieldValidationException, invalidField, type CommandContext } from '@lumbung/platform';
import { NominationClock } from '../clock/nomination-clock.js';
import { assertCanRun } from '../editions/edition-access.js';
import { windowProblem } from '../editions/edition-rules.js';
import { editionSnapshot } from '../editions/edition-views.js';
import type { Edition } from '../editions/edition.entity.js';
import { EditionsService } from '../editions/editions.service.js';
import { EntriesService } from '../entries/entries.service.js';
import { ENTRY_TRANSITIONS, transition, transitionProblem } from '../entries/entry-state-machine.js';
import { entrySummary } from '../entries/entry-views.js';
import { Entry } from '../entries/entry.entity.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { Objection } from './objection.entity.js';
import { auditEdition, editionBefore } from '../editions/edition-audit.js';

const FINALIST_PHASES = ['scoring', 'objection', 'presentation'];

@Injectable()
export class JudgingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: NominationClock,
    private readonly editions: EditionsService,
    private readonly entries: EntriesService,
    private readonly scoring: ScoringService,
  ) {}

  /** Names the finalists, once: the given scored entries, or the top finalistCount of the proposal ranking. */
  async nameFinalists(ctx: CommandContext, editionId: string, dto: NameFinalistsDto): Promise<{ edition: Edition; finalists: Entry[] }> {
    return this.dataSource.transaction(async (manager) => {
      const edition = await this.editions.lock(manager, editionId);
      assertCanRun(ctx.actor, edition);
      if (!FINALIST_PHASES.includes(edition.phase)) throw new ConflictException(`Finalists are named in the scoring, objection or presentation phase; ${edition.name} is in ${edition.phase}`);
      if (edition.finalistsNamedAt) throw new ConflictException(`The finalists of ${edition.name} were named on ${edition.finalistsNamedAt.toISOString()}`);
      const { ranked, entries } = await this.scoring.proposalRanking(manager, edition);
      let chosen: Entry[];
      if (dto.entryIds) {
        const problems = dto.entryIds.flatMap((id, i) => {
          const entry = entries.get(id);
          if (!entry || transitionProblem('name-finalist', entry.state)) return [{ field: `entryIds.${i}`, messages: [`${id} is not a scored entry of ${edition.name}`] }];
          return dto.entryIds!.indexOf(id) !== i ? [{ field: `entryIds.${i}`, messages: [`${id} is listed twice`] }] : [];
        });
        if (problems.length) throw new FieldValidationException(problems);
        chosen = dto.entryIds.map((id) => entries.get(id)!);
      } else {
        if (!edition.finalistCount) throw invalidField('entryIds', `${edition.name} has no finalistCount: list the finalists`);
        chosen = ranked.filter((r) => r.rank !== null && !transitionProblem('name-finalist', entries.get(r.entryId)!.state)).slice(0, edition.finalistCount).map((r) => entries.get(r.entryId)!);
      }
      if (chosen.length === 0) throw new ConflictException(`${edition.name} has no scored entry to name a finalist`);
      const events: NewEvent[] = [];
      for (const entry of chosen) {
        entry.state = transition('name-finalist', entry);
        await this.entries.save(manager, ctx, entry);
        events.push({ type: 'nomination.finalist', aggregateId: entry.id, aggregateVersion: entry.version, payload: { entry: entrySummary(entry, edition) } });
      }
      edition.finalistsNamedAt = this.clock.now();
      edition.version += 1;
      await manager.save(edition);
      await this.entries.publish(manager, ctx, events);
      return { edition, finalists: chosen };
    });
  }

  /** Anyone signed in may object to a finalist while the objection window (sanggah) is open. */
  async fileObjection(ctx: CommandContext, entryId: string, dto: FileObjectionDto): Promise<Objection> {
    return this.dataSource.transaction(async (manager) => {
      const { entry, edition } = await this.entries.lockEntry(manager, entryId);
      const window = windowProblem(edition, 'objection', this.clock.today());
      if (window) throw new ConflictException(window);
      transition('object', entry);
      const objection = await manager.save(
        manager.create(Objection, { editionId: edition.id, entryId, reason: dto.reason, filedBy: ctx.actor.sub, filedAt: this.clock.now(), outcome: null, note: null, resolvedBy: null, resolvedAt: null }),
      );
      await this.entries.save(manager, ctx, entry, () => [
        { type: 'nomination.objection-filed', aggregateId: entry.id, aggregateVersion: entry.version, payload: { entry: entrySummary(entry, edition), objectionId: objection.id, reason: dto.reason } },
      ]);
      return objection;
    });
  }

  /** The owner's admin upholds (the entry is disqualified) or dismisses (it stays) an objection, before the decision. */
  async resolveObjection(ctx: CommandContext, objectionId: string, dto: ResolveObjectionDto): Promise<{ objection: Objection; entry: Entry; edition: Edition }> {
    return this.dataSource.transaction(async (manager) => {
      const found = await manager.findOneBy(Objection, { id: objectionId });
      if (!found) throw new NotFoundException(`No objection ${objectionId}`);
      const { entry, edition } = await this.entries.lockEntry(manager, found.entryId);
      assertCanRun(ctx.actor, edition);
      const objection = await manager.findOneOrFail(Objection, { where: { id: objectionId }, lock: { mode: 'pessimistic_write' } });
      if (objection.outcome) throw new ConflictException(`Objection ${objectionId} was already ${objection.outcome}`);
      if (edition.decidedAt) throw new ConflictException(`${edition.name} is decided; its objections can no longer change`);
      const to = transition(dto.outcome === 'upheld' ? 'uphold-objection' : 'dismiss-objection', entry);
      objection.outcome = dto.outcome;
      objection.note = dto.note;
      objection.resolvedBy = ctx.actor.sub;
      objection.resolvedAt = this.clock.now();
      await manager.save(objection);
      // The first upheld objection gives the reason; a second one against the same finalist adds nothing.
      if (to === 'disqualified' && entry.state !== 'disqualified') entry.disqualificationReason = dto.note;
      entry.state = to;
      await this.entries.save(manager, ctx, entry, () => [
        {
          type: 'nomination.objection-resolved',
          aggregateId: entry.id,
          aggregateVersion: entry.version,
          payload: { entry: entrySummary(entry, edition), objectionId, outcome: dto.outcome, note: dto.note },
        },
      ]);
      return { objection, entry, edition };
    });
  }

  async objections(editionId: string): Promise<Objection[]> {
    await this.editions.get(editionId);
    return this.dataSource.getRepository(Objection).find({ where: { editionId }, order: { filedAt: 'ASC' } });
  }

  /**
   * The decision, once, in the decision phase: winners with their ranks (given, or the top
   * winnerCount of the final ranking), every other admitted entry not-selected. Refused while an
   * entry awaits its check or an objection is open, since either could change who may win.
   */
  async decide(ctx: CommandContext, editionId: string, dto: DecisionDto): Promise<{ edition: Edition; winners: Entry[]; notSelected: Entry[] }> {
    return this.dataSource.transaction(async (manager) => {
      const edition = await this.editions.lock(manager, editionId);
      assertCanRun(ctx.actor, edition);
      if (edition.decidedAt) throw new ConflictException(`${edition.name} was decided on ${edition.decidedAt.toISOString()}`);
      const window = windowProblem(edition, 'decision', this.clock.today());
      if (window) throw new ConflictException(window);
      // A returned entry may still come back corrected: it holds the decision up like an unchecked one.
      const unchecked = await manager.countBy(Entry, { editionId, state: In(['submitted', 'returned']) });
      if (unchecked) throw new ConflictException(`${unchecked} entr${unchecked === 1 ? 'y awaits' : 'ies await'} the administrative check`);
      const open = await manager.countBy(Objection, { editionId, outcome: IsNull() });
      if (open) throw new ConflictException(`${open} objection(s) are still open`);

      const { rows, entries } = await this.scoring.finalRanking(manager, edition);
      if (rows.length === 0) throw new ConflictException(`${edition.name} has no candidate to decide on`);
      let winnerIds: string[];
      if (dto.winners) {
        const candidates = new Set(rows.map((r) => r.entryId));
        const problems = dto.winners.flatMap((id, i) =>
          !candidates.has(id)
            ? [{ field: `winners.${i}`, messages: [`${id} is not a candidate of ${edition.name} (${edition.finalistsNamedAt ? 'a finalist' : 'a scored entry'})`] }]
            : dto.winners!.indexOf(id) !== i
              ? [{ field: `winners.${i}`, messages: [`${id} is listed twice`] }]
              : [],
        );
        if (problems.length) throw new FieldValidationException(problems);
        winnerIds = dto.winners;
      } else {
        winnerIds = rows.slice(0, edition.winnerCount).map((r) => r.entryId);
      }

      const now = this.clock.now();
      const events: NewEvent[] = [];
      for (const row of rows) {
        const entry = entries.get(row.entryId)!;
        entry.finalScore = row.finalScore;
        entry.presentationScore = row.presentationScore;
      }
      const winners: Entry[] = [];
      for (const [i, id] of winnerIds.entries()) {
        const entry = entries.get(id)!;
        entry.state = transition('win', entry);
        entry.rank = i + 1;
        await this.entries.save(manager, ctx, entry);
        winners.push(entry);
        events.push({ type: 'nomination.won', aggregateId: entry.id, aggregateVersion: entry.version, payload: { entry: entrySummary(entry, edition), rank: entry.rank, finalScore: entry.finalScore } });
      }
      const rest = await manager.find(Entry, { where: { editionId, state: In([...ENTRY_TRANSITIONS['not-select'].from]) } });
      const notSelected: Entry[] = [];
      for (const loaded of rest) {
        if (winnerIds.includes(loaded.id)) continue;
        const entry = entries.get(loaded.id) ?? loaded;
        entry.state = transition('not-select', entry);
        await this.entries.save(manager, ctx, entry);
        notSelected.push(entry);
        events.push({ type: 'nomination.not-selected', aggregateId: entry.id, aggregateVersion: entry.version, payload: { entry: entrySummary(entry, edition) } });
      }
      const before = editionBefore(edition);
      edition.decidedAt = now;
      edition.version += 1;
      await manager.save(edition);
      events.push({
        type: 'competition.decided',
        aggregateId: edition.id,
        aggregateVersion: edition.version,
        payload: {
          edition: editionSnapshot(edition),
          winners: winners.map((w) => ({ entryId: w.id, innovationId: w.innovationId, rank: w.rank!, finalScore: w.finalScore })),
          notSelectedEntryIds: notSelected.map((e) => e.id),
        },
      });
      await this.entries.publish(manager, ctx, events);
      await auditEdition(manager, ctx, 'decided', before, edition, null, { winners: winners.map((w) => ({ entryId: w.id, innovationName: w.innovationName, rank: w.rank })) });
      return { edition, winners, notSelected };
    });
  }
}
