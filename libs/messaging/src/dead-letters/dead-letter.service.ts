import { Injectable, NotFoundException, ConflictException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { Repository } from 'typeorm';
import { INBOX_QUEUE_SETTINGS, type ServiceName } from '@lumbung/contracts';
import { Inject } from '@nestjs/common';
import { SERVICE_NAME } from '@lumbung/platform';
import { jobOptionsFor } from '../outbox/job-options.js';
import { SubscriberQueues } from '../outbox/subscriber-queues.js';
import { DeadLetter } from './dead-letter.entity.js';

@Injectable()
export class DeadLetterService {
  constructor(
    @InjectRepository(DeadLetter) private readonly repo: Repository<DeadLetter>,
    private readonly queues: SubscriberQueues,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  async record(queue: string, job: Job, error: Error, unrecoverable: boolean): Promise<DeadLetter> {
    const data = job.data as Record<string, unknown> | undefined;
    return this.repo.save(
      this.repo.create({
        queue,
        jobId: String(job.id),
        eventId: typeof data?.id === 'string' ? data.id : null,
        type: typeof data?.type === 'string' ? data.type : job.name,
        message: job.data ?? null,
        error: error.message.slice(0, 4000),
        unrecoverable,
        attempts: job.attemptsMade,
      }),
    );
  }

  list(status: 'open' | 'replayed' | 'all' = 'open', limit = 100): Promise<DeadLetter[]> {
    const qb = this.repo.createQueryBuilder('d').orderBy('d.failedAt', 'DESC').limit(limit);
    if (status === 'open') qb.where('d.replayedAt IS NULL');
    if (status === 'replayed') qb.where('d.replayedAt IS NOT NULL');
    return qb.getMany();
  }

  async get(id: string): Promise<DeadLetter> {
    const letter = await this.repo.findOneBy({ id });
    if (!letter) throw new NotFoundException(`No dead letter ${id}`);
    return letter;
  }

  /**
   * Puts the message back on its queue, optionally with a corrected payload. The failed job is
   * removed first so the same job id (the event id) can be used again; the consumer's inbox still
   * guarantees one effect if the event had in fact been applied.
   */
  async replay(id: string, payloadFix?: Record<string, unknown>): Promise<DeadLetter> {
    const letter = await this.get(id);
    if (letter.replayedAt && !payloadFix) throw new ConflictException(`Dead letter ${id} was already replayed; send a corrected payload to replay it again`);
    const message = { ...(letter.message as Record<string, unknown>) };
    if (payloadFix) message.payload = payloadFix;
    const queue = this.queues.get(letter.queue);
    const old = await queue.getJob(letter.jobId);
    if (old) await old.remove();
    const settings = INBOX_QUEUE_SETTINGS[this.service as ServiceName];
    const eventId = typeof message.id === 'string' ? message.id : letter.jobId;
    await queue.add(String(message.type ?? letter.type ?? 'unknown'), message, jobOptionsFor({ id: eventId }, settings));
    letter.replayedAt = new Date();
    letter.replayCount += 1;
    if (payloadFix) letter.message = message;
    return this.repo.save(letter);
  }
}
