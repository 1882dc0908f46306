import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { buildSubscriptions, type Subscription } from '@lumbung/contracts';
import { ServiceEnv } from '@lumbung/platform';
import { RedisConnections } from '../redis/redis-connections.js';

/** BullMQ Queue handles for every subscriber queue (the services' inboxes and outside subscribers). */
@Injectable()
export class SubscriberQueues implements OnApplicationShutdown {
  readonly subscriptions: Subscription[];
  private readonly queues = new Map<string, Queue>();
  private connection?: ReturnType<RedisConnections['producer']>;

  constructor(
    private readonly env: ServiceEnv,
    private readonly redis: RedisConnections,
  ) {
    this.subscriptions = buildSubscriptions(env.EVENT_SUBSCRIBERS);
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
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
