import { EVENTS, type EventEnvelope, type EventType, type LumbungEvent } from './events.js';

/*
 * The runtime of the events package (`@lumbung/events`): what a consumer needs besides the types and
 * schemas, in a few lines without dependencies. It is compiled on its own into the package
 * (events-package.ts), so it may import nothing but `./events.js`, which is there both in this
 * repository (derived from the contracts) and in the package (generated). Every exported function
 * has its return type written out: the package's declarations are emitted from this file alone.
 *
 * matchesPattern and subscriberQueueName repeat libs/contracts/src/topology/subscriptions.ts (the
 * services' side cannot import this file's siblings without pulling class-validator into the
 * package); runtime.spec.ts checks that both give the same answers for every event type.
 */

/** The QUEUE_PREFIX the services use when none is set: BullMQ keys are `<prefix>:<queue>:…`. */
export const DEFAULT_QUEUE_PREFIX = 'lumbung';

/**
 * The queue an outside subscriber reads: `analytics` → `analytics-events`. The same rule as the
 * services' EVENT_SUBSCRIBERS and admin API; queue names are a public contract and never change.
 */
export function subscriberQueueName(name: string): string {
  return `${name}-events`;
}

/** Whether a subscription pattern (`innovation.*`, `*`, `nomination.submitted`) takes an event type. */
export function matchesPattern(pattern: string, type: string): boolean {
  if (pattern === '*' || pattern === type) return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return false;
}

/** The event types this package knows that any of the patterns takes. */
export function eventTypesMatching(patterns: readonly string[]): EventType[] {
  return (Object.keys(EVENTS) as EventType[]).filter((type) => patterns.some((p) => matchesPattern(p, type)));
}

const TYPE = /^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*$/;
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isPositiveInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1;
const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Whether a job's data is a Lumbung event envelope: the fields every event has, with their types.
 * The payload is only checked to be an object: producers check every event against its contract
 * before it is written, and schemas/<type>.v<N>.json lets a consumer check it again with any JSON
 * Schema validator. Anything else is not an event (a job someone else put on the queue).
 */
export function isEventEnvelope(value: unknown): value is EventEnvelope {
  if (!isObject(value)) return false;
  const e = value as Record<string, unknown>;
  return (
    isText(e.id) &&
    typeof e.type === 'string' &&
    TYPE.test(e.type) &&
    isPositiveInt(e.version) &&
    isText(e.occurredAt) &&
    isText(e.producer) &&
    isText(e.correlationId) &&
    (e.causationId === undefined || e.causationId === null || typeof e.causationId === 'string') &&
    isText(e.aggregateId) &&
    isPositiveInt(e.aggregateVersion) &&
    (e.actor === undefined || e.actor === null || isObject(e.actor)) &&
    isObject(e.payload)
  );
}

/**
 * Whether this package describes the event: its type is in the catalogue at exactly this version.
 * An unknown type is one added after this package was built (upgrade to read it); a known type at
 * another version is a newer (or retired) contract whose payload these types do not describe.
 */
export function isKnownEvent(event: EventEnvelope): event is LumbungEvent {
  return Object.prototype.hasOwnProperty.call(EVENTS, event.type) && EVENTS[event.type as EventType].version === event.version;
}
