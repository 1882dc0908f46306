import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { INBOX_QUEUES } from '@lumbung/contracts';
import { expectEventually, sleep, tokenFor } from '@lumbung/testing';
import { innovationBody } from '../../apps/registry/test/innovation-test.fixtures.js';
import { type Reconciliation } from '@lumbung/testing';
import { AUDIT_QUEUE, FaultStack } from './fault-stack.js';

/**
 * Issue 6, faults: each runs during a steady stream of writes across the three services (real
 * processes on a PostgreSQL and a Redis of the suite's own) and ends with a reconciliation: every
 * accepted write's events reached every subscriber once in effect (inbox rows), nothing is left
 * unsent or in flight, and no dead letter is unexplained. The counts are printed at the end.
 */
const operator = tokenFor({ sub: 'faults-operator', role: 'national-admin' });
const POISON_NAME = 'Racun: gagal di nominasi';

interface Row {
  fault: string;
  accepted: number;
  refused: number;
  events: number;
  deliveries: number;
  duplicates: number;
  auditRepeats: number;
  deadLetters: number;
  lost: number;
}

describe('faults under a steady stream of writes (own PostgreSQL and Redis, services as processes)', () => {
  let stack: FaultStack;
  const rows: Row[] = [];
  /** The poison event: allowed in dead letters until its replay. */
  const explained = new Set<string>();
  let poisonInnovationId: string;
  let last = { accepted: 0, refused: 0, events: 0, deliveries: 0, duplicates: 0, auditRepeats: 0 };

  const refusedSoFar = () => [...stack.stream.tally.values()].reduce((s, t) => s + Object.values(t.refused).reduce((a, b) => a + b, 0) + t.unreachable, 0);

  /** Drains, reconciles and records the counts of the fault that just ran. */
  async function settle(fault: string): Promise<Reconciliation> {
    const r = await stack.drained(explained, 90_000).catch((err: Error) => {
      // A drain that fails once in many runs must say why the first time: the processes' own account.
      console.log(`${fault}: not drained\n${stack.warnings()}`);
      throw err;
    });
    if (r.unexplained.length) console.log(`${fault}: unexplained dead letters\n${stack.warnings()}`);
    expect(r.missing).toEqual([]);
    expect(r.unsent).toBe(0);
    expect(r.outside?.missing).toBe(0);
    expect(r.unexplained).toEqual([]);
    const duplicates = await stack.duplicatesAbsorbed();
    const now = { accepted: stack.stream.accepted, refused: refusedSoFar(), events: r.events, deliveries: r.delivered + r.outside!.delivered, duplicates, auditRepeats: r.outside!.repeats };
    rows.push({
      fault,
      accepted: now.accepted - last.accepted,
      refused: now.refused - last.refused,
      events: now.events - last.events,
      deliveries: now.deliveries - last.deliveries,
      duplicates: now.duplicates - last.duplicates,
      auditRepeats: now.auditRepeats - last.auditRepeats,
      deadLetters: r.deadLetters,
      lost: r.missing.length + r.outside!.missing,
    });
    last = now;
    return r;
  }

  beforeAll(async () => {
    stack = await FaultStack.start();
    // A consumer that keeps failing, planted first so its retries run out while the other faults run:
    // nomination's projection refuses this one innovation until the trigger is dropped (the "fix").
    await stack.query(`CREATE FUNCTION nomination.refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.name = '${POISON_NAME}' THEN RAISE EXCEPTION 'poison innovation refused by the test'; END IF; RETURN NEW; END $$`);
    await stack.query(`CREATE TRIGGER refuse_poison BEFORE INSERT OR UPDATE ON nomination.innovation_view FOR EACH ROW EXECUTE FUNCTION nomination.refuse_poison()`);
    const poison = await stack.get('registry').request('POST', '/innovations', {
      token: stack.seed.kudusAdmin,
      body: innovationBody('33.19', stack.seed.kudusAgencies[0], { name: POISON_NAME, stage: 'penerapan', implementedOn: '2020-01-15', trialStartedOn: '2019-06-01' }),
    });
    expect({ status: poison.status, body: poison.body }).toMatchObject({ status: 201 });
    poisonInnovationId = poison.body.id;
    const [event] = await stack.query<{ id: string }>(`SELECT id FROM registry.outbox WHERE envelope->>'aggregateId' = $1`, [poisonInnovationId]);
    explained.add(event.id);
    stack.pendingAllowed = 1;
  }, 180_000);

  afterAll(async () => {
    if (rows.length) {
      const header = ['fault', 'writes accepted', 'refused/unreachable', 'events', 'deliveries', 'duplicates absorbed', 'audit repeats', 'open dead letters', 'lost'];
      const lines = rows.map((r) => [r.fault, r.accepted, r.refused, r.events, r.deliveries, r.duplicates, r.auditRepeats, r.deadLetters, r.lost].map(String));
      const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
      const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
      console.log(['Faults: reconciliation counts', fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n'));
    }
    if (stack?.stream) console.log(`Write stream, per endpoint:\n${JSON.stringify(Object.fromEntries(stack.stream.tally), null, 1)}`);
    if (process.env.FAULTS_DEBUG) for (const p of stack?.processes.values() ?? []) console.log(`--- ${p.name}\n${p.tail(60)}`);
    await stack?.close();
  }, 120_000);

  it('kill -9 of a consumer in the middle of handling: the stalled job runs again in another worker, with one effect', async () => {
    const lock = new pg.Client({ connectionString: stack.databaseUrl });
    await lock.connect();
    const redis = new Redis(stack.redis.url, { maxRetriesPerRequest: 1 });
    const inbox = new Queue(INBOX_QUEUES.nomination, { connection: redis, prefix: 'faults' });
    let inHand: string[] = [];
    try {
      await stack.stream.during(async () => {
        await sleep(1000);
        // Handlers of the nomination worker block on the read model's table, each inside its transaction.
        await lock.query('BEGIN');
        await lock.query('LOCK TABLE nomination.innovation_view IN EXCLUSIVE MODE');
        inHand = await expectEventually(async () => {
          const [{ n }] = (await lock.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`)).rows;
          const active = await inbox.getActive();
          expect(n).toBeGreaterThan(0);
          expect(active.filter((j) => !explained.has(String(j.id))).length).toBeGreaterThan(0);
          return active.map((j) => String(j.id)).filter((id) => !explained.has(id));
        }, 30_000);
        stack.get('nomination-worker').kill('SIGKILL');
        expect((await stack.get('nomination-worker').exited).signal).toBe('SIGKILL');
        await lock.query('ROLLBACK');
        await stack.spawn('nomination', { ROLE: 'worker' }, 'nomination-worker');
        // The dead worker's lock lapses (lockDuration 30 s) and a stalled check of the new worker takes
        // the jobs back. Checks run every 30 s and once per interval across all workers of the queue, and
        // a job is moved only by the check after the one that saw it: up to about 70 s after the kill.
        await expectEventually(async () => {
          for (const id of inHand) {
            const job = await inbox.getJob(id);
            expect({ id, state: await job?.getState() }).toEqual({ id, state: 'completed' });
            expect(job!.stalledCounter).toBeGreaterThanOrEqual(1);
          }
        }, 150_000, 500);
      });
      await settle('kill -9 nomination worker mid-handling');
      // One inbox row per interrupted event: the rolled-back first attempt left nothing behind.
      const [{ n }] = await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM nomination.inbox WHERE event_id = ANY($1::uuid[])`, [inHand]);
      expect(n).toBe(inHand.length);
    } finally {
      await lock.end().catch(() => undefined);
      await inbox.close();
      redis.disconnect();
    }
  }, 330_000);
  it.each(['registry', 'replication', 'nomination', 'nomination-worker'])('SIGTERM of %s under load: it stops, finishes its work and exits 0; nothing is lost', async (name) => {
    await stack.stream.during(async () => {
      await sleep(1500);
      const proc = stack.get(name);
      proc.kill('SIGTERM');
      // Exit code 0 means it closed within its grace period; an overrun exits 1 (service-app.ts).
      expect(await proc.exited).toEqual({ code: 0, signal: null });
      await stack.spawn(proc.service, { ROLE: proc.env.ROLE ?? 'all' }, name);
      await sleep(1000);
    });
    await settle(`SIGTERM ${name}`);
  }, 180_000);

  it('relay killed (kill -9) while a second relay runs on the same outbox: no event doubled in effect', async () => {
    await stack.spawn('registry', { ROLE: 'worker' }, 'registry-2');
    await stack.stream.during(async () => {
      await sleep(2000);
      stack.get('registry').kill('SIGKILL');
      await stack.get('registry').exited;
      await sleep(1000);
      await stack.spawn('registry', {}, 'registry');
      await sleep(1000);
    });
    await settle('kill -9 registry (relay) beside a second relay');
    await stack.get('registry-2').stop();
    stack.processes.delete('registry-2');
  }, 180_000);

  it('events re-sent after their jobs are gone (a relay dead between send and mark, completed jobs trimmed or lost with Redis): every inbox absorbs the duplicate', async () => {
    // BullMQ's jobId dedup catches a re-send while the completed job is kept (a week here), so the
    // faults above never got past it. Past that, or after a Redis failover that lost the jobs, the
    // re-send is a new job and only the consumer's inbox stands between it and a second effect.
    const redis = new Redis(stack.redis.url, { maxRetriesPerRequest: 1 });
    const queues = [INBOX_QUEUES.replication, INBOX_QUEUES.nomination, AUDIT_QUEUE].map((name) => new Queue(name, { connection: redis, prefix: 'faults' }));
    const duplicatesBefore = await stack.duplicatesAbsorbed();
    const resent: string[] = [];
    try {
      await stack.stream.during(async () => {
        await sleep(1500);
        const sent = await stack.query<{ id: string }>(
          `SELECT id FROM registry.outbox WHERE sent_at < now() - interval '1 second' AND NOT (id = ANY($1::uuid[])) ORDER BY seq DESC LIMIT 20`,
          [[...explained]],
        );
        // Only events every queue has finished with: a job still waiting or active is not "gone".
        for (const { id } of sent) {
          const jobs = await Promise.all(queues.map((q) => q.getJob(id)));
          const states = await Promise.all(jobs.map((j) => j?.getState() ?? 'none'));
          if (states.some((state) => state !== 'completed' && state !== 'none')) continue;
          await Promise.all(jobs.map((j) => j?.remove()));
          resent.push(id);
        }
        await stack.query(`UPDATE registry.outbox SET sent_at = NULL WHERE id = ANY($1::uuid[])`, [resent]);
        await sleep(1500);
      });
      expect(resent.length).toBeGreaterThan(0);
      await settle('re-sent after the jobs were gone');
      // Each re-sent event reached the inboxes again and was skipped there (the inbox's key is the
      // event id per consumer, so the reconciliation above also saw one effect each).
      expect((await stack.duplicatesAbsorbed()) - duplicatesBefore).toBeGreaterThanOrEqual(resent.length);
    } finally {
      for (const q of queues) await q.close();
      redis.disconnect();
    }
  }, 180_000);

  it('Redis restarted mid-stream: writes are still accepted (the outbox holds them), relays and workers reconnect, the backlog drains', async () => {
    let acceptedWhileDown = 0;
    await stack.stream.during(async () => {
      await sleep(1000);
      await stack.redis.stop();
      const before = stack.stream.tally.get('registry POST /innovations')!.accepted;
      await expectEventually(async () => {
        const ready = await stack.get('registry').request('GET', '/health/ready');
        expect(ready.status).toBe(503);
        expect(ready.body.details.redis.status).toBe('down');
      }, 20_000, 250);
      await sleep(3000);
      acceptedWhileDown = stack.stream.tally.get('registry POST /innovations')!.accepted - before;
      await stack.redis.start();
      for (const p of stack.processes.values()) await p.ready(60_000);
    });
    expect(acceptedWhileDown).toBeGreaterThan(0);
    await settle('Redis restarted (AOF everysec)');
  }, 180_000);

  it('PostgreSQL restarted mid-stream: requests fail cleanly with 503 and Retry-After, readiness says so, everything resumes after', async () => {
    const statuses = new Set<number>();
    await stack.stream.during(async () => {
      await sleep(1000);
      await stack.postgres.stop('fast');
      const registry = stack.get('registry');
      await expectEventually(async () => {
        const res = await registry.request('POST', '/innovations', {
          token: stack.seed.kudusAdmin,
          body: innovationBody('33.19', stack.seed.kudusAgencies[0], { stage: 'penerapan', implementedOn: '2020-01-15', trialStartedOn: '2019-06-01' }),
        });
        statuses.add(res.status);
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBeTruthy();
        const ready = await registry.request('GET', '/health/ready');
        expect(ready.status).toBe(503);
        expect(ready.body.details.database.status).toBe('down');
      }, 30_000, 250);
      await sleep(2000);
      await stack.postgres.start();
      for (const p of stack.processes.values()) await p.ready(60_000);
    });
    // No 500 at any point of the outage: the stream's own answers, too.
    const serverErrors = [...stack.stream.tally.values()].reduce((n, t) => n + (t.refused['500'] ?? 0), 0);
    if (serverErrors) for (const p of stack.processes.values()) console.log(`--- ${p.name}\n${p.tail(80)}`, stack.stream.serverErrors);
    expect({ statuses: [...statuses], serverErrors }).toMatchObject({ serverErrors: 0 });
    await settle('PostgreSQL restarted');
  }, 180_000);

  it('Redis with an eviction policy other than noeviction: readiness fails, naming the policy', async () => {
    await stack.redis.configSet('maxmemory-policy', 'allkeys-lru');
    try {
      await expectEventually(async () => {
        const ready = await stack.get('replication').request('GET', '/health/ready');
        expect(ready.status).toBe(503);
        expect(ready.body.details.redis.message).toMatch(/allkeys-lru.*noeviction/);
      });
    } finally {
      await stack.redis.configSet('maxmemory-policy', 'noeviction');
    }
    await expectEventually(async () => expect((await stack.get('replication').request('GET', '/health/ready')).status).toBe(200));
  });

  it('a consumer that keeps failing: retries back off, then a dead letter; replayed after the fix, it applies once', async () => {
    const nomination = stack.get('nomination');
    const letter = await expectEventually(async () => {
      const res = await nomination.request('GET', '/admin/dead-letters', { token: operator });
      const found = (res.body as { eventId: string }[]).find((l) => explained.has(l.eventId));
      expect(found).toBeDefined();
      return found as unknown as { id: string; attempts: number; error: string; unrecoverable: boolean };
    }, 120_000, 1000);
    // Every attempt was made (8, with exponential backoff and jitter between them), and the error kept.
    expect(letter).toMatchObject({ attempts: 8, unrecoverable: false, error: expect.stringContaining('poison innovation refused') });
    const [{ n: before }] = await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM nomination.innovation_view WHERE id = $1`, [poisonInnovationId]);
    expect(before).toBe(0);

    await stack.query('DROP TRIGGER refuse_poison ON nomination.innovation_view');
    const replay = await nomination.request('POST', `/admin/dead-letters/${letter.id}/replay`, { token: operator, body: {} });
    expect(replay.status).toBeLessThan(300);
    await expectEventually(async () => {
      const [{ n }] = await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM nomination.innovation_view WHERE id = $1`, [poisonInnovationId]);
      expect(n).toBe(1);
    });
    // A second replay of the same letter is refused; the inbox holds one row for the event.
    expect((await nomination.request('POST', `/admin/dead-letters/${letter.id}/replay`, { token: operator, body: {} })).status).toBe(409);
    const [{ n: inboxRows }] = await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM nomination.inbox WHERE event_id = ANY($1::uuid[])`, [[...explained]]);
    expect(inboxRows).toBe(1);
    explained.clear();
    stack.pendingAllowed = 0;
    await settle('failing consumer: dead letter, fix, replay');
  }, 180_000);
});

