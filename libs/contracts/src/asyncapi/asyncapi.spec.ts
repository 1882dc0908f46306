import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { EVENT_CATALOG, EVENT_TYPES } from '../events/event-catalog.js';
import { buildSubscriptions } from '../topology/subscriptions.js';
import { ASYNCAPI_FILE, asyncApiYaml } from './asyncapi-yaml.js';
import { buildAsyncApiDocument } from './asyncapi.js';

describe('AsyncAPI document of the events', () => {
  const committed = readFileSync(resolve(process.cwd(), ASYNCAPI_FILE), 'utf8');

  it('is what the contracts generate today (run `npm run docs:asyncapi` after changing a contract or the topology)', () => {
    expect(committed).toEqual(asyncApiYaml());
  });

  it('parses and validates with @asyncapi/parser without errors or warnings', async () => {
    const { document, diagnostics } = await new Parser().parse(committed);
    // Severity 0 is an error, 1 a warning; 2 and 3 are information and hints.
    expect(diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document).toBeDefined();

    const messages = document!.components().messages().all().map((m) => m.id());
    expect(messages.sort()).toEqual([...EVENT_TYPES].sort());
    const channels = document!.channels().all().map((c) => c.address());
    expect(channels.sort()).toEqual(buildSubscriptions().map((s) => s.queue).sort());
  });

  it("gives each message the JSON Schema of its envelope and payload, read from the contract's validators", async () => {
    const doc = buildAsyncApiDocument() as { components: { schemas: Record<string, any>; messages: Record<string, any> } };
    const { schemas, messages } = doc.components;
    for (const type of EVENT_TYPES) expect(schemas[EVENT_CATALOG[type].payload.name]).toBeDefined();
    expect(messages['replication.completed'].payload.allOf[1].properties.type).toEqual({ const: 'replication.completed' });

    expect(schemas.EventEnvelope.required).toEqual(expect.arrayContaining(['id', 'type', 'version', 'occurredAt', 'aggregateVersion', 'payload']));
    expect(schemas.EventEnvelope.properties.causationId.type).toEqual(['string', 'null']);
    const snapshot = schemas.InnovationSnapshot;
    expect(snapshot.properties.id).toMatchObject({ type: 'string', format: 'uuid' });
    expect(snapshot.properties.version).toMatchObject({ type: 'integer', minimum: 1 });
    expect(snapshot.properties.regionCode.pattern).toBe('^\\d{2}(\\.\\d{2})?$');
    expect(snapshot.properties.stage.enum).toContain('penerapan');
    expect(snapshot.properties.evidence).toMatchObject({ type: 'array', items: { $ref: '#/components/schemas/EvidenceLink' } });
    expect(snapshot.required).not.toContain('problem');
  });

  it('documents the queues of outside subscribers a service is configured with', () => {
    const doc = buildAsyncApiDocument({ subscriptions: buildSubscriptions('analytics:innovation.*') }) as { channels: Record<string, any> };
    expect(Object.keys(doc.channels['analytics-events'].messages).sort()).toEqual(EVENT_TYPES.filter((t) => t.startsWith('innovation.')).sort());
  });
});
