import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictException, Logger, NotFoundException, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import { DataSource, QueryFailedError } from 'typeorm';
import type { ImportJobView } from '@lumbung/contracts';
import { reportPathFor, runSpreadsheetImport, ServiceEnv, type CommandContext, type ImportKind, type ImportProgress, type Principal, type SpreadsheetFormat } from '@lumbung/platform';
import { RedisConnections } from '../redis/redis-connections.js';

/** Attempts of one import: a worker that dies mid-file leaves the job to the next attempt, which resumes it. */
const ATTEMPTS = 3;

/** How often a running import writes its progress: often enough for a bar, rarely enough to cost nothing. */
const PROGRESS_EVERY_MS = 500;

type ImportJobStatus = ImportJobView['status'];

const VIEW = `id, kind, file_name AS "fileName", format, dry_run AS "dryRun", status, rows, created, present, failed,
  bytes_read::float8 AS "bytesRead", total_bytes::float8 AS "totalBytes", attempts, report IS NOT NULL AS "hasReport", error,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "finishedAt"`;

/** What a service's imports over HTTP are: where their jobs live, their queue, and how a kind runs. */
export interface ImportJobsConfig<K extends ImportJobView['kind']> {
  /** The service's schema; it holds an import_job table made by importJobTableSql. */
  schema: string;
  /**
   * WARNING: a queue name is a public contract within the deployment: renaming it strands the jobs
   * queued under the old name. DO NOT CHANGE WITHOUT A MIGRATION PLAN.
   */
  queue: string;
  kind(kind: K, ctx: CommandContext, fileName: string): ImportKind;
  /** How long a worker holds a job before BullMQ hands it on (a crash test shortens it). */
  lockMs?: number;
}

/**
 * Imports uploaded over HTTP, run by a BullMQ worker with the same code as the command line. The
 * file is kept in PostgreSQL, so any replica's worker runs it and a retry reads the same bytes. A
 * worker that dies mid-file (its lock lapses, BullMQ hands the job on) leaves every row it finished
 * stored whole and no other; the next attempt reads the file again and the natural keys skip what
 * is stored, so it resumes, and the job says how many attempts it took. Never half-imported silently.
 * Each service subclasses it with its config (the registry's agencies and innovations, the
 * nomination service's national results).
 */
