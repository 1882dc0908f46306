import { Parser } from '@asyncapi/parser';
import { startService, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';

describe('GET /asyncapi.json', () => {
  let registry: RunningService;
  beforeAll(async () => {
    registry = await startService(createRegistryApp, { env: { EVENT_SUBSCRIBERS: 'analytics:innovation.*' } });
  });
  afterAll(() => registry?.close());

  it("is public, valid, and documents the service's own topology with its outside subscribers", async () => {
    const res = await registry.request('GET', '/asyncapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.channels).sort()).toEqual(['analytics-events', 'nomination-inbox', 'registry-inbox', 'replication-inbox']);
    const { diagnostics } = await new Parser().parse(JSON.stringify(res.body));
    expect(diagnostics.filter((d) => d.severity <= 1).map((d) => d.message)).toEqual([]);
  });
});
