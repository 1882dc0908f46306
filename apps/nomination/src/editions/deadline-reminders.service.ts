import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CompetitionPhase, RemindedAgency } from '@lumbung/contracts';
import { OutboxService } from '@lumbung/messaging';
import { claimReminder, reminderAggregateId, ServiceEnv, type CommandContext, type ReminderKey } from '@lumbung/platform';
import { NominationClock } from '../clock/nomination-clock.js';
import type { NominationEnv } from '../nomination.env.js';
import { editionSnapshot } from './edition-views.js';
import { Edition } from './edition.entity.js';
import { dueReminderDays } from './edition-rules.js';

const REMINDERS: CommandContext = { actor: { sub: 'deadline-reminders', role: 'service' }, correlationId: 'deadline-reminders' };
const KIND = 'competition.deadline-approaching';

/**
 * competition.deadline-approaching: REMINDER_DAYS_BEFORE days before each phase window of an edition
 * closes, once per edition, phase, last day and reminder day (claimReminder), so several replicas
 * and restarts publish it once, and an extended window reminds again.
 */
@Injectable()
export class DeadlineReminders {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: NominationClock,
    private readonly env: ServiceEnv,
  ) {}

  private get daysBefore(): number[] {
    return ((this.env as NominationEnv).REMINDER_DAYS_BEFORE ?? '7,1').split(',').map(Number);
  }

  /** Publishes the reminders due today; answers how many were sent by this call. */
  async sendDue(): Promise<number> {
    const today = this.clock.today();
    const editions = await this.dataSource.getRepository(Edition).createQueryBuilder('e').where(`e.phase NOT IN ('planned', 'closed')`).andWhere('e.decided_at IS NULL').getMany();
    let sent = 0;
    for (const edition of editions) {
      const window = edition.schedule.find((w) => w.phase === edition.phase);
      if (!window) continue;
      const { daysLeft, reached } = dueReminderDays(window.endsOn, today, this.daysBefore);
      if (reached.length === 0) continue;
      const published = await this.dataSource.transaction(async (manager) => {
        const keys: ReminderKey[] = reached.map((d) => ({ kind: KIND, subject: edition.id, deadline: `${window.phase}/${window.endsOn}/${d}` }));
        let claimed = false;
        for (const key of keys) claimed = (await claimReminder(manager, 'nomination', key)) || claimed;
        if (!claimed) return false;
        const agenciesWithoutEntry = window.phase === 'submission' ? await this.agenciesWithoutEntry(manager, edition) : [];
        await this.outbox.append(manager, REMINDERS, [
          {
            type: KIND,
            aggregateId: reminderAggregateId(keys[keys.length - 1]!),
            aggregateVersion: 1,
            payload: { edition: editionSnapshot(edition), phase: window.phase as CompetitionPhase, endsOn: window.endsOn, daysLeft, agenciesWithoutEntry },
          },
        ]);
        return true;
      });
      if (published) sent += 1;
    }
    return sent;
  }

  /**
   * The agencies of the owner's area without a submitted entry. The service knows agencies through
   * their registered innovations (innovation events), so an agency with no innovation at all is
   * the compliance reminder's business, not this one's.
   */
  private async agenciesWithoutEntry(manager: DataSource['manager'], edition: Edition): Promise<RemindedAgency[]> {
    const area = edition.level === 'national' ? 'true' : edition.level === 'province' ? 'v.province_code = $2' : 'v.region_code = $2';
    const rows: RemindedAgency[] = await manager.query(
      `SELECT DISTINCT ON (v.agency_id) v.agency_id AS "agencyId", v.snapshot->>'agencyName' AS "agencyName", v.region_code AS "regionCode"
         FROM "nomination"."innovation_view" v
        WHERE v.retired_at IS NULL AND ${area}
          AND NOT EXISTS (SELECT 1 FROM "nomination"."entry" e WHERE e.edition_id = $1 AND e.agency_id = v.agency_id AND e.state NOT IN ('draft', 'withdrawn'))
        ORDER BY v.agency_id, v.projected_at DESC`,
      edition.level === 'national' ? [edition.id] : [edition.id, edition.ownerRegionCode],
    );
    return rows.sort((a, b) => a.regionCode.localeCompare(b.regionCode) || a.agencyName.localeCompare(b.agencyName));
  }
}
