import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue, UnrecoverableError } from 'bullmq';
import { Redis } from 'ioredis';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { deliverWebhook, newSubscriber, SubscriberStore, WebhookDeliverers } from '@lumbung/messaging';
import { expectEventually, sleep, startService, type RunningService } from '@lumbung/testing';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { innovationBody, insertAgency, KUDUS, nationalAdmin, regionAdmin } from '../../apps/registry/test/innovation-test.fixtures.js';

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
  at: number;
}

/** What the receiver answers to its nth request (0-based): a status, and a body to say why. */
type Answer = (n: number) => { status: number; body?: string; headers?: Record<string, string>; delayMs?: number };

/** A webhook receiver of the test's own: node:http on a free port, recording every request as it came. */
class Receiver {
  readonly deliveries: Delivery[] = [];
  private constructor(
    private readonly server: Server,
    public answer: Answer,
  ) {}

  static async start(answer: Answer = () => ({ status: 204 })): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server, answer);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const { status, body, headers, delayMs } = receiver.answer(receiver.deliveries.length);
        receiver.deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status, at: Date.now() });
        setTimeout(() => res.writeHead(status, headers).end(body), delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/lumbung`;
  }

  /** The deliveries of one innovation's events (other tests' subscribers may share the events). */
  of(aggregateId: string): Delivery[] {
    return this.deliveries.filter((d) => (JSON.parse(d.body) as { aggregateId: string }).aggregateId === aggregateId);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/**
 * Webhook subscribers (issue 19): the producers POST each event to an HTTPS endpoint, signed as
 * Standard Webhooks specifies, retried with backoff, dead-lettered after the last try and replayable.
 * The receiver is a real HTTP server started here. Subscribers are written straight to the store, as
 * the admin API and the CLI do, and reach the registry within SUBSCRIBERS_REFRESH_MS.
 */
describe('webhook subscribers', () => {
  let registry: RunningService;
  let redis: Redis;
  let store: SubscriberStore;
  let agency: string;
  const receivers: Receiver[] = [];
  const kudus = regionAdmin(KUDUS);
  const admin = nationalAdmin();

  const receiver = async (answer?: Answer) => {
    const r = await Receiver.start(answer);
    receivers.push(r);
    return r;
  };
  const deliverers = () => registry.app.get(WebhookDeliverers);
  /** A webhook subscriber to innovation.registered, once the registry delivers to it. */
  const subscribe = async (name: string, to: Receiver): Promise<string> => {
    const secret = newSecret();
    expect(await store.create(newSubscriber({ name, kind: 'webhook', patterns: ['innovation.registered'], url: to.url, secret }))).toBe(true);
    await expectEventually(() => expect(deliverers().delivering).toContain(name));
    return secret;
  };
  const register = async (name: string): Promise<string> => {
    const res = await registry.request('POST', '/innovations', { token: kudus, body: innovationBody(KUDUS, agency, { name }) });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const eventIdOf = async (innovationId: string): Promise<string> => {
    const [row] = await registry.app.get(DataSource).query(`SELECT envelope->>'id' AS id FROM registry.outbox WHERE type = 'innovation.registered' AND envelope->>'aggregateId' = $1`, [innovationId]);
    return row.id;
  };
  const deliveryCount = async (subscriber: string, outcome: string): Promise<number> => {
    const metrics = String((await registry.request('GET', '/metrics')).body);
    const line = new RegExp(`^lumbung_webhook_deliveries_total\\{[^}]*subscriber="${subscriber}"[^}]*outcome="${outcome}"[^}]*\\} (\\d+)$`, 'm').exec(metrics);
    return Number(line?.[1] ?? 0);
  };
  const deadLetterOf = async (eventId: string) => {
    const res = await registry.request('GET', '/admin/dead-letters', { token: admin });
    expect(res.status).toBe(200);
    return (res.body as Array<{ id: string; queue: string; eventId: string; error: string; unrecoverable: boolean; attempts: number }>).find((d) => d.eventId === eventId);
  };

  beforeAll(async () => {
    registry = await startService(createRegistryApp, { env: { WEBHOOK_ALLOW_HTTP: 'true', SUBSCRIBERS_REFRESH_MS: '200' } });
    redis = new Redis(registry.redis.url, { maxRetriesPerRequest: 1 });
    store = new SubscriberStore(redis, registry.redis.prefix);
    agency = await insertAgency(registry, KUDUS, 'Dinas Penanaman Modal');
  });
  afterAll(async () => {
    await registry?.close();
    redis?.disconnect();
    for (const r of receivers) await r.close();
  });

  it('delivers each event once, signed as Standard Webhooks, with the event id as webhook-id', async () => {
    const to = await receiver();
    const secret = await subscribe('audit-hook', to);
    const innovation = await register('Inovasi untuk webhook');
    const [delivery] = await expectEventually(() => {
      expect(to.of(innovation)).toHaveLength(1);
      return to.of(innovation);
    });
    const envelope = new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>) as { id: string; type: string; payload: { innovation: { name: string } } };
    expect(envelope).toMatchObject({ type: 'innovation.registered', aggregateId: innovation, payload: { innovation: { name: 'Inovasi untuk webhook' } } });
    expect(delivery.headers).toMatchObject({ 'webhook-id': envelope.id, 'content-type': 'application/json', 'user-agent': 'Lumbung-Webhooks/1' });
    expect(envelope.id).toBe(await eventIdOf(innovation));
    expect(() => new Webhook(newSecret()).verify(delivery.body, delivery.headers as Record<string, string>)).toThrow('No matching signature found');
    await expectEventually(async () => expect(await deliveryCount('audit-hook', 'delivered')).toBe(1));
    await sleep(500);
    expect(to.of(innovation)).toHaveLength(1);
  });

  it('retries a failing receiver with backoff: two 500s, then delivered on the third try, same webhook-id, signed anew each time', async () => {
    const to = await receiver((n) => (n < 2 ? { status: 500, body: 'database restarting' } : { status: 200 }));
    const secret = await subscribe('flaky-hook', to);
    const innovation = await register('Inovasi untuk penerima yang goyah');
    await expectEventually(() => expect(to.of(innovation).map((d) => d.status)).toEqual([500, 500, 200]), 30_000);
    const eventId = await eventIdOf(innovation);
    for (const d of to.of(innovation)) {
      expect(d.headers['webhook-id']).toBe(eventId);
      expect(new Webhook(secret).verify(d.body, d.headers as Record<string, string>)).toMatchObject({ id: eventId });
    }
    // Exponential backoff from WEBHOOK_QUEUE_SETTINGS' 2 s with 50% jitter: at least 1 s, then at least 2 s.
    const [first, second, third] = to.of(innovation).map((d) => d.at);
    expect(second - first).toBeGreaterThanOrEqual(1000);
    expect(third - second).toBeGreaterThanOrEqual(2000);
    await expectEventually(async () => expect([await deliveryCount('flaky-hook', 'retried'), await deliveryCount('flaky-hook', 'delivered')]).toEqual([2, 1]));
    expect(await deadLetterOf(eventId)).toBeUndefined();
  });

  it('dead-letters an event after its last try and delivers it when an operator replays it to the fixed receiver', async () => {
    const to = await receiver(() => ({ status: 503, body: 'under maintenance until Monday' }));
    const secret = await subscribe('down-hook', to);
    const queue = new Queue('down-hook-events', { connection: redis, prefix: registry.redis.prefix });
    try {
      const innovation = await register('Inovasi untuk penerima yang mati');
      const eventId = await eventIdOf(innovation);
      // All ten tries, without the ~17 minutes of backoff between them: each retry is promoted the moment it is scheduled.
      const letter = await expectEventually(
        async () => {
          const job = await queue.getJob(eventId);
          if (job && (await job.isDelayed())) await job.promote().catch(() => undefined);
          const found = await deadLetterOf(eventId);
          expect(found).toBeDefined();
          return found!;
        },
        60_000,
        100,
      );
      expect(letter).toMatchObject({ queue: 'down-hook-events', unrecoverable: false, attempts: 10 });
      expect(letter.error).toBe('the receiver answered 503: under maintenance until Monday');
      expect(to.of(innovation)).toHaveLength(10);
      expect(new Set(to.of(innovation).map((d) => d.headers['webhook-id']))).toEqual(new Set([eventId]));
      expect(await deliveryCount('down-hook', 'retried')).toBe(9);
      expect(await deliveryCount('down-hook', 'dead-lettered')).toBe(1);

      to.answer = () => ({ status: 202 });
      const replayed = await registry.request('POST', `/admin/dead-letters/${letter.id}/replay`, { token: admin, body: {} });
      expect(replayed.status).toBe(201);
      await expectEventually(() => expect(to.of(innovation).map((d) => d.status)).toEqual([...Array(10).fill(503), 202]));
      const last = to.of(innovation)[10];
      expect(new Webhook(secret).verify(last.body, last.headers as Record<string, string>)).toMatchObject({ id: eventId });
      // The replay keeps the webhook's settings, not those of the registry's inbox.
      expect((await queue.getJob(eventId))?.opts).toMatchObject({ attempts: 10, backoff: { delay: 2000 } });
      await expectEventually(async () => expect(await deliveryCount('down-hook', 'delivered')).toBe(1));
      await sleep(500);
      expect(to.of(innovation)).toHaveLength(11);
    } finally {
      await queue.close();
    }
  });

  it('dead-letters at once, without retrying, when the receiver answers 410 Gone', async () => {
    const to = await receiver(() => ({ status: 410 }));
    await subscribe('gone-hook', to);
    const innovation = await register('Inovasi untuk penerima yang pindah');
    const eventId = await eventIdOf(innovation);
    const letter = await expectEventually(async () => {
      const found = await deadLetterOf(eventId);
      expect(found).toBeDefined();
      return found!;
    });
    expect(letter).toMatchObject({ queue: 'gone-hook-events', unrecoverable: true, attempts: 1 });
    expect(letter.error).toContain('410 Gone');
    await sleep(1500);
    expect(to.of(innovation)).toHaveLength(1);
  });

  it('sends nothing more to a paused subscriber: its worker closes and the relay skips its queue', async () => {
    const to = await receiver();
    await subscribe('paused-hook', to);
    const before = await register('Sebelum jeda webhook');
    await expectEventually(() => expect(to.of(before)).toHaveLength(1));

    await store.update('paused-hook', (r) => ({ ...r, state: 'paused', pausedReason: 'operator', pausedAt: new Date().toISOString() }));
    await expectEventually(() => expect(deliverers().delivering).not.toContain('paused-hook'));
    const during = await register('Selama jeda webhook');
    const queue = new Queue('paused-hook-events', { connection: redis, prefix: registry.redis.prefix });
    try {
      await sleep(1000);
      expect(to.of(during)).toEqual([]);
      expect(await queue.getJob(await eventIdOf(during))).toBeUndefined();
      expect(to.deliveries).toHaveLength(1);
    } finally {
      await queue.close();
    }
  });
});

/** The delivery function on its own, against receivers that misbehave in the ways the worker must classify. */
describe('deliverWebhook', () => {
  const secret = newSecret();
  const envelope = { id: '0d6f3c1e-2a4b-4c5d-8e9f-1a2b3c4d5e6f', type: 'innovation.registered' };
  const options = { allowHttp: true, timeoutMs: 2000 };
  const receivers: Receiver[] = [];
  const receiver = async (answer: Answer) => {
    const r = await Receiver.start(answer);
    receivers.push(r);
    return r;
  };
  const failureOf = async (promise: Promise<unknown>): Promise<Error> => {
    try {
      await promise;
    } catch (err) {
      return err as Error;
    }
    throw new Error('expected the delivery to fail');
  };
  afterAll(async () => {
    for (const r of receivers) await r.close();
  });

  it('resolves with the status of a 2xx answer', async () => {
    const to = await receiver(() => ({ status: 202, body: 'queued' }));
    expect(await deliverWebhook({ url: to.url, secret }, envelope, options)).toBe(202);
    expect(to.deliveries).toHaveLength(1);
  });

  it('throws a retryable error naming the status and the start of the answer for a 5xx or a 4xx other than 410', async () => {
    for (const status of [500, 401, 404, 429]) {
      const to = await receiver(() => ({ status, body: `no\n${'x'.repeat(5000)}` }));
      const err = await failureOf(deliverWebhook({ url: to.url, secret }, envelope, options));
      expect(err).not.toBeInstanceOf(UnrecoverableError);
      expect(err.message).toMatch(new RegExp(`^the receiver answered ${status}: no x+$`));
      expect(err.message.length).toBeLessThan(400);
    }
  });

  it('throws an UnrecoverableError for 410 Gone', async () => {
    const to = await receiver(() => ({ status: 410, body: 'endpoint retired' }));
    const err = await failureOf(deliverWebhook({ url: to.url, secret }, envelope, options));
    expect(err).toBeInstanceOf(UnrecoverableError);
    expect(err.message).toContain('endpoint retired');
  });

  it('does not follow a redirect: the signed event never reaches where it points', async () => {
    const elsewhere = await receiver(() => ({ status: 204 }));
    const to = await receiver(() => ({ status: 308, headers: { location: elsewhere.url } }));
    const err = await failureOf(deliverWebhook({ url: to.url, secret }, envelope, options));
    expect(err).not.toBeInstanceOf(UnrecoverableError);
    expect(err.message).toContain(`a redirect to ${elsewhere.url}: not followed`);
    expect(elsewhere.deliveries).toEqual([]);
  });

  it('gives up on a receiver that does not answer within the timeout, to retry later', async () => {
    const to = await receiver(() => ({ status: 204, delayMs: 1500 }));
    const err = await failureOf(deliverWebhook({ url: to.url, secret }, envelope, { allowHttp: true, timeoutMs: 300 }));
    expect(err).not.toBeInstanceOf(UnrecoverableError);
    expect(err.message).toBe('no answer from the receiver within 300 ms');
  });

  it('names the network error when nothing listens', async () => {
    const to = await receiver(() => ({ status: 204 }));
    const url = to.url;
    await to.close();
    receivers.splice(receivers.indexOf(to), 1);
    const err = await failureOf(deliverWebhook({ url, secret }, envelope, options));
    expect(err).not.toBeInstanceOf(UnrecoverableError);
    expect(err.message).toBe('the receiver could not be reached: ECONNREFUSED');
  });

  it('refuses, unrecoverably and without sending, a plain-http url when http is not allowed, and a missing secret', async () => {
    const to = await receiver(() => ({ status: 204 }));
    const http = await failureOf(deliverWebhook({ url: to.url, secret }, envelope, { allowHttp: false, timeoutMs: 2000 }));
    expect(http).toBeInstanceOf(UnrecoverableError);
    expect(http.message).toContain('https only');
    const noSecret = await failureOf(deliverWebhook({ url: to.url, secret: null }, envelope, options));
    expect(noSecret).toBeInstanceOf(UnrecoverableError);
    expect(to.deliveries).toEqual([]);
  });
});
