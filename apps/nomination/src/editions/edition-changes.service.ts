import { ConflictException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CRITERIA_PRESETS, type ChangeRulesDto, type ChangeScheduleDto } from '@lumbung/contracts';
import { OutboxService } from '@lumbung/messaging';
import { FieldValidationException, invalidField, type CommandContext } from '@lumbung/platform';
import { NominationClock } from '../clock/nomination-clock.js';
import { assertCanRun } from './edition-access.js';
import { reschedule } from './edition-rules.js';
import { editionSnapshot } from './edition-views.js';
import type { Edition } from './edition.entity.js';
import { EditionsService } from './editions.service.js';
import { auditEdition, editionBefore } from './edition-audit.js';

/**
 * Changes to an edition once it is set up, as real rounds need them: dates extended or moved while
 * it runs, and its rules corrected before the window opens. The scheduler and the window checks
 * read the edition's schedule, so they follow the new dates with nothing else to do.
 */
@Injectable()
export class EditionChangesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: NominationClock,
    private readonly editions: EditionsService,
  ) {}

  async changeSchedule(ctx: CommandContext, id: string, dto: ChangeScheduleDto): Promise<Edition> {
    return this.dataSource.transaction(async (manager) => {
      // The row lock makes the change and a scheduler tick one after the other, never interleaved.
      const edition = await this.editions.lock(manager, id);
      assertCanRun(ctx.actor, edition);
      if (edition.phase === 'closed' || edition.decidedAt) throw new ConflictException(`${edition.name} is ${edition.decidedAt ? 'decided' : 'closed'}; its dates are history`);
      const { schedule, changes, problems, conflict } = reschedule(edition, dto.schedule, this.clock.today());
      if (conflict) throw new ConflictException(conflict);
      if (problems.length) throw new FieldValidationException(problems);
      const before = editionBefore(edition);
      edition.schedule = schedule;
      edition.version += 1;
      await manager.save(edition);
      await this.outbox.append(manager, ctx, [
        { type: 'competition.schedule-changed', aggregateId: edition.id, aggregateVersion: edition.version, payload: { edition: editionSnapshot(edition), changes, reason: dto.reason } },
      ]);
      await auditEdition(manager, ctx, 'schedule-changed', before, edition, dto.reason);
      return edition;
    });
  }

  /** Criteria, weights, eligibility and categories, while the edition is planned: once entries come in, the rules they met stay. */
  async changeRules(ctx: CommandContext, id: string, dto: ChangeRulesDto): Promise<Edition> {
    if (dto.criteria && dto.criteriaPreset) throw invalidField('criteria', 'give either criteria (weights summing to 100) or criteriaPreset, not both');
    if (!dto.criteria && !dto.criteriaPreset && !dto.eligibility && !dto.categories && !dto.requiredDocuments) throw invalidField('criteria', 'give criteria, criteriaPreset, eligibility, categories or requiredDocuments to change');
    return this.dataSource.transaction(async (manager) => {
      const edition = await this.editions.lock(manager, id);
      assertCanRun(ctx.actor, edition);
      if (edition.phase !== 'planned') throw new ConflictException(`${edition.name} is in ${edition.phase}: criteria, weights and eligibility can change only until the submission window opens`);
      if (dto.categories && edition.level !== 'national') throw invalidField('categories', 'only a national edition has categories (umum, khusus, replikasi)');
      const before = editionBefore(edition);
      const criteria = dto.criteria ?? (dto.criteriaPreset ? CRITERIA_PRESETS[dto.criteriaPreset] : null);
      if (criteria) edition.criteria = criteria.map(({ code, name, weight }) => ({ code, name, weight }));
      if (dto.eligibility) {
        const e = dto.eligibility;
        edition.eligibility = {
          minAgeYears: e.minAgeYears ?? edition.eligibility.minAgeYears,
          requiredStage: e.requiredStage ?? edition.eligibility.requiredStage,
          entriesPerAgency: e.entriesPerAgency ?? edition.eligibility.entriesPerAgency,
          previousWinnersAllowed: e.previousWinnersAllowed ?? edition.eligibility.previousWinnersAllowed,
        };
      }
      if (dto.requiredDocuments) edition.requiredDocuments = dto.requiredDocuments;
      if (dto.categories) edition.categories = dto.categories.map((c) => ({ code: c.code, quota: c.quota ?? edition.eligibility.entriesPerAgency }));
      edition.version += 1;
      await manager.save(edition);
      await this.outbox.append(manager, ctx, [
        { type: 'competition.rules-changed', aggregateId: edition.id, aggregateVersion: edition.version, payload: { edition: editionSnapshot(edition), reason: dto.reason ?? null } },
      ]);
      await auditEdition(manager, ctx, 'rules-changed', before, edition, dto.reason ?? null);
      return edition;
    });
  }
}
