import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { SERVICE_NAME } from '../config/service-name.js';

/** Reads a current value (a queue's depth, a table's backlog) into gauges; it handles its own errors. */
export type ScrapeReader = () => Promise<void>;

/**
 * One registry per service instance (not prom-client's global one), so several services can run
 * in one process, as they do in the tests and the benchmark. Every metric of a service is declared
 * here, so docs/operations.md has one list to follow.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly readers: ScrapeReader[] = [];
  private reading?: Promise<void>;

  readonly httpDuration = new Histogram({
    name: 'lumbung_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly eventsPublished = new Counter({ name: 'lumbung_events_published_total', help: 'Event jobs added to subscriber queues by the relay', labelNames: ['type', 'queue'] as const, registers: [this.registry] });
  readonly outboxPruned = new Counter({ name: 'lumbung_outbox_pruned_total', help: 'Sent outbox rows removed by the retention job (OUTBOX_RETENTION_DAYS)', registers: [this.registry] });
  readonly eventsHandled = new Counter({ name: 'lumbung_events_handled_total', help: 'Events handled by this service', labelNames: ['type', 'outcome'] as const, registers: [this.registry] });
  readonly eventsFailed = new Counter({ name: 'lumbung_events_failed_total', help: 'Event handling attempts that failed', labelNames: ['type', 'final'] as const, registers: [this.registry] });
  readonly eventsRetried = new Counter({ name: 'lumbung_events_retried_total', help: 'Failed handling attempts that BullMQ will try again after a backoff', labelNames: ['type'] as const, registers: [this.registry] });
  readonly eventsDeadLettered = new Counter({
    name: 'lumbung_events_dead_lettered_total',
    help: 'Events given up on: unrecoverable (invalid against the contract) or failing on their last attempt',
    labelNames: ['type', 'reason'] as const,
    registers: [this.registry],
  });

  // The gauges below are read when Prometheus scrapes (prom-client calls `collect` then), so they
  // are as fresh as the scrape and cost nothing between scrapes.
  readonly outboxBacklog = new Gauge({ name: 'lumbung_outbox_backlog', help: 'Outbox rows not yet sent', registers: [this.registry], collect: () => this.readAll() });
  readonly outboxOldestAge = new Gauge({ name: 'lumbung_outbox_oldest_age_seconds', help: 'Age of the oldest unsent outbox row', registers: [this.registry], collect: () => this.readAll() });
  readonly deadLettersOpen = new Gauge({ name: 'lumbung_dead_letters_open', help: 'Dead letters recorded by this service and not yet replayed', registers: [this.registry], collect: () => this.readAll() });
  readonly queueDepth = new Gauge({
    name: 'lumbung_queue_depth',
    help: "Jobs in a queue by state: this service's inbox and the subscriber queues it publishes to",
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
    collect: () => this.readAll(),
  });

  readonly subscriberPaused = new Gauge({
    name: 'lumbung_subscriber_paused',
    help: 'An outside subscriber that receives no events now: 1 paused by an operator (reason=operator) or past its backlog bound (reason=backlog)',
    labelNames: ['subscriber', 'reason'] as const,
    registers: [this.registry],
  });
  readonly eventsReplayed = new Counter({ name: 'lumbung_events_replayed_total', help: 'Events a replay or backfill sent from the outbox history', labelNames: ['subscriber'] as const, registers: [this.registry] });
  readonly webhookDeliveries = new Counter({
    name: 'lumbung_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome (delivered, retried, dead-lettered)',
    labelNames: ['subscriber', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor(@Inject(SERVICE_NAME) service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }

  /** Registers a reader that runs at each scrape, before the gauges it sets are written out. */
  readOnScrape(reader: ScrapeReader): void {
    this.readers.push(reader);
  }

  /**
   * prom-client collects every metric of a scrape at once, so the gauges above all call this in
   * the same tick: they share one run of the readers instead of each starting its own.
   */
  private readAll(): Promise<void> {
    this.reading ??= Promise.allSettled(this.readers.map((read) => read())).then(() => {
      this.reading = undefined;
    });
    return this.reading;
  }
}
