import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type TransactionCommitEvent } from 'typeorm';
import { SERVICE_NAME } from '@lumbung/platform';

export const outboxChannel = (schema: string) => `lumbung_outbox_${schema}`;

/**
 * The least time between two NOTIFYs of one process. A relay sends up to a batch per wake, so under
 * load one wake per NOTIFY_SPACING_MS is all it can use. One NOTIFY per write (about one per
 * millisecond at benchmark load) took a pooled connection and PostgreSQL's notify lock each time,
 * and cost about a tenth of the registrations per second. After a quiet spell the first commit still
 * wakes at once; under load an event waits at most this long more.
 */
export const NOTIFY_SPACING_MS = 10;

/** Set on a transaction's QueryRunner by OutboxService.append; read when that transaction commits. */
const APPENDED = 'lumbung.outboxAppended';

/** How the relay of this process, when it runs here, is woken. */
export interface LocalRelay {
  readonly isRunning: boolean;
  nudge(): void;
}

/**
 * Wakes relays once the rows they must send are committed.
 *
 * A `pg_notify` inside the writing transaction (the usual recipe) takes PostgreSQL's global notify
 * lock at commit, which serialises every commit that carries one: at benchmark load it cost more
 * than a third of the write rate. So the wake happens after commit instead: the relay in this
 * process is woken directly (no round trip at all), and only when none runs here (ROLE=http) does a
 * NOTIFY go out for the relays of other processes, at most one in flight at a time, since one NOTIFY
 * wakes them for every row committed before it. Relays poll as well, so a lost wake costs a poll
 * interval, never an event.
 */
@Injectable()
export class OutboxWake implements EntitySubscriberInterface, OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxWake');
  private localRelay?: LocalRelay;
  private notifying = false;
  private notifyAgain = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  onModuleInit(): void {
    // TypeORM has no per-transaction "after commit" callback; a subscriber sees every commit of this DataSource.
    this.dataSource.subscribers.push(this);
  }

  attachLocalRelay(relay: LocalRelay): void {
    this.localRelay = relay;
  }

  /** Called by OutboxService.append: wake relays when `manager`'s transaction commits, or now if it has none. */
  afterCommitOf(manager: EntityManager): void {
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) runner.data = { ...runner.data, [APPENDED]: true };
    else this.wake();
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    // A released savepoint also reports a commit; only the outermost one makes the rows visible.
    if (runner.isTransactionActive || !runner.data?.[APPENDED]) return;
    runner.data = { ...runner.data, [APPENDED]: false };
    this.wake();
  }

  wake(): void {
    if (this.localRelay?.isRunning) {
      this.localRelay.nudge();
      return;
    }
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    void this.notify();
  }

  /**
   * A process closing right after its last write (the command line's import, a benchmark) waits
   * for that write's NOTIFY: closing the pool under it cut its connection and printed an error.
   * Before the database's own shutdown hook, which closes the pool.
   */
  async beforeApplicationShutdown(): Promise<void> {
    while (this.notifying) await sleep(NOTIFY_SPACING_MS);
  }

  private async notify(): Promise<void> {
    try {
      do {
        this.notifyAgain = false;
        const due = Date.now() + NOTIFY_SPACING_MS;
        await this.dataSource.query(`SELECT pg_notify($1, '')`, [outboxChannel(this.service)]);
        // Unreferenced: a pending wake must not keep a closing process alive; the relays' polling covers it.
        const wait = due - Date.now();
        if (wait > 0) await sleep(wait, undefined, { ref: false });
      } while (this.notifyAgain);
    } catch (err) {
      this.logger.debug(`NOTIFY failed, relays will find the rows when they poll: ${(err as Error).message}`);
    } finally {
      this.notifying = false;
    }
  }
}
