import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DEFAULT_QUEUE_SETTINGS } from '@lumbung/contracts';
import { jobOptionsFor, REPLAY_BATCH } from '@lumbung/messaging';
import { benchToken } from './bench-env.js';
import { BenchScratch, CONNECTIONS, ChildServers, DURATION_S, REDIS_URL, ROUNDS, WARMUP_S, benchLog, call, intOf, load, machineLine, runBench, serverVersions, waitFor, withPg, writeResults } from './bench-kit.js';
import type { ServerCommand, ServersReady } from './bench-servers.js';
import { formatTable, medianRound, type Comparison, type Measurement } from './bench-table.js';
import { sampleRecord } from './raw-baselines.js';

/**
 * `npm run bench:stream` (part of `npm run bench`): the event stream's three measures, each beside
 * a baseline taken in the same run.
 * - (r) The relay on a backlog of STREAM_EVENTS unsent events (issue 20: at least 70% of raw addBulk
 *   of the same jobs to the same queues, in the relay's batch size).
 * - (f) A backfill of the same events, from the outbox history, to a subscriber added with
 *   from=beginning (issue 19), beside raw addBulk of the same jobs to one queue in the replay's
 *   batch size; then checked: each event once, and every aggregate's events in version order.
 * - (w) POST /innovations with a subscriber nobody reads, paused at its bound, beside the same with
 *   no outside subscriber (issue 19: within 10%), the relay running in both.
 */
const EVENTS = intOf('BENCH_STREAM_EVENTS', 100_000);
const VERSIONS_PER_AGGREGATE = 5;
const RELAY_BATCH_SIZE = 200;
const DEAD_BOUND = intOf('BENCH_STREAM_DEAD_BOUND', 1000);
const log = benchLog('stream');

