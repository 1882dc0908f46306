import { EVENT_CATALOG, EVENT_TYPES as CATALOG_TYPES, type EventType as CatalogEventType, type PayloadOf, type ServiceName } from '../events/event-catalog.js';
import type { EventEnvelope as EnvelopeClass } from '../events/event-envelope.js';

/*
 * The events package's `events` module, as the repository sees it. In the package (`@lumbung/events`,
 * built by events-package.ts) this module is generated: `events.d.ts` from the JSON Schemas the
 * package ships and `events.js` from EVENTS below. Here it is derived from the contract classes, so
 * runtime.ts, which imports it, is type-checked and unit-tested against the same names it meets in
 * the package. The two must export the same names: events-package.ts writes exactly these.
 */

export type EventType = CatalogEventType;

/** What the package tells a consumer of each event type, at the version producers publish today. */
export interface EventInfo {
  readonly version: number;
  readonly producer: ServiceName;
  readonly summary: string;
  /** The JSON Schema of the whole job data (envelope and payload), inside the package. */
  readonly schema: string;
}

/** `schemas/innovation.registered.v1.json`: one file per published version, whole event (envelope and payload). */
export function schemaFileOf(type: string, version: number): string {
  return `schemas/${type}.v${version}.json`;
}

export const EVENTS: Readonly<Record<EventType, EventInfo>> = Object.freeze(
  Object.fromEntries(
    CATALOG_TYPES.map((type) => {
      const { version, producer, summary } = EVENT_CATALOG[type];
      return [type, Object.freeze({ version, producer, summary, schema: schemaFileOf(type, version) })];
    }),
  ) as Record<EventType, EventInfo>,
);

export const EVENT_TYPES: readonly EventType[] = Object.freeze([...CATALOG_TYPES]);

/** Any event as it arrives on a queue, its payload not yet told apart by type. */
export type EventEnvelope = EnvelopeClass<object>;

/** One event type, its version, producer and payload bound together. */
export type EventOf<T extends EventType> = T extends EventType
  ? Omit<EventEnvelope, 'type' | 'version' | 'producer' | 'payload'> & {
      type: T;
      version: (typeof EVENT_CATALOG)[T]['version'];
      producer: (typeof EVENT_CATALOG)[T]['producer'];
      payload: PayloadOf<T>;
    }
  : never;

/** Every event this package knows, as a union a `switch (event.type)` narrows. */
export type LumbungEvent = EventOf<EventType>;
