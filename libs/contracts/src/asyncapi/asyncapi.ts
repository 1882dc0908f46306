import { EventEnvelope } from '../events/event-envelope.js';
import { EVENT_CATALOG, EVENT_TYPES, type EventType, type ServiceName } from '../events/event-catalog.js';
import { INBOX_QUEUES } from '../topology/queues.js';
import { buildSubscriptions, matchesPattern, type Subscription } from '../topology/subscriptions.js';
import { SchemaCollector, type JsonSchema } from './json-schema.js';

export const ASYNCAPI_VERSION = '3.0.0';

export interface AsyncApiOptions {
  /** The queues to document; by default the services' inboxes (no outside subscribers). */
  subscriptions?: readonly Subscription[];
  /** The version of the document (info.version). */
  version?: string;
}

const consumerOf = (queue: string) =>
  ((service) => (service ? `the ${service} service` : `the outside subscriber "${queue.replace(/-events$/, '')}"`))(
    (Object.keys(INBOX_QUEUES) as ServiceName[]).find((s) => INBOX_QUEUES[s] === queue),
  );

/**
 * The AsyncAPI document of Lumbung's events, built from the contracts themselves: one channel per
 * BullMQ queue of the topology, one message per EVENT_CATALOG type with the JSON Schema of its
 * envelope and payload classes. A service serves it for its own topology (with its outside
 * subscribers) at GET /asyncapi.json; docs/asyncapi.yaml is the one with the inboxes only.
 */
export function buildAsyncApiDocument(options: AsyncApiOptions = {}): Record<string, unknown> {
  const subscriptions = options.subscriptions ?? buildSubscriptions();
  const schemas = new SchemaCollector();
  const envelopeRef = schemas.refTo(EventEnvelope);

  const messages: Record<string, JsonSchema> = {};
  for (const type of EVENT_TYPES) {
    const contract = EVENT_CATALOG[type];
    messages[type] = {
      name: type,
      title: type,
      summary: contract.summary,
      contentType: 'application/json',
      correlationId: { location: '$message.payload#/correlationId', description: 'Follows a story from the HTTP request through every event it causes' },
      payload: {
        allOf: [
          envelopeRef,
          {
            type: 'object',
            properties: {
              type: { const: type },
              version: { const: contract.version },
              producer: { const: contract.producer },
              payload: schemas.refTo(contract.payload),
            },
          },
        ],
      },
      'x-producer': contract.producer,
      'x-version': contract.version,
    };
  }

  const channels: Record<string, JsonSchema> = {};
  const operations: Record<string, JsonSchema> = {};
  for (const sub of subscriptions) {
    const types = EVENT_TYPES.filter((type) => sub.patterns.some((p) => matchesPattern(p, type)));
    channels[sub.queue] = {
      address: sub.queue,
      title: sub.queue,
      description:
        `BullMQ queue read by ${consumerOf(sub.queue)}; it receives ${sub.patterns.join(', ')}${sub.provinceCode ? ` naming a region of province ${sub.provinceCode}` : ''}. ` +
        `One job per event, named by its type, with the event id as job id. Failed attempts are retried ` +
        `${sub.settings.attempts - 1} times with exponential backoff from ${sub.settings.backoffMs} ms.`,
      messages: Object.fromEntries(types.map((type) => [type, { $ref: `#/components/messages/${type}` }])),
    };
    const channelMessages = (list: EventType[]) => list.map((type) => ({ $ref: `#/channels/${sub.queue}/messages/${type}` }));
    operations[`${sub.queue}.receive`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${sub.queue}` },
      summary: `${consumerOf(sub.queue)} handles the events of ${sub.queue}`,
      messages: channelMessages(types),
    };
    for (const producer of Object.keys(INBOX_QUEUES) as ServiceName[]) {
      const sent = types.filter((type) => EVENT_CATALOG[type].producer === producer);
      if (!sent.length) continue;
      operations[`${producer}.send.${sub.queue}`] = {
        action: 'send',
        channel: { $ref: `#/channels/${sub.queue}` },
        summary: `The ${producer} relay publishes to ${sub.queue} from its outbox`,
        messages: channelMessages(sent),
      };
    }
  }

  return {
    asyncapi: ASYNCAPI_VERSION,
    info: {
      title: 'Lumbung events',
      version: options.version ?? '1',
      description: [
        'The events of the registry, replication and nomination services, generated from libs/contracts.',
        '',
        'Each event travels in one envelope (`EventEnvelope`) whose `payload` follows the contract of its `type` and `version`.',
        'A producer writes events to its outbox in the transaction of the change; its relay adds one BullMQ job per subscriber queue.',
        'Every producer checks each event against its contract before the change commits, in every environment, so a',
        'consumer never receives an event that breaks the schema below; texts and lists carry the bounds (`maxLength`,',
        '`maxItems`) every Lumbung consumer can store, so the largest event a producer may publish is always applied.',
        'Delivery is at least once: consumers dedupe by event id, and order by `aggregateVersion` (queues may reorder).',
        'Each event of an aggregate has a version of its own, strictly increasing: a consumer may skip any version it has',
        'already applied. A dead letter replayed with a corrected payload (national admins only, audited) is still the',
        'same event: same id, type, aggregate and ids in its payload.',
        'Event type strings and queue names are a public contract: they are never renamed.',
        'An outside consumer gets a queue `<name>-events` of its own (or signed HTTPS deliveries, a webhook): an operator adds,',
        'pauses, resumes and removes it at run time (GET/POST /admin/subscribers on any service, or `npm run cli -- subscribers`),',
        'the EVENT_SUBSCRIBERS setting seeds them, and a replay sends it every event since a time from the outbox history.',
      ].join('\n'),
    },
    defaultContentType: 'application/json',
    servers: {
      redis: { host: 'localhost:6379', protocol: 'redis', description: 'The Redis that BullMQ runs on (REDIS_URL); keys are prefixed with QUEUE_PREFIX' },
    },
    channels,
    operations,
    components: { messages, schemas: schemas.schemas },
  };
}
