import { startService, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../src/registry.app.js';

describe('registry boot', () => {
  let registry: RunningService;
  beforeAll(async () => {
    registry = await startService(createRegistryApp);
  });
  afterAll(() => registry?.close());

  it('is live and ready once the database, Redis and its worker are up', async () => {
    expect((await registry.request('GET', '/health/live')).status).toBe(200);
    const ready = await registry.request('GET', '/health/ready');
    expect(ready.body.error ?? {}).toEqual({});
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.info)).toEqual(expect.arrayContaining(['database', 'redis', 'worker']));
  });

  it('publishes its OpenAPI document and Prometheus metrics without a token', async () => {
    const docs = await registry.request('GET', '/docs-json');
    expect(docs.status).toBe(200);
    expect(docs.body.openapi).toMatch(/^3\./);
    const metrics = await registry.request('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('lumbung_http_request_duration_seconds');
  });

  it('answers 401 without a token on an admin route', async () => {
    expect((await registry.request('GET', '/admin/dead-letters')).status).toBe(401);
  });
});
