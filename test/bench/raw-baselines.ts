import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { jobOptionsFor } from '@lumbung/messaging';
import { DEFAULT_QUEUE_SETTINGS } from '@lumbung/contracts';
import { percentile, type Measurement } from './bench-table.js';
import { startCpuMeter } from './proc-cpu.js';

/**
 * What the registry's POST does at its core, with nothing around it: one transaction that inserts
 * an innovation-sized row and its outbox row, over a pg pool, at the bench's concurrency.
 */
export async function rawRowAndOutboxTransactions(databaseUrl: string, concurrency: number, durationMs: number): Promise<Measurement> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: concurrency });
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS bench_raw`);
    await pool.query(`CREATE TABLE IF NOT EXISTS bench_raw.innovation (id uuid PRIMARY KEY, name text NOT NULL, record jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    await pool.query(
      `CREATE TABLE IF NOT EXISTS bench_raw.outbox (seq bigserial, id uuid PRIMARY KEY, type text NOT NULL, envelope jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), sent_at timestamptz)`,
    );
    const record = JSON.stringify(sampleRecord());
    const transaction = async () => {
      const client = await pool.connect();
      try {
        const id = randomUUID();
        await client.query('BEGIN');
        await client.query(`INSERT INTO bench_raw.innovation (id, name, record) VALUES ($1, $2, $3)`, [id, 'SI CENTING', record]);
        await client.query(`INSERT INTO bench_raw.outbox (id, type, envelope) VALUES ($1, 'innovation.registered', $2)`, [randomUUID(), record]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    };
    return await boundedLoop(transaction, concurrency, durationMs);
  } finally {
    await pool.end();
  }
}

/** Runs `op` from `concurrency` loops until the time is up; every op is awaited, none is left running. */
export async function boundedLoop(op: () => Promise<void>, concurrency: number, durationMs: number): Promise<Measurement> {
  const latencies: number[] = [];
  let errors = 0;
  const cpuOf = startCpuMeter([]);
  const started = performance.now();
  const deadline = started + durationMs;
  const loop = async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      try {
        await op();
        latencies.push(performance.now() - t);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = performance.now() - started;
  const cpu = cpuOf(latencies.length);
  latencies.sort((a, b) => a - b);
  return { opsPerSec: latencies.length / (elapsed / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99), count: latencies.length, errors, cpu };
}

/** Waits until a plain BullMQ worker on `queueName` has processed `count` jobs; resolves with the time it finished. */
export function drainWorker(redisUrl: string, prefix: string, queueName: string, count: number, concurrency: number) {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  let processed = 0;
  let finish: (at: number) => void;
  const drained = new Promise<number>((resolve) => (finish = resolve));
  const worker = new Worker(
    queueName,
    async () => {
      processed++;
      if (processed === count) finish(performance.now());
    },
    { connection, prefix, concurrency },
  );
  return {
    drained,
    processed: () => processed,
    ready: () => worker.waitUntilReady(),
    close: async () => {
      await worker.close();
      connection.disconnect();
    },
  };
}

/** The ceiling for event delivery: addBulk of `count` envelopes (in relay-sized batches) and a worker draining them. */
export async function rawAddBulkAndDrain(redisUrl: string, prefix: string, count: number, batchSize: number, workerConcurrency: number): Promise<Measurement> {
  const queueName = `raw-${randomUUID().slice(0, 8)}`;
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const queue = new Queue(queueName, { connection, prefix });
  const worker = drainWorker(redisUrl, prefix, queueName, count, workerConcurrency);
  try {
    await worker.ready();
    const envelope = { type: 'innovation.registered', payload: { innovation: sampleRecord() } };
    const started = performance.now();
    for (let sent = 0; sent < count; sent += batchSize) {
      const batch = Array.from({ length: Math.min(batchSize, count - sent) }, () => {
        const id = randomUUID();
        return { name: envelope.type, data: { ...envelope, id }, opts: jobOptionsFor({ id }, DEFAULT_QUEUE_SETTINGS) };
      });
      await queue.addBulk(batch);
    }
    const finished = await worker.drained;
    const elapsed = finished - started;
    return { opsPerSec: count / (elapsed / 1000), count, errors: 0, totalMs: elapsed };
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    connection.disconnect();
  }
}

/** An innovation record of realistic size (about 1.3 kB of JSON), the same one for both sides of each comparison. */
export function sampleRecord() {
  return {
    name: 'SI CENTING: Sistem Informasi Cegah Stunting',
    typeCode: 'teknologi',
    stage: 'penerapan',
    initiator: 'opd',
    digital: true,
    form: 'pelayanan-publik',
    governmentAffair: 'kesehatan',
    trialStartedOn: '2022-08-01',
    implementedOn: '2023-01-16',
    problem: 'Data balita berisiko stunting tersebar di buku posyandu dan laporan puskesmas, sehingga intervensi sering terlambat.',
    design: 'Kader posyandu mencatat pengukuran balita lewat aplikasi; puskesmas dan Dinkes melihat peta balita berisiko per desa dan menugaskan intervensi gizi.',
    goals: 'Menurunkan prevalensi stunting melalui deteksi dini dan intervensi tepat sasaran.',
    benefits: 'Data pengukuran tersedia harian; intervensi terarah ke keluarga yang membutuhkan.',
    results: 'Prevalensi stunting turun dari 17,0% menjadi 14,6% menurut data pengukuran daerah.',
    evidence: [{ indicator: 'regulasi', url: 'https://jdih.kuduskab.go.id/perbup/si-centing.pdf' }],
    yearRegistered: 2024,
  };
}
