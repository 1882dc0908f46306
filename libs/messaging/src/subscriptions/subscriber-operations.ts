import { randomBytes } from 'node:crypto';
import { ConflictException, NotFoundException } from '@nestjs/common';
import { FieldValidationException } from '@lumbung/platform';
import type { Backlog } from './backlog-guard.js';
import type { ReplayProgress, ReplayRecord, ReplayStore } from './replay-store.js';
import { newSubscriber, publicSubscriber, subscriberProblems, type NewSubscriber, type SubscriberRecord } from './subscriber.js';
import type { SubscriberStore } from './subscriber-store.js';

/** "Everything so far": a backfill's start. */
export const BEGINNING = new Date(0).toISOString();

/**
 * A resume replays from a little before the pause: the pause was stamped by one process's clock and
 * the history by PostgreSQL's, and a relay may have sent a batch on its old view of the list. An
 * event the subscriber already has is not added twice while its job is kept (the job id is the
 * event id), and the consumer dedupes by event id after that.
 */
export const RESUME_OVERLAP_MS = 60_000;

export type SubscriberView = ReturnType<typeof publicSubscriber> & { backlog?: Backlog; replays: ReplayView[] };
export type ReplayView = ReplayRecord & { progress: Record<string, ReplayProgress> };

/**
 * What an operator does to subscribers, shared by the admin API (every service serves it) and the
 * CLI: both change the same records in Redis, and every producer follows within its refresh.
 * Illegal state changes are 409s, bad input a 400 naming the field.
 */
export class SubscriberOperations {
  constructor(
    private readonly subscribers: SubscriberStore,
    private readonly replays: ReplayStore,
    private readonly options: { allowHttp: boolean; backlogOf?: (name: string) => Promise<Backlog> },
  ) {}

  async list(): Promise<SubscriberView[]> {
    const records = await this.subscribers.list();
    return Promise.all(records.map((r) => this.view(r)));
  }

  async get(name: string): Promise<SubscriberView> {
    return this.view(await this.find(name));
  }

  /**
   * Adds a subscriber; `from: 'beginning'` also backfills every event still in the outbox history.
   * A webhook's signing secret is made here and shown in this answer only.
   */
  async add(input: NewSubscriber & { from?: 'now' | 'beginning' }, actor: string): Promise<SubscriberView & { secret: string | null }> {
    const problems = subscriberProblems(input, { allowHttp: this.options.allowHttp });
    if (problems.length) throw new FieldValidationException(problems.map((p) => ({ field: p.field, messages: [p.message], code: 'field.invalid' })));
    const secret = input.kind === 'webhook' ? `whsec_${randomBytes(24).toString('base64')}` : null;
    const record = newSubscriber({ ...input, secret });
    if (!(await this.subscribers.create(record))) throw new ConflictException(`A subscriber named ${input.name} exists; remove it first or choose another name`);
    // From now means from its creation: the producers' relays learn of it within their refresh, and a
    // catch-up from the moment it was made sends what they committed meanwhile (job id = event id, so
    // an event a relay did send is not added twice).
    const since = input.from === 'beginning' ? BEGINNING : record.createdAt;
    await this.replays.create({ subscriber: record.name, since, afterEventId: null, redeliver: false, requestedBy: actor, reason: input.from === 'beginning' ? 'backfill' : 'catch-up' });
    return { ...(await this.view(record)), secret };
  }

  async pause(name: string): Promise<SubscriberView> {
    const current = await this.find(name);
    if (current.state === 'paused') throw new ConflictException(`Subscriber ${name} is already paused (${current.pausedReason}, since ${current.pausedAt})`);
    const stored = await this.subscribers.update(name, (r) =>
      r.state === 'active' ? { ...r, state: 'paused', pausedReason: 'operator', pausedAt: new Date().toISOString(), pausedNote: 'paused by an operator' } : undefined,
    );
    if (!stored) throw new ConflictException(`Subscriber ${name} was paused meanwhile`);
    return this.view(stored);
  }

  /** Delivers again; with `replay` (the default) first sends every event since the pause, so nothing is lost. */
  async resume(name: string, replay: boolean, actor: string): Promise<SubscriberView> {
    const current = await this.find(name);
    if (current.state === 'active') throw new ConflictException(`Subscriber ${name} is not paused`);
    const stored = await this.subscribers.update(name, (r) => (r.state === 'paused' ? { ...r, state: 'active', pausedReason: null, pausedAt: null, pausedNote: null } : undefined));
    if (!stored) throw new ConflictException(`Subscriber ${name} was resumed meanwhile`);
    if (replay && current.pausedAt) {
      // Never before the subscriber existed: what came earlier was never its to miss (a backfill is for that).
      const since = new Date(Math.max(new Date(current.pausedAt).getTime() - RESUME_OVERLAP_MS, new Date(current.createdAt).getTime())).toISOString();
      await this.replays.create({ subscriber: name, since, afterEventId: null, redeliver: false, requestedBy: actor, reason: 'resume' });
    }
    return this.view(stored);
  }

  /** Removes a subscriber and its replays. Its queue keeps the jobs already in it until an operator empties it (the board). */
  async remove(name: string): Promise<void> {
    await this.find(name);
    await this.subscribers.remove(name);
    await this.replays.removeOf(name);
  }

  /** Sends the subscriber every event since `since` again (see ReplayRecord.redeliver). */
  async replay(name: string, since: string, afterEventId: string | null, actor: string): Promise<ReplayView> {
    await this.find(name);
    const record = await this.replays.create({ subscriber: name, since, afterEventId, redeliver: true, requestedBy: actor, reason: 'operator' });
    return { ...record, progress: {} };
  }

  private async find(name: string): Promise<SubscriberRecord> {
    const record = await this.subscribers.get(name);
    if (!record) throw new NotFoundException(`No subscriber ${name}`);
    return record;
  }

  private async view(record: SubscriberRecord): Promise<SubscriberView> {
    const replays = await this.replays.list(record.name);
    const backlog = await this.options.backlogOf?.(record.name).catch(() => undefined);
    return {
      ...publicSubscriber(record),
      ...(backlog ? { backlog } : {}),
      replays: await Promise.all(replays.map(async (r) => ({ ...r, progress: await this.replays.progress(r.id) }))),
    };
  }
}
