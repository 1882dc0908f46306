import { EventCollector, expectEventually, startService, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../src/registry.app.js';
import { innovationBody, insertAgency, KUDUS, regionAdmin } from './innovation-test.fixtures.js';

// One image, two processes: ROLE=http serves the API, ROLE=worker relays and consumes. Together
// they do what one ROLE=all process does.
describe('registry split into an HTTP process and a worker process', () => {
  let http: RunningService;
  let worker: RunningService;
  let subscriber: EventCollector;

  beforeAll(async () => {
    worker = await startService(createRegistryApp, { env: { ROLE: 'worker', EVENT_SUBSCRIBERS: 'watcher:innovation.*' } });
    http = await startService(createRegistryApp, { db: worker.db, redis: worker.redis, env: { ROLE: 'http', EVENT_SUBSCRIBERS: 'watcher:innovation.*' } });
    subscriber = new EventCollector('watcher-events', worker.redis.url, worker.redis.prefix);
  });
  afterAll(async () => {
    await subscriber?.close();
    await http?.close();
    await worker?.close();
  });

  it('the HTTP process writes, the worker process relays the event to subscribers', async () => {
    const agencyId = await insertAgency(http, KUDUS, 'Dinas Penanaman Modal dan PTSP');
    const created = await http.request('POST', '/innovations', { token: regionAdmin(KUDUS), body: innovationBody(KUDUS, agencyId) });
    expect(created.status).toBe(201);
    await expectEventually(() => expect(subscriber.ofType('innovation.registered').map((e) => e.aggregateId)).toEqual([created.body.id]));
  });

  it('the HTTP process reports no worker; the worker process reports one', async () => {
    const [httpReady, workerReady] = await Promise.all([http.request('GET', '/health/ready'), worker.request('GET', '/health/ready')]);
    expect(httpReady.status).toBe(200);
    expect(workerReady.status).toBe(200);
    expect(workerReady.body.info.worker.status).toBe('up');
  });

  it('the worker process answers probes, metrics and admin routes, and refuses the API with 404', async () => {
    expect((await worker.request('GET', '/health/live')).status).toBe(200);
    expect((await worker.request('GET', '/metrics')).status).toBe(200);
    expect((await worker.request('GET', '/admin/dead-letters')).status).toBe(401);
    const api = await worker.request('GET', '/innovations', { token: regionAdmin(KUDUS) });
    expect(api.status).toBe(404);
    expect(api.body.message).toMatch(/ROLE=worker/);
  });
});
