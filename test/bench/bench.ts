import 'reflect-metadata';
import type pg from 'pg';
import { checkPayload } from '@lumbung/messaging';
import { memoizeValidationMetadata } from '@lumbung/platform';
import { formatTable, medianRound, type Comparison, type Measurement } from './bench-table.js';
import type { ServerCommand, ServersReady } from './bench-servers.js';
import { drainWorker, rawAddBulkAndDrain, rawRowAndOutboxTransactions, sampleRecord } from './raw-baselines.js';
import { benchToken } from './bench-env.js';
import { BenchScratch, CONNECTIONS, ChildServers, DURATION_S, REDIS_URL, ROUNDS, WARMUP_S, benchLog, call, deleteKeys, intOf, load, machineLine, runBench, serverVersions, waitFor, withPg, writeResults } from './bench-kit.js';

/**
 * `npm run bench`: the registry against baselines measured in the same run, on the real
 * PostgreSQL and Redis, in a database and a Redis key prefix of its own that are dropped at the
 * end. Ratios are the result; absolute numbers depend on whatever else the machine is doing.
 */
const EVENTS = intOf('BENCH_EVENTS', 2000);
const SUBSCRIBER_CONCURRENCY = intOf('BENCH_SUBSCRIBER_CONCURRENCY', 8);
const RELAY_BATCH_SIZE = 200;
const log = benchLog('bench');

