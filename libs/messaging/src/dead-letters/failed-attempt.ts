import { UnrecoverableError, type Job } from 'bullmq';

/**
 * What a failed attempt means for its job, for the workers that record dead letters: `final` when
 * BullMQ will not run it again, because the error said no retry can help or the attempts are spent.
 * Matched by name too, so an UnrecoverableError from another copy of bullmq (a dependency's own) counts.
 */
export function failedAttempt(job: Job, err: Error): { final: boolean; unrecoverable: boolean } {
  const unrecoverable = err instanceof UnrecoverableError || err.name === 'UnrecoverableError';
  return { unrecoverable, final: unrecoverable || job.attemptsMade >= (job.opts.attempts ?? 1) };
}
