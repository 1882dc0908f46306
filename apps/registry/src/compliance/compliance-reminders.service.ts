import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxService, RedisConnections, startRepeatingTick } from '@lumbung/messaging';
import { claimReminder, reminderAggregateId, ServiceEnv, type CommandContext, type ReminderKey } from '@lumbung/platform';
import { RegionCatalog } from '../regions/region-catalog.service.js';
import type { RegistryEnv } from '../registry.env.js';
import { complianceReminderDue, currentYear, endOfYear } from './compliance-counts.js';
import { ComplianceService } from './compliance.service.js';

/**
 * WARNING: a queue name is a public contract within the deployment: renaming it strands the job
 * scheduler registered under the old name. DO NOT CHANGE WITHOUT A MIGRATION PLAN.
 */
export const REMINDER_QUEUE = 'registry-reminders';
const SCHEDULER_ID = 'compliance-tick';
const KIND = 'compliance.reminder';
const REMINDERS: CommandContext = { actor: { sub: 'compliance-reminders', role: 'service' }, correlationId: 'compliance-reminders' };

/**
 * compliance.reminder: from COMPLIANCE_REMINDER_FROM each year, every region whose agencies are not
 * all covered by an innovation registered that year is reminded, once per region and year
 * (claimReminder in the event's transaction), whatever the number of replicas ticking on the BullMQ
 * job scheduler, and across restarts.
 */
@Injectable()
export class ComplianceReminders implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ComplianceReminders');
  private stop?: () => Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly compliance: ComplianceService,
    private readonly regions: RegionCatalog,
    private readonly redis: RedisConnections,
    private readonly env: ServiceEnv,
  ) {}

  private get registryEnv(): RegistryEnv {
    return this.env as RegistryEnv;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.WORKER_ENABLED) return;
    this.stop = await startRepeatingTick({
      queue: REMINDER_QUEUE,
      schedulerId: SCHEDULER_ID,
      jobName: 'send-compliance-reminders',
      everyMs: this.registryEnv.REMINDER_TICK_MS ?? 3_600_000,
      enabled: this.env.REMINDERS_ENABLED,
      redis: this.redis,
      prefix: this.env.QUEUE_PREFIX,
      logger: this.logger,
      run: () => this.sendDue(),
      didWhat: 'compliance reminders published',
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop?.();
  }

  /** Publishes the reminders due at `now`; answers how many this call sent. */
  async sendDue(now: Date = new Date()): Promise<number> {
    if (!complianceReminderDue(now, this.registryEnv.COMPLIANCE_REMINDER_FROM ?? '10-01')) return 0;
    const year = currentYear(now);
    const regionCodes: { region_code: string }[] = await this.dataSource.query(
      `SELECT DISTINCT region_code FROM "registry"."agency" WHERE retired_at IS NULL OR retired_at >= $1 ORDER BY region_code`,
      [endOfYear(year)],
    );
    let sent = 0;
    for (const { region_code: code } of regionCodes) {
      const region = this.regions.get(code);
      if (!region) continue;
      const report = await this.compliance.ofRegency(region, year);
      if (report.nonCompliant.length === 0) continue;
      const key: ReminderKey = { kind: KIND, subject: code, deadline: String(year) };
      const published = await this.dataSource.transaction(async (manager) => {
        if (!(await claimReminder(manager, 'registry', key))) return false;
        await this.outbox.append(manager, REMINDERS, [
          {
            type: KIND,
            aggregateId: reminderAggregateId(key),
            aggregateVersion: 1,
            payload: {
              regionCode: code,
              regionName: region.name,
              year,
              agencies: report.agencies,
              withoutInnovation: report.nonCompliant.map((a) => ({ agencyId: a.id, agencyName: a.name })),
            },
          },
        ]);
        return true;
      });
      if (published) sent += 1;
    }
    return sent;
  }
}
