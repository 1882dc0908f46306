import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { EventEnvelope } from '@lumbung/contracts';

/**
 * An outside subscriber as another team would write it: a plain BullMQ Worker on the queue that
 * EVENT_SUBSCRIBERS gave it, recording every job it receives, in order.
 */
export class EventCollector {
  readonly received: EventEnvelope[] = [];
  readonly jobIds: string[] = [];
  private readonly worker: Worker;
  private readonly connection: Redis;

  constructor(queue: string, redisUrl: string, prefix: string) {
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.worker = new Worker(
      queue,
      async (job: Job<EventEnvelope>) => {
        this.received.push(job.data);
        this.jobIds.push(String(job.id));
      },
      { connection: this.connection, prefix, concurrency: 1 },
    );
  }

  ofType(type: string): EventEnvelope[] {
    return this.received.filter((e) => e.type === type);
  }

  async close(): Promise<void> {
    await this.worker.close();
    this.connection.disconnect();
  }
}