async function main(): Promise<void> {
  const scratch = await BenchScratch.create();
  const { prefix, databaseUrl: url } = scratch;
  let servers: ChildServers<ServersReady, ServerCommand> | undefined;
  try {
    const versions = await serverVersions();

    log(`starting the registry and a bare Nest app in a child process (database ${scratch.dbName}, Redis prefix ${prefix})`);
    servers = await ChildServers.start<ServersReady, ServerCommand>(
      'bench-servers.js',
      'the servers',
      scratch.serviceEnv({
        DATABASE_POOL_SIZE: String(CONNECTIONS),
        EVENT_SUBSCRIBERS: 'bench:innovation.*',
        RELAY_BATCH_SIZE: String(RELAY_BATCH_SIZE),
      }),
    );
    const { registryUrl, bareUrl } = servers.ready;
    const token = benchToken({ sub: 'bench', role: 'province-admin', province: '33' });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const agency = await call(`${registryUrl}/agencies`, token, 'POST', { regionCode: '33.19', name: 'Dinas Kesehatan' });
    const postBody = JSON.stringify({ ...sampleRecord(), regionCode: '33.19', agencyId: agency.id });
    const postInnovations = (duration: number) => load({ url: `${registryUrl}/innovations`, method: 'POST', headers, body: postBody, duration });
    const comparisons: Comparison[] = [];

    // Subject and baseline take turns, ROUNDS times, the order flipping each round, so a burst of
    // load from elsewhere on the machine lands on both; the table shows the round of median ratio.
    const rounds = async (subject: (d: number) => Promise<Measurement>, baseline: (d: number) => Promise<Measurement>) => {
      await subject(WARMUP_S);
      await baseline(WARMUP_S);
      const pairs: { subject: Measurement; baseline: Measurement }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        if (round % 2 === 0) {
          const s = await subject(DURATION_S);
          pairs.push({ subject: s, baseline: await baseline(DURATION_S) });
        } else {
          const b = await baseline(DURATION_S);
          pairs.push({ subject: await subject(DURATION_S), baseline: b });
        }
      }
      return pairs;
    };

    const unsent = (c: pg.Client) => c.query(`SELECT count(*)::int AS n FROM registry.outbox WHERE sent_at IS NULL`).then((r) => r.rows[0].n as number);
    const drainOutbox = (what: string) => withPg(url, (c) => waitFor(async () => (await unsent(c)) === 0, what, { timeoutMs: 300_000 }));
    const rawTransactions = (duration: number) => rawRowAndOutboxTransactions(url, CONNECTIONS, duration * 1000);

    // (a) Like for like: the baseline leaves its outbox rows unsent, and so does the registry here,
    // as an HTTP-only process (ROLE=http) does; sending them is measured by (c).
    log(`(a) POST /innovations and a raw pg transaction (row + outbox row), relay stopped: ${ROUNDS} rounds of ${DURATION_S} s each`);
    comparisons.push({
      label: '(a) POST /innovations',
      ...medianRound(await rounds(postInnovations, rawTransactions)),
      baselineLabel: 'raw pg tx: row + outbox row',
      // Issue 20's aims: registry POST at least 45% of the raw transaction, reads at least 30% of the bare endpoint.
      aim: 0.45,
    });

    // (a+) One process doing everything (ROLE=all): its relay sends each event to three queues while
    // it takes the writes, all on the same cores. No aim; it shows what the relay costs the writes.
    await servers.command({ type: 'relay', action: 'start' });
    await drainOutbox('the outbox of (a) to drain');
    log(`(a+) the same with the relay sending meanwhile: ${ROUNDS} rounds of ${DURATION_S} s each`);
    comparisons.push({
      label: '(a+) POST /innovations, relay running',
      ...medianRound(await rounds(postInnovations, rawTransactions)),
      baselineLabel: 'raw pg tx: row + outbox row',
    });
    await drainOutbox('the outbox of (a+) to drain');

    // (b) Like for like: the bare app answers the very document GET /innovations/:id answers, so both
    // send and the load generator parses the same bytes; what differs is what the registry does to get them.
    const one = await call(`${registryUrl}/innovations`, token, 'POST', JSON.parse(postBody));
    await servers.command({ type: 'bare-document', document: await call(`${registryUrl}/innovations/${one.id}`, token, 'GET') });
    const getInnovation = (duration: number) => load({ url: `${registryUrl}/innovations/${one.id}`, headers, duration });
    const getDocument = (duration: number) => load({ url: `${bareUrl}/document`, duration });
    const getConstant = (duration: number) => load({ url: `${bareUrl}/constant`, duration });
    log(`(b) GET /innovations/:id and a bare Nest+Fastify endpoint answering the same document: ${ROUNDS} rounds of ${DURATION_S} s each`);
    comparisons.push({
      label: '(b) GET /innovations/:id',
      ...medianRound(await rounds(getInnovation, getDocument)),
      baselineLabel: 'bare Nest+Fastify, same document',
      aim: 0.3,
    });
    // (b-) The first bench's baseline: a constant of three fields. No aim; beside (b) it shows what
    // answering a whole innovation costs any endpoint, the load generator's parsing included.
    log(`(b-) GET /innovations/:id and a bare endpoint answering three fields: ${ROUNDS} rounds of ${DURATION_S} s each`);
    comparisons.push({
      label: '(b-) GET /innovations/:id',
      ...medianRound(await rounds(getInnovation, getConstant)),
      baselineLabel: 'bare Nest+Fastify, 3-field constant',
    });

    // (c) A backlog of EVENTS registrations waits in the outbox; the clock runs from the relay's
    // start until a plain worker on the outside subscriber's queue has taken every one of them.
    log(`(c) events: registering ${EVENTS} innovations with the relay stopped`);
    await drainOutbox('the outbox of (b) to drain');
    await servers.command({ type: 'relay', action: 'stop' });
    // Events of (a) and (b) waiting for services that do not run here; the registry's own inbox is left alone.
    for (const queue of ['bench-events', 'replication-inbox', 'nomination-inbox']) await deleteKeys(`${prefix}:${queue}:*`);
    const registered = await load({ url: `${registryUrl}/innovations`, method: 'POST', headers, body: postBody, amount: EVENTS });
    if (registered.count !== EVENTS) throw new Error(`(c) registered ${registered.count} of ${EVENTS} innovations (${registered.errors} errors)`);
    const subscriber = drainWorker(REDIS_URL, prefix, 'bench-events', EVENTS, SUBSCRIBER_CONCURRENCY);
    await subscriber.ready();
    const relayStarted = performance.now();
    await servers.command({ type: 'relay', action: 'start' });
    const drainedAt = await Promise.race([
      subscriber.drained,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`(c) the subscriber got ${subscriber.processed()} of ${EVENTS} events in 5 minutes`)), 300_000)),
    ]);
    await subscriber.close();
    const relayed: Measurement = { opsPerSec: EVENTS / ((drainedAt - relayStarted) / 1000), count: EVENTS, errors: 0, totalMs: drainedAt - relayStarted };
    log(`(c) raw BullMQ: addBulk of ${EVENTS} jobs in batches of ${RELAY_BATCH_SIZE} and a worker draining them`);
    const rawQueue = await rawAddBulkAndDrain(REDIS_URL, prefix, EVENTS, RELAY_BATCH_SIZE, SUBSCRIBER_CONCURRENCY);
    comparisons.push({ label: `(c) events outbox -> subscriber (${EVENTS})`, subject: relayed, baselineLabel: 'raw BullMQ addBulk + drain', baseline: rawQueue, ratios: [] });

    // (d) The outbox checks every event against its contract before the write commits, in production
    // too (issue 19). Measured here in this process, on a real registration's payload as stored.
    const stored = await withPg(url, (c) => c.query(`SELECT envelope->'payload' AS payload FROM registry.outbox WHERE type = 'innovation.registered' LIMIT 1`));
    const contractCheck = measureContractCheck(stored.rows[0].payload);
    const perRegistrationUs = 1e6 / comparisons[0].subject.opsPerSec;

    console.log(
      [
        '',
        `Lumbung bench: ${machineLine(versions)}; ` +
          `${CONNECTIONS} connections; (a) and (b): ${ROUNDS} alternating rounds of ${DURATION_S} s after ${WARMUP_S} s of warm-up`,
        '',
        formatTable(comparisons),
        '',
        '(a) one POST validates the body, checks the token and scope, and in one statement checks the agency and type,',
        '    writes the innovation (eight indexes, one of them full-text), its history row and the outbox row. The relay',
        '    is stopped, as in an HTTP-only process (ROLE=http): like the baseline, it leaves the outbox rows for (c).',
        '    The baseline is only the two INSERTs in a transaction over a pg pool of the same size.',
        '(a+) the same, with the relay of the same process sending every event to three queues meanwhile (ROLE=all).',
        '(b) GET checks the token and reads the innovation with its replications (relay idle); the baseline has no guard, pipe or',
        '    database and answers the same document, from memory. (b-) is the same GET against a constant of three fields.',
        '(c) events/s from the relay start to the last job taken by a plain BullMQ worker on the subscriber queue',
        `    (concurrency ${SUBSCRIBER_CONCURRENCY}); the relay also fans each event out to the replication and nomination inboxes.`,
        '    The baseline adds the same number of jobs to one queue in the same batch size and drains it the same way.',
        `(d) the outbox's contract check of one innovation.registered event: ${contractCheck.toFixed(1)} µs on one core, in every environment;`,
        `    ${((100 * contractCheck) / perRegistrationUs).toFixed(1)}% of the ${perRegistrationUs.toFixed(0)} µs one registration of (a) takes the server at its median rate.`,
        'ratio: of the round with the median ratio (its numbers are the ones shown); range: lowest and highest ratio of all rounds.',
        'Request logging is off (LOG_LEVEL=warn) in both the registry and the bare app. Ratios are the result: absolute',
        'numbers move with whatever else the machine runs.',
      ].join('\n'),
    );

    const file = writeResults('bench', { ...versions, connections: CONNECTIONS, durationS: DURATION_S, rounds: ROUNDS, events: EVENTS }, comparisons);
    log(`results written to ${file}`);
  } finally {
    await servers?.close().catch((err: Error) => log(`closing the servers: ${err.message}`));
    await scratch.drop(log);
  }
}

/** Microseconds per contract check of `payload` as innovation.registered, after a warm-up, with the rule cache the services use. */
function measureContractCheck(payload: unknown): number {
  memoizeValidationMetadata();
  const check = () => {
    if (checkPayload('innovation.registered', payload).errors.length) throw new Error('(d) the stored innovation.registered payload breaks its contract');
  };
  for (let n = 0; n < 2000; n++) check();
  const checks = 20_000;
  const started = performance.now();
  for (let n = 0; n < checks; n++) check();
  return ((performance.now() - started) * 1000) / checks;
}

runBench('bench', main);