export abstract class SpreadsheetImportJobs<K extends ImportJobView['kind']> implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ImportJobs');
  private queue?: Queue;
  private worker?: Worker;
  protected abstract readonly config: ImportJobsConfig<K>;

  constructor(
    protected readonly dataSource: DataSource,
    protected readonly redis: RedisConnections,
    protected readonly env: ServiceEnv,
  ) {}

  private get table(): string {
    return `"${this.config.schema}"."import_job"`;
  }

  async onApplicationBootstrap(): Promise<void> {
    // The one-shot migration step, the command line and API-only replicas run no import worker.
    if (!this.env.WORKER_ENABLED) return;
    const lockDuration = this.config.lockMs ?? 30_000;
    this.worker = new Worker(this.config.queue, (job: Job<{ id: string }>) => this.run(job.data.id), {
      connection: this.redis.worker(),
      prefix: this.env.QUEUE_PREFIX,
      concurrency: 1,
      lockDuration,
      stalledInterval: lockDuration,
    });
    this.worker.on('failed', (job, err) => {
      if (job && job.attemptsMade >= ATTEMPTS) void this.finish(job.data.id, 'failed', err.message).catch(() => undefined);
    });
    this.worker.on('error', (err) => this.logger.warn(`import worker: ${err.message}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }

  /** Queues an upload; 409 import.running while the same file of the same kind is queued or running. */
  async start(kind: K, fileName: string, format: SpreadsheetFormat, file: Buffer, actor: Principal, dryRun: boolean): Promise<ImportJobView> {
    const id = randomUUID();
    const sha256 = createHash('sha256').update(file).digest('hex');
    try {
      await this.dataSource.query(
        `INSERT INTO ${this.table} (id, kind, file_name, format, sha256, dry_run, status, actor, file, total_bytes)
         VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7, $8, $9)`,
        [id, kind, fileName, format, sha256, dryRun, JSON.stringify(actor), file, file.length],
      );
    } catch (err) {
      if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505') {
        throw new ConflictException({ code: 'import.running', message: `This file is already being imported as ${kind}; wait for that import to finish` });
      }
      throw err;
    }
    // Made on the first upload: a process that never takes one (the migration step) never touches the queue.
    this.queue ??= new Queue(this.config.queue, { connection: this.redis.worker(), prefix: this.env.QUEUE_PREFIX });
    await this.queue.add('import', { id }, { jobId: id, attempts: ATTEMPTS, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: 1000 });
    return this.view(id, actor);
  }

  async view(id: string, actor: Principal): Promise<ImportJobView> {
    const [row]: (ImportJobView & { actor: Principal })[] = await this.dataSource.query(`SELECT ${VIEW}, actor FROM ${this.table} WHERE id = $1`, [id]);
    if (!row || !mayRead(actor, row.actor)) throw new NotFoundException(`No import ${id}`);
    const { actor: _actor, ...view } = row;
    return view;
  }

  async report(id: string, actor: Principal): Promise<{ fileName: string; format: SpreadsheetFormat; bytes: Buffer }> {
    const job = await this.view(id, actor);
    const [row]: { report: Buffer | null }[] = await this.dataSource.query(`SELECT report FROM ${this.table} WHERE id = $1`, [id]);
    if (!row?.report) throw new NotFoundException(`Import ${id} has no report${job.status === 'done' ? ': every row was good' : ' yet'}`);
    const stem = job.fileName.replace(/\.(csv|xlsx)$/i, '');
    return { fileName: `${stem}.laporan.${job.format}`, format: job.format, bytes: row.report };
  }

  /** One attempt at a job: the file from the table, the import as the command line runs it, the report back into the table. */
  private async run(id: string): Promise<void> {
    const [job]: { kind: K; fileName: string; format: SpreadsheetFormat; dryRun: boolean; actor: Principal; file: Buffer; status: ImportJobStatus }[] =
      await this.dataSource.query(`SELECT kind, file_name AS "fileName", format, dry_run AS "dryRun", actor, file, status FROM ${this.table} WHERE id = $1`, [id]);
    if (!job || job.status === 'done' || job.status === 'failed') return;
    // Counted here rather than by BullMQ, which does not count a stalled job's lost attempt.
    await this.dataSource.query(`UPDATE ${this.table} SET status = 'running', attempts = attempts + 1, updated_at = now() WHERE id = $1`, [id]);
    const dir = await mkdtemp(join(tmpdir(), 'lumbung-import-'));
    try {
      const path = join(dir, `upload.${job.format}`);
      await writeFile(path, job.file);
      const ctx: CommandContext = { actor: job.actor, correlationId: id };
      let last = 0;
      const save = (p: ImportProgress) =>
        this.dataSource.query(
          `UPDATE ${this.table} SET rows = $2, created = $3, present = $4, failed = $5, bytes_read = $6, updated_at = now() WHERE id = $1`,
          [id, p.rows, p.created, p.present, p.failed, p.bytesRead],
        );
      let pending: Promise<unknown> = Promise.resolve();
      const summary = await runSpreadsheetImport(this.config.kind(job.kind, ctx, job.fileName), path, job.format, {
        dryRun: job.dryRun,
        onProgress: (p) => {
          if (Date.now() - last < PROGRESS_EVERY_MS) return;
          last = Date.now();
          pending = pending.then(() => save(p)).catch(() => undefined);
        },
      });
      await pending;
      const report = summary.reportPath ? await readFile(reportPathFor(path)) : null;
      await this.dataSource.query(
        `UPDATE ${this.table} SET status = 'done', rows = $2, created = $3, present = $4, failed = $5, bytes_read = total_bytes, report = $6,
                error = $7, updated_at = now(), finished_at = now() WHERE id = $1`,
        [id, summary.rows, summary.created, summary.present, summary.failed, report, summary.refused ? 'The header row lacks a required column; no row was read' : null],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async finish(id: string, status: ImportJobStatus, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE ${this.table} SET status = $2, error = $3, updated_at = now(), finished_at = now() WHERE id = $1`, [id, status, error]);
  }
}

/** The uploader sees its import, and a national admin every import. */
function mayRead(actor: Principal, owner: Principal): boolean {
  return actor.role === 'national-admin' || (actor.sub === owner.sub && actor.role === owner.role);
}

/** The import_job table of a service's schema, for its migration: one definition for every service. */
export function importJobTableSql(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}"."import_job" (
      "id" uuid PRIMARY KEY,
      "kind" text NOT NULL,
      "file_name" text NOT NULL,
      "format" text NOT NULL,
      "sha256" text NOT NULL,
      "dry_run" boolean NOT NULL,
      "status" text NOT NULL,
      "actor" jsonb NOT NULL,
      "file" bytea NOT NULL,
      "rows" int NOT NULL DEFAULT 0,
      "created" int NOT NULL DEFAULT 0,
      "present" int NOT NULL DEFAULT 0,
      "failed" int NOT NULL DEFAULT 0,
      "bytes_read" bigint NOT NULL DEFAULT 0,
      "total_bytes" bigint NOT NULL,
      "attempts" int NOT NULL DEFAULT 0,
      "report" bytea,
      "error" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      "finished_at" timestamptz
    )`,
    // At most one job per (kind, file content) queued or running: the second upload is 409, whichever replica takes it.
    `CREATE UNIQUE INDEX "import_job_running_uq" ON "${schema}"."import_job" ("kind", "sha256") WHERE status IN ('queued', 'running')`,
  ];
}
