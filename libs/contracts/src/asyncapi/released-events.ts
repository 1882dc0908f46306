import { EventEnvelope } from '../events/event-envelope.js';
import { EVENT_CATALOG, EVENT_TYPES } from '../events/event-catalog.js';
import { breakingChanges, dereference } from './event-compatibility.js';
import { SchemaCollector, type JsonSchema } from './json-schema.js';

/** Where the schema of every published event version is kept, from the repository root. */
export const RELEASED_EVENTS_FILE = 'docs/events-released.json';

/** The envelope and each `type@vN` of the catalog, as self-contained JSON Schemas. */
export function currentEventSchemas(): Record<string, JsonSchema> {
  const collector = new SchemaCollector();
  const refs: Record<string, JsonSchema> = { envelope: collector.refTo(EventEnvelope) };
  for (const type of EVENT_TYPES) refs[`${type}@v${EVENT_CATALOG[type].version}`] = collector.refTo(EVENT_CATALOG[type].payload);
  return Object.fromEntries(Object.entries(refs).map(([key, ref]) => [key, dereference(ref, collector.schemas)]));
}

/**
 * The released schemas after this change: a new event or version is recorded, a compatible change
 * replaces its version's record (so the next change is checked against it), and a breaking one is
 * listed instead. A version no longer in the catalog keeps its record: it was published.
 */
export function nextReleases(released: Record<string, JsonSchema>, current = currentEventSchemas()): { releases: Record<string, JsonSchema>; breaking: string[] } {
  const breaking: string[] = [];
  for (const [key, schema] of Object.entries(current)) {
    if (released[key]) breaking.push(...breakingChanges(released[key], schema, key));
  }
  const releases = { ...released, ...current };
  return { releases: Object.fromEntries(Object.keys(releases).sort().map((k) => [k, releases[k]])), breaking };
}
