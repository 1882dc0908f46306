// @ts-check
/**
 * An outside consumer of Lumbung's events, using nothing but @lumbung/events and bullmq (with
 * ioredis, the Redis client bullmq 6 loads for `connection` options but no longer installs itself).
 *
 *   SUBSCRIBER=example node consumer.js
 *
 * It reads the queue an operator gave the subscriber (EVENT_SUBSCRIBERS=example:innovation.* on the
 * services, or POST /admin/subscribers), keeps a projection of the innovations in a JSON file, and
 * applies each event once, in aggregate order (projection.js has the rules).
 *
 * Environment:
 *   SUBSCRIBER    the subscriber's name; its queue is `<SUBSCRIBER>-events` (required)
 *   REDIS_URL     the Redis the services publish to (default redis://127.0.0.1:6379)
 *   QUEUE_PREFIX  the services' QUEUE_PREFIX, BullMQ's key prefix (default lumbung)
 *   STATE_FILE    where the projection and the dedupe records are kept (default ./consumer-state.json)
 *   CONCURRENCY   jobs handled at once (default 4; order holds at any value, see projection.js)
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { UnrecoverableError, Worker } from 'bullmq';
import { DEFAULT_QUEUE_PREFIX, EVENTS, isEventEnvelope, isKnownEvent, subscriberQueueName } from '@lumbung/events';
import { emptyState, fromJson, handle, toJson } from './projection.js';

const subscriber = process.env.SUBSCRIBER;
if (!subscriber) {
  console.error('Set SUBSCRIBER to the subscriber name an operator gave this consumer (its queue is <name>-events)');
  process.exit(2);
}
const queue = subscriberQueueName(subscriber);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = process.env.QUEUE_PREFIX ?? DEFAULT_QUEUE_PREFIX;
const stateFile = process.env.STATE_FILE ?? 'consumer-state.json';
const concurrency = Number(process.env.CONCURRENCY ?? 4);

const state = existsSync(stateFile) ? fromJson(readFileSync(stateFile, 'utf8')) : emptyState();

/**
 * The projection and the dedupe records are written together, in one file replaced at once (a
 * rename), before the job is acknowledged: the same reason Lumbung's services write the inbox row in
 * the handler's transaction. A crash before the rename leaves the event unapplied and unrecorded,
 * and BullMQ delivers it again; a crash after it leaves it applied and recorded, and the
 * redelivery is skipped as a duplicate.
 */
function save() {
  writeFileSync(`${stateFile}.tmp`, toJson(state));
  renameSync(`${stateFile}.tmp`, stateFile);
}

const worker = new Worker(
  queue,
  async (job) => {
    const data = job.data;
    // Not an event at all: retrying cannot help, so fail at once (it stays in the failed set).
    if (!isEventEnvelope(data)) throw new UnrecoverableError('not a Lumbung event envelope');
    // A known type at a version this package does not describe (a newer contract): fail, and the
    // job waits in the failed set to be retried once the consumer is upgraded. A type added after
    // this package was built is acknowledged and ignored by the projection instead.
    if (!isKnownEvent(data) && Object.prototype.hasOwnProperty.call(EVENTS, data.type)) {
      throw new Error(`${data.type} v${data.version} is newer than this consumer's @lumbung/events; upgrade it`);
    }
    // handle() and save() run without an await between them, so with CONCURRENCY > 1 no other job
    // interleaves: each job reads and writes the state whole.
    const outcome = handle(state, data);
    try {
      save();
    } catch (err) {
      // The state in memory is ahead of the file: stop, so a restart reads the file and BullMQ
      // redelivers this job (its lock lapses), instead of acknowledging an event that was not kept.
      console.error(`could not write ${stateFile}: ${/** @type {Error} */ (err).message}`);
      process.exit(1);
    }
    console.log(JSON.stringify({ outcome, eventId: data.id, type: data.type, aggregateId: data.aggregateId, aggregateVersion: data.aggregateVersion, jobId: job.id }));
    return outcome;
  },
  { connection: { url: redisUrl }, prefix, concurrency },
);
worker.on('failed', (job, err) => console.error(JSON.stringify({ failed: job?.id, attempt: job?.attemptsMade, error: err.message })));
worker.on('error', (err) => console.error(JSON.stringify({ error: err.message })));
worker.on('ready', () => console.log(JSON.stringify({ ready: true, queue, prefix, stateFile })));

// SIGTERM (a deploy, Ctrl-C): finish the jobs in hand, then leave. Closing waits for Redis, so it is
// bounded (an unreachable Redis would hold it forever), and a second signal leaves at once.
let stopping = false;
for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT'])) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    setTimeout(() => process.exit(1), 10_000).unref();
    void worker.close().then(() => process.exit(0));
  });
}
