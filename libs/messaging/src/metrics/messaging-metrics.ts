import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MetricsService, SERVICE_NAME } from '@lumbung/platform';
import { ServiceQueues } from './service-queues.js';

/**
 * Fills the messaging gauges when Prometheus scrapes: queue depth per queue and state, the outbox
 * backlog and the age of its oldest row, open dead letters. Reading at scrape time costs one
 * query and one Redis round trip per queue per scrape, and the values are never older than it.
 *
 * A queue that cannot be read (Redis away) has its depth series removed rather than left at old
 * values, so a dashboard shows a gap. The table gauges carry no labels, and prom-client would
 * report a reset one as 0, a healthy-looking lie, so they keep their last value while PostgreSQL is
 * away (the readiness probe reports that). Either way the scrape itself succeeds.
 */
@Injectable()
export class MessagingMetrics implements OnModuleInit {
  private readonly logger = new Logger('MessagingMetrics');

  constructor(
    private readonly metrics: MetricsService,
    private readonly queues: ServiceQueues,
    private readonly dataSource: DataSource,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  onModuleInit(): void {
    this.metrics.readOnScrape(() => this.readQueues());
    this.metrics.readOnScrape(() => this.readTables());
  }

  private async readQueues(): Promise<void> {
    const results = await this.queues.depths();
    this.metrics.queueDepth.reset();
    results.forEach((result, i) => {
      if (result.status === 'rejected') {
        this.logger.warn(`queue depth of ${this.queues.subscriptions[i].queue} unreadable: ${(result.reason as Error).message}`);
        return;
      }
      for (const [state, count] of Object.entries(result.value.counts)) this.metrics.queueDepth.set({ queue: result.value.queue, state }, count);
    });
  }

  private async readTables(): Promise<void> {
    try {
      // Both predicates match the partial indexes of the messaging tables (unsent rows, open letters).
      const [row] = await this.dataSource.query(
        `SELECT (SELECT count(*) FROM "${this.service}"."outbox" WHERE sent_at IS NULL)::int AS backlog,
                (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM "${this.service}"."outbox" WHERE sent_at IS NULL)::float AS age,
                (SELECT count(*) FROM "${this.service}"."dead_letter" WHERE replayed_at IS NULL)::int AS open`,
      );
      this.metrics.outboxBacklog.set(row.backlog);
      this.metrics.outboxOldestAge.set(row.age);
      this.metrics.deadLettersOpen.set(row.open);
    } catch (err) {
      this.logger.warn(`outbox and dead-letter gauges unreadable: ${(err as Error).message}`);
    }
  }
}
