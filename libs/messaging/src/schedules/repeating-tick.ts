import type { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type { RedisConnections } from '../redis/redis-connections.js';

export interface RepeatingTickOptions {
  /** The queue, a public contract within the deployment: renaming it strands the scheduler registered under the old name. */
  queue: string;
  schedulerId: string;
  jobName: string;
  everyMs: number;
  /** Off: the schedule is removed from Redis, so a replica turned off does not keep it ticking for the others. */
  enabled: boolean;
  redis: RedisConnections;
  prefix: string;
  logger: Logger;
  /** What a tick does; answers how many things it did, logged when some. */
  run: () => Promise<number>;
  /** Words for the log line of a tick that did something. */
  didWhat: string;
}

/**
 * One repeatable tick with BullMQ's job scheduler: every replica upserts it under the same id (one
 * schedule, not one per replica) and runs a worker taking ticks. What a tick does must be safe to
 * run twice at once; the reminders are, by their reminder_sent row. Answers a closer for shutdown.
 */
export async function startRepeatingTick(o: RepeatingTickOptions): Promise<() => Promise<void>> {
  const queue = new Queue(o.queue, { connection: o.redis.worker(), prefix: o.prefix });
  if (!o.enabled) {
    await queue.removeJobScheduler(o.schedulerId);
    return () => queue.close();
  }
  await queue.upsertJobScheduler(o.schedulerId, { every: o.everyMs }, { name: o.jobName, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  const worker = new Worker(
    o.queue,
    async () => {
      const done = await o.run();
      if (done) o.logger.log({ msg: o.didWhat, count: done });
      return done;
    },
    { connection: o.redis.worker(), prefix: o.prefix, concurrency: 1 },
  );
  worker.on('failed', (_job, err) => o.logger.warn(`${o.jobName} failed, the next tick retries: ${err.message}`));
  worker.on('error', (err) => o.logger.warn(`${o.jobName} worker: ${err.message}`));
  return async () => {
    await worker.close();
    await queue.close();
  };
}
