import { DEFAULT_QUEUE_SETTINGS, EVENT_PATTERN, parseOutsideSubscribers, SUBSCRIBER_QUEUE_NAME, subscriberQueueName, type QueueSettings, type Subscription } from '@lumbung/contracts';

/**
 * An outside consumer of Lumbung's events, kept as data (in Redis, beside the queues) so an operator
 * can add, pause, resume and remove one without restarting anything. Every producer reads the list
 * every SUBSCRIBERS_REFRESH_MS.
 */
export interface SubscriberRecord {
  /** Lowercase letters, digits and dashes; its queue is `<name>-events`. */
  name: string;
  /** `queue`: a BullMQ queue the consumer reads. `webhook`: the producers POST each event to `url`, signed. */
  kind: 'queue' | 'webhook';
  patterns: string[];
  /** Only events naming a region of this province (`33`); null for every region. */
  provinceCode: string | null;
  /** The webhook's HTTPS endpoint; null for a queue. */
  url: string | null;
  /** The webhook's signing secret (`whsec_…`, Standard Webhooks); null for a queue. Never shown after creation. */
  secret: string | null;
  state: 'active' | 'paused';
  /** `operator`: paused by hand. `backlog`: past its bound, paused by a producer so nobody stalls. */
  pausedReason: 'operator' | 'backlog' | null;
  /** When delivery stopped: a resume replays every event sent since then. */
  pausedAt: string | null;
  /** Why, in words, for the operator (the backlog it had). */
  pausedNote: string | null;
  /** The bound: events waiting in its queue. */
  maxBacklog: number;
  /** The bound: age in seconds of the oldest event waiting. */
  maxAgeSeconds: number;
  /** `env`: seeded from EVENT_SUBSCRIBERS. `operator`: added through the admin API or the CLI. */
  source: 'env' | 'operator';
  createdAt: string;
  updatedAt: string;
}

/** The bounds a subscriber gets when none is given: a day of a busy registry, or a day of waiting. */
export const DEFAULT_MAX_BACKLOG = 100_000;
export const DEFAULT_MAX_AGE_SECONDS = 24 * 3600;

export const PROVINCE_CODE = /^\d{2}$/;

/** A webhook retries more slowly than a queue: the receiver is someone else's server, often restarting. */
export const WEBHOOK_QUEUE_SETTINGS: QueueSettings = { attempts: 10, backoffMs: 2_000, concurrency: 4 };

export function subscriptionOf(record: SubscriberRecord): Subscription {
  return {
    queue: subscriberQueueName(record.name),
    patterns: record.patterns,
    settings: record.kind === 'webhook' ? WEBHOOK_QUEUE_SETTINGS : DEFAULT_QUEUE_SETTINGS,
    provinceCode: record.provinceCode,
  };
}

/** EVENT_SUBSCRIBERS as records, to seed the store with (the environment's parser stays the one rule). */
export function seededSubscribers(spec: string | undefined, now = new Date()): SubscriberRecord[] {
  return parseOutsideSubscribers(spec).map((sub) => ({
    ...newSubscriber({ name: sub.name, kind: 'queue', patterns: [...sub.patterns] }, now),
    source: 'env' as const,
  }));
}

export interface NewSubscriber {
  name: string;
  kind: 'queue' | 'webhook';
  patterns: string[];
  provinceCode?: string | null;
  url?: string | null;
  secret?: string | null;
  maxBacklog?: number;
  maxAgeSeconds?: number;
}

export function newSubscriber(input: NewSubscriber, now = new Date()): SubscriberRecord {
  return {
    name: input.name,
    kind: input.kind,
    patterns: input.patterns,
    provinceCode: input.provinceCode ?? null,
    url: input.url ?? null,
    secret: input.secret ?? null,
    state: 'active',
    pausedReason: null,
    pausedAt: null,
    pausedNote: null,
    maxBacklog: input.maxBacklog ?? DEFAULT_MAX_BACKLOG,
    maxAgeSeconds: input.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS,
    source: 'operator',
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

/**
 * What is wrong with a subscriber, by field, in the API's wording; empty when it can be stored. The
 * admin API's DTO checks shapes; this checks what the DTO cannot: the name is free for a queue of
 * its own (not a service's inbox), patterns are event patterns, a webhook has an HTTPS url.
 * `allowHttp` lets a test's local receiver (and a development set-up) take plain http.
 */
export function subscriberProblems(input: NewSubscriber, options: { allowHttp?: boolean } = {}): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  if (!SUBSCRIBER_QUEUE_NAME.test(subscriberQueueName(input.name)) || input.name.endsWith('-inbox')) {
    problems.push({ field: 'name', message: 'must be lowercase letters, digits and dashes, at most 55 characters' });
  }
  if (input.patterns.length === 0) problems.push({ field: 'patterns', message: 'must list at least one event pattern' });
  for (const [i, p] of input.patterns.entries()) {
    if (!EVENT_PATTERN.test(p)) problems.push({ field: `patterns.${i}`, message: `"${p}" is not an event pattern such as innovation.* or nomination.submitted` });
  }
  if (input.provinceCode != null && !PROVINCE_CODE.test(input.provinceCode)) problems.push({ field: 'provinceCode', message: 'must be a province code of two digits, such as 33' });
  if (input.kind === 'webhook') {
    let url: URL | undefined;
    try {
      url = new URL(input.url ?? '');
    } catch {
      url = undefined;
    }
    const allowed = options.allowHttp ? ['https:', 'http:'] : ['https:'];
    if (!url || !allowed.includes(url.protocol)) problems.push({ field: 'url', message: options.allowHttp ? 'must be an http(s) URL' : 'must be an https URL' });
  } else if (input.url) {
    problems.push({ field: 'url', message: 'only a webhook subscriber has a url' });
  }
  return problems;
}

/** The record as the API shows it: the secret is never shown again after creation. */
export function publicSubscriber(record: SubscriberRecord): Omit<SubscriberRecord, 'secret'> & { queue: string } {
  const { secret: _secret, ...rest } = record;
  return { ...rest, queue: subscriberQueueName(record.name) };
}
