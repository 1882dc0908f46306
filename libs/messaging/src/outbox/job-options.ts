import type { JobsOptions } from 'bullmq';
import type { EventEnvelope, QueueSettings } from '@lumbung/contracts';

/**
 * The one place job delivery options are decided.
 * - jobId = event id: a re-sent event is a no-op while the job is retained (completed jobs are kept
 *   a week for that reason); after that the consumer's inbox still makes it a no-op.
 * - exponential backoff with jitter, so a failing dependency is not hammered in lockstep.
 * - failed jobs are kept (30 days): the failed set is the dead-letter queue operators look at.
 */
export function jobOptionsFor(envelope: Pick<EventEnvelope, 'id'>, settings: QueueSettings): JobsOptions {
  return {
    jobId: envelope.id,
    attempts: settings.attempts,
    backoff: { type: 'exponential', delay: settings.backoffMs, jitter: 0.5 },
    removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}
