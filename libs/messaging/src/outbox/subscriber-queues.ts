import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { buildSubscriptions, type Subscription } from '@lumbung/contracts';
import { ServiceEnv } from '@lumbung/platform';
import { RedisConnections } from '../redis/redis-connections.js';
import { seededSubscribers, subscriptionOf, type SubscriberRecord } from '../subscriptions/subscriber.js';
import { SubscriberStore } from '../subscriptions/subscriber-store.js';

/**
 * BullMQ Queue handles for every subscriber queue: the services' inboxes (fixed, in the contracts)
 * and the outside subscribers (data, in the SubscriberStore). The outside list is read again every
 * SUBSCRIBERS_REFRESH_MS, so a subscriber an operator adds, pauses or removes on any service reaches
 * every producer within that time, with no restart.
 */
@Injectable()
export class SubscriberQueues implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Subscribers');
  private readonly inboxes: Subscription[] = buildSubscriptions();
  private readonly queues = new Map<string, Queue>();
  private connection?: ReturnType<RedisConnections['producer']>;
  private storeConnection_?: ReturnType<RedisConnections['probe']>;
  private storeHandle?: SubscriberStore;
  private outside: SubscriberRecord[];
  private delivering_: Subscription[] = [];
  private shown: Subscription[] = [];
  private lastJson = '';
  private seeded = false;
  private failures = 0;
  private timer?: NodeJS.Timeout;
  private readonly listeners: Array<(records: readonly SubscriberRecord[]) => void> = [];
  /** Goes up with every change of the outside list, for caches built from it (the AsyncAPI document). */
  version = 0;

  constructor(
    private readonly env: ServiceEnv,
    private readonly redis: RedisConnections,
  ) {
    // Until the store answers (Redis may be down at boot), the environment's subscribers are the list:
    // what this process delivered to before subscribers were data.
    this.outside = seededSubscribers(env.EVENT_SUBSCRIBERS);
    this.rebuild();
  }

  /** The connection of the subscriber and replay stores: it waits for Redis at boot (the producer's fails fast while still connecting). */
  get storeConnection(): ReturnType<RedisConnections['probe']> {
    this.storeConnection_ ??= this.redis.probe();
    return this.storeConnection_;
  }

  get store(): SubscriberStore {
    this.storeHandle ??= new SubscriberStore(this.storeConnection, this.env.QUEUE_PREFIX);
    return this.storeHandle;
  }

  /** Every queue this process knows, paused subscribers included: what operators see and metrics count. */
  get subscriptions(): Subscription[] {
    return this.shown;
  }

  /** The queues the relay sends to now: the inboxes and the active outside subscribers. */
  get delivering(): Subscription[] {
    return this.delivering_;
  }

  /** The outside subscribers as last read, paused ones included. */
  get records(): readonly SubscriberRecord[] {
    return this.outside;
  }

  /** Called with the new list whenever it changes (the webhook deliverers follow it). */
  onChange(listener: (records: readonly SubscriberRecord[]) => void): void {
    this.listeners.push(listener);
    listener(this.outside);
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.env.SUBSCRIBERS_REFRESH_MS).unref();
  }

  /** Reads the store; on failure keeps the last list (delivery goes on as it was) and tries again later. */
  async refresh(): Promise<void> {
    try {
      if (!this.seeded) {
        await this.store.seed(seededSubscribers(this.env.EVENT_SUBSCRIBERS));
        this.seeded = true;
      }
      const records = await this.store.list();
      if (this.failures > 0) this.logger.log(`subscriber list readable again after ${this.failures} failed reads`);
      this.failures = 0;
      const json = JSON.stringify(records);
      if (json === this.lastJson) return;
      this.lastJson = json;
      this.outside = records;
      this.rebuild();
      this.version++;
      for (const listener of this.listeners) listener(records);
    } catch (err) {
      // Once, then every thirtieth try: Redis away is already logged by its connections and readiness.
      if (this.failures++ % 30 === 0) this.logger.warn(`subscriber list unreadable, keeping the last one: ${(err as Error).message}`);
    }
  }

  private rebuild(): void {
    this.shown = [...this.inboxes, ...this.outside.map(subscriptionOf)];
    this.delivering_ = [...this.inboxes, ...this.outside.filter((r) => r.state === 'active').map(subscriptionOf)];
  }

  get(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      this.connection ??= this.redis.producer();
      queue = new Queue(name, { connection: this.connection, prefix: this.env.QUEUE_PREFIX });
      queue.on('error', () => undefined); // connection errors are logged once by RedisConnections
      this.queues.set(name, queue);
    }
    return queue;
  }

  all(): Queue[] {
    return this.subscriptions.map((s) => this.get(s.queue));
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