async function main(): Promise<void> {
  const scratch = await BenchScratch.create('stream');
  const { prefix, databaseUrl: url } = scratch;
  let servers: ChildServers<ServersReady, ServerCommand> | undefined;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const versions = await serverVersions();
    servers = await ChildServers.start<ServersReady, ServerCommand>(
      'bench-servers.js',
      'the servers',
      scratch.serviceEnv({
        DATABASE_POOL_SIZE: String(CONNECTIONS),
        RELAY_BATCH_SIZE: String(RELAY_BATCH_SIZE),
        SUBSCRIBERS_REFRESH_MS: '200',
        SUBSCRIBER_CHECK_MS: '500',
        // The backfill is timed at full speed; the bound exists for live traffic, measured apart.
        REPLAY_RATE_PER_SECOND: '1000000',
      }),
    );
    const { registryUrl } = servers.ready;
    const admin = benchToken({ sub: 'bench', role: 'national-admin' });
    const comparisons: Comparison[] = [];
    const envelope = (id: string, aggregateId: string, version: number) => ({
      id,
      type: 'innovation.registered',
      version: 1,
      occurredAt: new Date().toISOString(),
      producer: 'registry',
      correlationId: id,
      causationId: null,
      aggregateId,
      aggregateVersion: version,
      actor: { id: 'bench', role: 'national-admin' },
      payload: { innovation: { ...sampleRecord(), id: aggregateId, regionCode: '33.19', provinceCode: '33' } },
    });

    // The history: EVENTS events of EVENTS/5 aggregates, five versions each, written by SQL in commit
    // order (an aggregate's versions in order, aggregates interleaved), unsent so (r) can send them.
    log(`loading ${EVENTS} outbox rows`);
    const template = envelope('00000000-0000-4000-8000-000000000000', '00000000-0000-4000-8000-000000000000', 1);
    await withPg(url, (c) =>
      c.query(
        `INSERT INTO registry.outbox (id, type, envelope)
         SELECT e.id, 'innovation.registered',
                $1::jsonb || jsonb_build_object('id', e.id, 'correlationId', e.id, 'aggregateId', e.agg, 'aggregateVersion', e.v)
                  || jsonb_build_object('payload', jsonb_build_object('innovation', ($1::jsonb->'payload'->'innovation') || jsonb_build_object('id', e.agg)))
           FROM (SELECT gen_random_uuid() AS id, g AS n,
                        (md5('agg' || (g % ($2::int / ${VERSIONS_PER_AGGREGATE})))::uuid) AS agg,
                        (g / ($2::int / ${VERSIONS_PER_AGGREGATE})) + 1 AS v
                   FROM generate_series(0, $2::int - 1) g) e
          ORDER BY e.n`,
        [JSON.stringify(template), EVENTS],
      ),
    );

    // (r) The relay sends the backlog to the inboxes that take innovation.registered.
    const inboxes = ['replication-inbox', 'nomination-inbox'];
    log(`(r) the relay on a backlog of ${EVENTS} events`);
    const relayStarted = performance.now();
    await servers.command({ type: 'relay', action: 'start' });
    await withPg(url, (c) => waitFor(async () => (await c.query(`SELECT 1 FROM registry.outbox WHERE sent_at IS NULL LIMIT 1`)).rowCount === 0, '(r) the backlog to be sent', { timeoutMs: 900_000, pollMs: 20 }));
    const relayMs = performance.now() - relayStarted;
    await servers.command({ type: 'relay', action: 'stop' });
    const relayed: Measurement = { opsPerSec: EVENTS / (relayMs / 1000), count: EVENTS, errors: 0, totalMs: relayMs };
    log(`(r) raw addBulk of the same jobs to ${inboxes.length} queues in batches of ${RELAY_BATCH_SIZE}`);
    const rawRelay = await rawAddBulk(redis, prefix, EVENTS, RELAY_BATCH_SIZE, inboxes.length, envelope);
    comparisons.push({ label: `(r) relay, backlog of ${EVENTS}`, subject: relayed, baselineLabel: `raw addBulk to ${inboxes.length} queues`, baseline: rawRelay, aim: 0.7, ratios: [] });

    // (f) A new subscriber asks for everything so far.
    log(`(f) backfill of ${EVENTS} events to a new subscriber`);
    await call(`${registryUrl}/admin/subscribers`, admin, 'POST', { name: 'late', patterns: ['innovation.*'], from: 'beginning', maxBacklog: EVENTS * 2 });
    const backfillStarted = performance.now();
    await servers.command({ type: 'replays' });
    const backfillMs = performance.now() - backfillStarted;
    const late = new Queue('late-events', { connection: redis, prefix });
    const delivered = await late.getJobCountByTypes('waiting', 'prioritized', 'delayed');
    if (delivered !== EVENTS) throw new Error(`(f) the subscriber got ${delivered} of ${EVENTS} events`);
    const order = await checkOrder(late, EVENTS);
    await late.obliterate({ force: true });
    const backfilled: Measurement = { opsPerSec: EVENTS / (backfillMs / 1000), count: EVENTS, errors: 0, totalMs: backfillMs };
    log(`(f) raw addBulk of the same jobs to one queue in batches of ${REPLAY_BATCH}`);
    const rawBackfill = await rawAddBulk(redis, prefix, EVENTS, REPLAY_BATCH, 1, envelope);
    comparisons.push({ label: `(f) backfill of ${EVENTS}`, subject: backfilled, baselineLabel: 'raw addBulk to 1 queue', baseline: rawBackfill, ratios: [] });

    // (w) Writes with a dead subscriber, paused at its bound, beside writes with none.
    const agency = await call(`${registryUrl}/agencies`, admin, 'POST', { regionCode: '33.19', name: 'Dinas Kesehatan' });
    const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
    const body = JSON.stringify({ ...sampleRecord(), regionCode: '33.19', agencyId: agency.id });
    const post = (duration: number) => load({ url: `${registryUrl}/innovations`, method: 'POST', headers, body, duration });
    await servers.command({ type: 'relay', action: 'start' });
    const withDead = async (duration: number) => {
      await call(`${registryUrl}/admin/subscribers`, admin, 'POST', { name: 'dead', patterns: ['innovation.*'], maxBacklog: DEAD_BOUND });
      try {
        return await post(duration);
      } finally {
        const removed = await fetch(`${registryUrl}/admin/subscribers/dead`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } });
        if (removed.status !== 204) throw new Error(`(w) removing the dead subscriber answered ${removed.status}`);
      }
    };
    log(`(w) POST /innovations with a subscriber nobody reads (bound ${DEAD_BOUND}) and with none: ${ROUNDS} rounds of ${DURATION_S} s`);
    await withDead(WARMUP_S);
    await post(WARMUP_S);
    const pairs: { subject: Measurement; baseline: Measurement }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) {
        const s = await withDead(DURATION_S);
        pairs.push({ subject: s, baseline: await post(DURATION_S) });
      } else {
        const b = await post(DURATION_S);
        pairs.push({ subject: await withDead(DURATION_S), baseline: b });
      }
    }
    const deadQueue = new Queue('dead-events', { connection: redis, prefix });
    const deadBacklog = await deadQueue.getJobCountByTypes('waiting');
    comparisons.push({ label: '(w) POST /innovations, a dead subscriber', ...medianRound(pairs), baselineLabel: 'the same, no outside subscriber', aim: 0.9 });

    console.log(
      [
        '',
        `Lumbung stream bench: ${machineLine(versions)}; ${EVENTS} events (${EVENTS / VERSIONS_PER_AGGREGATE} aggregates × ${VERSIONS_PER_AGGREGATE} versions); (w): ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION_S} s`,
        '',
        formatTable(comparisons),
        '',
        `(r) events/s from the relay's start until no outbox row is unsent; each event goes to ${inboxes.join(' and ')}. The baseline adds`,
        `    the same jobs (job id = event id, the same options) to ${inboxes.length} queues in batches of ${RELAY_BATCH_SIZE}, with no database.`,
        '(f) events/s of EventReplays.runPending from start to end (reading the history in batches of ' + `${REPLAY_BATCH}, adding each batch, saving progress),`,
        `    REPLAY_RATE_PER_SECOND lifted for the measure. Checked: ${order.events} events, ${order.unique} distinct, ${order.aggregates} aggregates, ${order.outOfOrder} out of version order.`,
        `(w) the dead subscriber is added before each of its rounds and removed after; it is paused once its queue holds ${DEAD_BOUND}`,
        `    (SUBSCRIBER_CHECK_MS 500 here). Its queue held ${deadBacklog} events at the end: the bound, plus what came before the pause.`,
        'Ratios are the result: absolute numbers move with whatever else the machine runs.',
      ].join('\n'),
    );
    const file = writeResults('stream-bench', { ...versions, events: EVENTS, connections: CONNECTIONS, rounds: ROUNDS, durationS: DURATION_S, order }, comparisons);
    log(`results written to ${file}`);
    await deadQueue.close();
    await late.close();
  } finally {
    await servers?.close().catch((err: Error) => log(`closing the servers: ${err.message}`));
    redis.disconnect();
    await scratch.drop(log);
  }
}

