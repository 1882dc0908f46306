import { DEFAULT_QUEUE_SETTINGS, INBOX_QUEUES, INBOX_QUEUE_SETTINGS, SERVICE_SUBSCRIPTIONS, type QueueSettings } from './queues.js';
import type { ServiceName } from '../events/event-catalog.js';

export interface Subscription {
  /** The BullMQ queue that receives a copy of each matching event. */
  readonly queue: string;
  readonly patterns: readonly string[];
  readonly settings: QueueSettings;
}

const QUEUE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const PATTERN = /^([a-z]+(-[a-z]+)*|\*)(\.([a-z]+(-[a-z]+)*|\*))?$/;

export function matchesPattern(pattern: string, type: string): boolean {
  if (pattern === '*' || pattern === type) return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return false;
}

/**
 * Parses EVENT_SUBSCRIBERS, which gives outside consumers a queue of their own without a code change:
 * `analytics:innovation.*,nomination.*;exporter:innovation.registered`. Each name becomes the queue
 * `<name>-events`. Throws with a message naming the bad part, so a service refuses to start on it.
 */
export function parseOutsideSubscribers(spec: string | undefined): Subscription[] {
  if (!spec || !spec.trim()) return [];
  return spec
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [name, patternList] = part.split(':', 2).map((s) => s?.trim());
      const queue = `${name}-events`;
      if (!name || !QUEUE_NAME.test(queue)) throw new Error(`EVENT_SUBSCRIBERS: "${name}" is not a valid subscriber name (lowercase letters, digits, dashes)`);
      const patterns = (patternList ?? '').split(',').map((p) => p.trim()).filter(Boolean);
      if (patterns.length === 0) throw new Error(`EVENT_SUBSCRIBERS: subscriber "${name}" lists no event patterns`);
      for (const p of patterns) if (!PATTERN.test(p)) throw new Error(`EVENT_SUBSCRIBERS: "${p}" is not an event pattern such as innovation.* or nomination.submitted`);
      return { queue, patterns, settings: DEFAULT_QUEUE_SETTINGS };
    });
}

/** The services' own inboxes plus the outside subscribers. */
export function buildSubscriptions(outsideSpec?: string): Subscription[] {
  const inboxes = (Object.keys(INBOX_QUEUES) as ServiceName[]).map((service) => ({
    queue: INBOX_QUEUES[service],
    patterns: SERVICE_SUBSCRIPTIONS[service],
    settings: INBOX_QUEUE_SETTINGS[service],
  }));
  return [...inboxes, ...parseOutsideSubscribers(outsideSpec)];
}

export function subscribersOf(type: string, subscriptions: readonly Subscription[]): Subscription[] {
  return subscriptions.filter((s) => s.patterns.some((p) => matchesPattern(p, type)));
}
