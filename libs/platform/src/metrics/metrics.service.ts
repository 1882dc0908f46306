import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { SERVICE_NAME } from '../config/service-name.js';

/**
 * One registry per service instance (not prom-client's global one), so several services can run
 * in one process, as they do in the tests and the benchmark.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'lumbung_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly eventsPublished = new Counter({ name: 'lumbung_events_published_total', help: 'Event jobs added to subscriber queues by the relay', labelNames: ['type', 'queue'] as const, registers: [this.registry] });
  readonly eventsHandled = new Counter({ name: 'lumbung_events_handled_total', help: 'Events handled by this service', labelNames: ['type', 'outcome'] as const, registers: [this.registry] });
  readonly eventsFailed = new Counter({ name: 'lumbung_events_failed_total', help: 'Event handling attempts that failed', labelNames: ['type', 'final'] as const, registers: [this.registry] });
  readonly outboxBacklog = new Gauge({ name: 'lumbung_outbox_backlog', help: 'Outbox rows not yet sent', registers: [this.registry] });
  readonly outboxOldestAge = new Gauge({ name: 'lumbung_outbox_oldest_age_seconds', help: 'Age of the oldest unsent outbox row', registers: [this.registry] });
  readonly queueDepth = new Gauge({ name: 'lumbung_queue_depth', help: 'Jobs waiting in a queue', labelNames: ['queue', 'state'] as const, registers: [this.registry] });

  constructor(@Inject(SERVICE_NAME) service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }
}
