import { userInfo } from 'node:os';
import { HttpException } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ReplayStore, SubscriberOperations, SubscriberStore, type SubscriberView } from '@lumbung/messaging';
import type { CliIo } from './import-command.js';

export const SUBSCRIBER_ACTIONS = ['list', 'add', 'pause', 'resume', 'remove', 'replay'] as const;

export interface SubscribersOptions {
  patterns?: string;
  province?: string;
  webhook?: string;
  from?: string;
  maxBacklog?: string;
  maxAge?: string;
  since?: string;
  replay?: boolean;
}

function describe(s: SubscriberView): string {
  const state = s.state === 'paused' ? `paused (${s.pausedReason}, since ${s.pausedAt}${s.pausedNote ? `: ${s.pausedNote}` : ''})` : 'active';
  const where = s.kind === 'webhook' ? `webhook ${s.url}` : `queue ${s.queue}`;
  const backlog = s.backlog ? `, ${s.backlog.waiting} waiting` : '';
  const replays = s.replays
    .filter((r) => Object.values(r.progress).some((p) => !p.doneAt) || Object.keys(r.progress).length === 0)
    .map((r) => ` replay ${r.reason} since ${r.since}: ${Object.entries(r.progress).map(([svc, p]) => `${svc} ${p.sent}/${p.total}`).join(', ') || 'waiting for a relay'}`);
  return `${s.name}\t${where}\t${s.patterns.join(',')}${s.provinceCode ? ` (province ${s.provinceCode})` : ''}\t${state}${backlog}${replays.join(';')}\n`;
}

/**
 * `subscribers list|add|pause|resume|remove|replay`: the admin API's operations (SubscriberOperations)
 * on the same records in Redis, for an operator at a terminal. Every producer follows within its
 * refresh, as it does for a change made over HTTP. Whoever runs it holds the Redis credentials, so it
 * acts as `cli:<user name>`, like the import.
 */
export async function runSubscribersCommand(action: string, name: string | undefined, options: SubscribersOptions, io: CliIo): Promise<number> {
  if (!(SUBSCRIBER_ACTIONS as readonly string[]).includes(action)) {
    io.err.write(`Unknown action "${action}": one of ${SUBSCRIBER_ACTIONS.join(', ')}\n`);
    return 2;
  }
  if (action !== 'list' && !name) {
    io.err.write(`subscribers ${action} needs the subscriber's name\n`);
    return 2;
  }
  const redisUrl = io.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = io.env.QUEUE_PREFIX ?? 'lumbung';
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const actor = `cli:${userInfo().username}`;
  const ops = new SubscriberOperations(new SubscriberStore(redis, prefix), new ReplayStore(redis, prefix), { allowHttp: io.env.WEBHOOK_ALLOW_HTTP === 'true' });
  try {
    switch (action) {
      case 'list': {
        const all = await ops.list();
        if (all.length === 0) io.out.write('No outside subscribers.\n');
        for (const s of all) io.out.write(describe(s));
        break;
      }
      case 'add': {
        const created = await ops.add(
          {
            name: name!,
            kind: options.webhook ? 'webhook' : 'queue',
            patterns: (options.patterns ?? '').split(',').map((p) => p.trim()).filter(Boolean),
            provinceCode: options.province ?? null,
            url: options.webhook ?? null,
            from: options.from === 'beginning' ? 'beginning' : 'now',
            maxBacklog: options.maxBacklog ? Number(options.maxBacklog) : undefined,
            maxAgeSeconds: options.maxAge ? Number(options.maxAge) : undefined,
          },
          actor,
        );
        io.out.write(describe(created));
        if (created.secret) io.out.write(`Signing secret (shown once, give it to the receiver): ${created.secret}\n`);
        break;
      }
      case 'pause':
        io.out.write(describe(await ops.pause(name!)));
        break;
      case 'resume':
        io.out.write(describe(await ops.resume(name!, options.replay !== false, actor)));
        break;
      case 'remove':
        await ops.remove(name!);
        io.out.write(`Removed ${name}.\n`);
        break;
      case 'replay': {
        const since = options.since ? new Date(options.since) : undefined;
        if (!since || Number.isNaN(since.getTime())) {
          io.err.write('subscribers replay needs --since <time>, e.g. 2026-12-01T00:00:00+07:00\n');
          return 2;
        }
        const replay = await ops.replay(name!, since.toISOString(), null, actor);
        io.out.write(`Replay ${replay.id} queued: every event sent since ${replay.since} goes to ${name} again; follow it with subscribers list\n`);
        break;
      }
    }
    return 0;
  } catch (err) {
    if (err instanceof HttpException) {
      const body = err.getResponse() as { message?: string; errors?: Array<{ field: string; messages: string[] }> };
      const detail = body.errors?.map((e) => `${e.field}: ${e.messages.join('; ')}`).join('\n') ?? body.message ?? err.message;
      io.err.write(`${detail}\n`);
      return 1;
    }
    io.err.write(`${(err as Error).message}\n`);
    return 2;
  } finally {
    redis.disconnect();
  }
}
