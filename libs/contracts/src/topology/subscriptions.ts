import { DEFAULT_QUEUE_SETTINGS, INBOX_QUEUES, INBOX_QUEUE_SETTINGS, SERVICE_SUBSCRIPTIONS, type QueueSettings } from './queues.js';
import type { ServiceName } from '../events/event-catalog.js';

export interface Subscription {
  /** The BullMQ queue that receives a copy of each matching event. */
  readonly queue: string;
  readonly patterns: readonly string[];
  readonly settings: QueueSettings;
  /** Only events naming a region of this province (`33`): see `regionCodesOf`. Absent: every region. */
  readonly provinceCode?: string | null;
}

export const SUBSCRIBER_QUEUE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const EVENT_PATTERN = /^([a-z]+(-[a-z]+)*|\*)(\.([a-z]+(-[a-z]+)*|\*))?$/;

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
export function parseOutsideSubscribers(spec: string | undefined): Array<Subscription & { name: string }> {
  if (!spec || !spec.trim()) return [];
  return spec
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [name, patternList] = part.split(':', 2).map((s) => s?.trim());
      const queue = subscriberQueueName(name ?? '');
      if (!name || !SUBSCRIBER_QUEUE_NAME.test(queue)) throw new Error(`EVENT_SUBSCRIBERS: "${name}" is not a valid subscriber name (lowercase letters, digits, dashes)`);
      const patterns = (patternList ?? '').split(',').map((p) => p.trim()).filter(Boolean);
      if (patterns.length === 0) throw new Error(`EVENT_SUBSCRIBERS: subscriber "${name}" lists no event patterns`);
      for (const p of patterns) if (!EVENT_PATTERN.test(p)) throw new Error(`EVENT_SUBSCRIBERS: "${p}" is not an event pattern such as innovation.* or nomination.submitted`);
      return { name, queue, patterns, settings: DEFAULT_QUEUE_SETTINGS };
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

/** The queue an outside subscriber's events go to; one rule for the environment, the admin API and consumers. */
export function subscriberQueueName(name: string): string {
  return `${name}-events`;
}

/**
 * Every region or province code an event's payload names, at any depth: `regionCode`,
 * `provinceCode` and any `…RegionCode` (`originRegionCode`, `adopterRegionCode`). Events carry the
 * regions they concern under these names by convention, which is what a province filter reads.
 */
export function regionCodesOf(payload: unknown, depth = 0): string[] {
  if (payload === null || typeof payload !== 'object' || depth > 4) return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(payload)) {
    if (typeof value === 'string' && (key === 'regionCode' || key === 'provinceCode' || key.endsWith('RegionCode'))) found.push(value);
    else if (value !== null && typeof value === 'object') found.push(...regionCodesOf(value, depth + 1));
  }
  return found;
}

/**
 * Whether a subscription receives an event. A province filter keeps the events that name a region
 * of that province (`33` keeps `33` and `33.19`); an event that names no region at all (a national
 * edition's phase) is not the province's, so a filtered subscriber does not get it.
 */
export function receives(subscription: Subscription, type: string, payload?: unknown): boolean {
  if (!subscription.patterns.some((p) => matchesPattern(p, type))) return false;
  const province = subscription.provinceCode;
  if (!province) return true;
  return regionCodesOf(payload).some((code) => code === province || code.startsWith(`${province}.`));
}

export function subscribersOf(type: string, subscriptions: readonly Subscription[], payload?: unknown): Subscription[] {
  return subscriptions.filter((s) => receives(s, type, payload));
}
