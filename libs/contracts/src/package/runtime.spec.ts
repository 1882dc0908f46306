import { eventEnvelope, innovationEvent, innovationSnapshot } from '../../../testing/src/event-builders.js';
import { EVENT_CATALOG, EVENT_TYPES } from '../events/event-catalog.js';
import { matchesPattern as topologyMatches, subscriberQueueName as topologyQueueName } from '../topology/subscriptions.js';
import { DEFAULT_QUEUE_PREFIX, eventTypesMatching, isEventEnvelope, isKnownEvent, matchesPattern, subscriberQueueName } from './runtime.js';
import { EVENTS } from './events.js';

describe("the events package's runtime", () => {
  const patterns = ['*', 'innovation.*', 'nomination.*', 'innovation.registered', 'agency.renamed', 'nomination.submitted', 'replication.*', 'no-such.*'];

  it('matches patterns and names queues as the services do, for every event type', () => {
    for (const pattern of patterns) for (const type of EVENT_TYPES) expect([pattern, type, matchesPattern(pattern, type)]).toEqual([pattern, type, topologyMatches(pattern, type)]);
    for (const name of ['analytics', 'example', 'bi-2']) expect(subscriberQueueName(name)).toBe(topologyQueueName(name));
    expect(eventTypesMatching(['innovation.*'])).toEqual(EVENT_TYPES.filter((t) => t.startsWith('innovation.')));
  });

  it("names the services' default QUEUE_PREFIX", async () => {
    const { ServiceEnv } = await import('../../../platform/src/config/service-env.js');
    expect(new ServiceEnv().QUEUE_PREFIX).toBe(DEFAULT_QUEUE_PREFIX);
  });

  it('lists every event type of the catalogue with its version, producer and schema file', () => {
    expect(Object.keys(EVENTS)).toEqual(EVENT_TYPES);
    expect(EVENTS['innovation.revised']).toEqual({ version: EVENT_CATALOG['innovation.revised'].version, producer: 'registry', summary: EVENT_CATALOG['innovation.revised'].summary, schema: 'schemas/innovation.revised.v1.json' });
  });

  it('tells an event envelope from anything else', () => {
    const event = innovationEvent('innovation.registered', innovationSnapshot());
    expect(isEventEnvelope(event)).toBe(true);
    expect(isEventEnvelope({ ...event, actor: { id: 'a', role: 'region-admin' } })).toBe(true);
    expect(isEventEnvelope(JSON.parse(JSON.stringify({ ...event, causationId: undefined })))).toBe(true);
    for (const bad of [null, [], 'x', { ...event, id: '' }, { ...event, type: 'Innovation' }, { ...event, version: 0 }, { ...event, aggregateVersion: 1.5 }, { ...event, payload: [] }, { ...event, payload: undefined }, { ...event, causationId: 3 }]) {
      expect([bad, isEventEnvelope(bad)]).toEqual([bad, false]);
    }
  });

  it('knows an event only at the version the catalogue has', () => {
    expect(isKnownEvent(eventEnvelope('innovation.revised', 'x', 2, {}))).toBe(true);
    expect(isKnownEvent(eventEnvelope('innovation.revised', 'x', 2, {}, { version: 2 }))).toBe(false);
    expect(isKnownEvent(eventEnvelope('innovation.renamed', 'x', 2, {}))).toBe(false);
    expect(isKnownEvent(eventEnvelope('constructor.x', 'x', 2, {}, { type: 'constructor' }))).toBe(false);
  });
});
