import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource, Repository } from 'typeorm';
import { INBOX_QUEUE_SETTINGS, isEventType, type Role, type ServiceName } from '@lumbung/contracts';
import { FieldValidationException, SERVICE_NAME, type Principal } from '@lumbung/platform';
import { jobOptionsFor } from '../outbox/job-options.js';
import { SubscriberQueues } from '../outbox/subscriber-queues.js';
import { checkPayload } from '../transport/event-contract.js';
import { DeadLetterReplay } from './dead-letter-replay.entity.js';
import { DeadLetter } from './dead-letter.entity.js';

/**
 * Who may replay with a changed payload. A changed payload makes a service act on an event its
 * producer never wrote: a `service` token could otherwise create a registry innovation that no
 * replication request produced, which it may not do over the registry's own API (issue 19).
 */
export const PAYLOAD_CHANGE_ROLES: readonly Role[] = ['national-admin'];

/** The ids in a payload (`id`, `requestId`, `request.id`…), by path: what a changed payload must keep. */
export function identityOf(value: unknown, path = ''): Map<string, unknown> {
  const found = new Map<string, unknown>();
  if (value === null || typeof value !== 'object') return found;
  for (const [key, child] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if ((key === 'id' || key.endsWith('Id')) && (child === null || typeof child !== 'object')) found.set(at, child);
    else for (const [p, v] of identityOf(child, at)) found.set(p, v);
  }
  return found;
}

@Injectable()
export class DeadLetterService {
  constructor(
    @InjectRepository(DeadLetter) private readonly repo: Repository<DeadLetter>,
    private readonly dataSource: DataSource,
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
   * guarantees one effect if the event had in fact been applied. A corrected payload must hold its
   * type's contract (400) and keep every id of the original payload (409); only national admins may
   * send one (403). Type, aggregate and event id always stay the original's. Every replay is audited.
   */
  async replay(id: string, actor: Principal, payloadFix?: Record<string, unknown>): Promise<DeadLetter> {
    if (payloadFix && !PAYLOAD_CHANGE_ROLES.includes(actor.role)) {
      throw new ForbiddenException(`A ${actor.role} may replay a dead letter only unchanged; a changed payload is for ${PAYLOAD_CHANGE_ROLES.join(', ')}`);
    }
    const letter = await this.get(id);
    if (letter.replayedAt && !payloadFix) throw new ConflictException(`Dead letter ${id} was already replayed; send a corrected payload to replay it again`);
    const original = { ...(letter.message as Record<string, unknown>) };
    const message = { ...original };
    if (payloadFix) {
      this.assertSameEvent(letter, original, payloadFix);
      message.payload = payloadFix;
    }
    const queue = this.queues.get(letter.queue);
    const old = await queue.getJob(letter.jobId);
    if (old) await old.remove();
    const settings = this.queues.subscriptions.find((s) => s.queue === letter.queue)?.settings ?? INBOX_QUEUE_SETTINGS[this.service as ServiceName];
    // Under the failed job's own id, removed just above: a job of a redelivering replay
    // (`<event id>-replay-<replay id>`) would otherwise clash with the event's first job, still kept
    // as completed, and the add would silently do nothing.
    await queue.add(String(message.type ?? letter.type ?? 'unknown'), message, jobOptionsFor({ id: letter.jobId }, settings));
    letter.replayedAt = new Date();
    letter.replayCount += 1;
    if (payloadFix) letter.message = message;
    return this.dataSource.transaction(async (manager) => {
      await manager.save(
        manager.create(DeadLetterReplay, { deadLetterId: letter.id, actorSub: actor.sub, actorRole: actor.role, payloadBefore: original.payload ?? null, payloadAfter: payloadFix ?? null }),
      );
      return manager.save(letter);
    });
  }

  /** The replays of a dead letter, oldest first. */
  replays(id: string): Promise<DeadLetterReplay[]> {
    return this.dataSource.getRepository(DeadLetterReplay).find({ where: { deadLetterId: id }, order: { replayedAt: 'ASC' } });
  }

  /** A changed payload stays the same event: a known type, its contract, the original's ids. */
  private assertSameEvent(letter: DeadLetter, original: Record<string, unknown>, payload: Record<string, unknown>): void {
    const type = original.type;
    if (typeof type !== 'string' || !isEventType(type) || typeof original.id !== 'string' || typeof original.aggregateId !== 'string') {
      throw new ConflictException(`Dead letter ${letter.id} is not an event with a known type, id and aggregate; it can only be replayed unchanged`);
    }
    const { errors } = checkPayload(type, payload);
    if (errors.length) {
      throw new FieldValidationException(errors.map((e) => ({ field: e.slice(0, e.indexOf(':')), messages: [`${e.slice(e.indexOf(':') + 2)} (the ${type} contract)`] })));
    }
    const before = identityOf(original.payload);
    const after = identityOf(payload);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((path) => before.get(path) !== after.get(path));
    if (changed.length) {
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        message: 'A corrected payload keeps the identity of the event it corrects',
        errors: changed.map((path) => ({ field: `payload.${path}`, messages: [`must stay ${JSON.stringify(before.get(path) ?? null)}`] })),
      });
    }
  }
}