/** The baseline: `count` envelopes added to `queues` queues in batches of `batchSize`, as one relay batch adds them. */
async function rawAddBulk(
  redis: Redis,
  prefix: string,
  count: number,
  batchSize: number,
  queues: number,
  envelope: (id: string, aggregateId: string, version: number) => object,
): Promise<Measurement> {
  const targets = Array.from({ length: queues }, () => new Queue(`raw-${randomUUID().slice(0, 8)}`, { connection: redis, prefix }));
  try {
    const started = performance.now();
    for (let sent = 0; sent < count; sent += batchSize) {
      const batch = Array.from({ length: Math.min(batchSize, count - sent) }, () => {
        const id = randomUUID();
        return { name: 'innovation.registered', data: envelope(id, id, 1), opts: jobOptionsFor({ id }, DEFAULT_QUEUE_SETTINGS) };
      });
      for (const queue of targets) await queue.addBulk(batch);
    }
    const elapsed = performance.now() - started;
    return { opsPerSec: count / (elapsed / 1000), count, errors: 0, totalMs: elapsed };
  } finally {
    for (const queue of targets) await queue.obliterate({ force: true }).catch(() => undefined);
  }
}

/** Reads the subscriber's queue oldest first: every event once, and each aggregate's versions rising. */
async function checkOrder(queue: Queue, count: number): Promise<{ events: number; unique: number; aggregates: number; outOfOrder: number }> {
  const seen = new Set<string>();
  const last = new Map<string, number>();
  let outOfOrder = 0;
  let events = 0;
  for (let start = 0; start < count; start += 5000) {
    const jobs = await queue.getJobs(['wait'], start, start + 4999, true);
    for (const job of jobs) {
      events++;
      seen.add(job.data.id);
      const before = last.get(job.data.aggregateId) ?? 0;
      if (job.data.aggregateVersion <= before) outOfOrder++;
      last.set(job.data.aggregateId, job.data.aggregateVersion);
    }
  }
  if (seen.size !== count || outOfOrder > 0) throw new Error(`(f) ${seen.size} distinct of ${count} events, ${outOfOrder} out of version order`);
  return { events, unique: seen.size, aggregates: last.size, outOfOrder };
}

runBench('stream', main);
