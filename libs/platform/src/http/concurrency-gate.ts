import type { ErrorCode } from '@lumbung/contracts';
import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * A refusal because the service is busy, not broken: 503 with a Retry-After (set by the error
 * filter) and a stable code, so a client backs off instead of retrying at once.
 */
export class ServiceBusyException extends HttpException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super({ statusCode: 503, error: 'Service Unavailable', code, message }, HttpStatus.SERVICE_UNAVAILABLE);
  }
}

/**
 * At most `limit` runs of one kind of work at once in this process; the rest wait in line up to
 * `waitMs`, then are refused with a ServiceBusyException. Bounds what an expensive read can take of
 * the database pool, so the writes and the readiness probe always find a connection.
 */
export class ConcurrencyGate {
  private active = 0;
  private readonly waiting: { admit: () => void; timer: NodeJS.Timeout }[] = [];

  constructor(
    readonly limit: number,
    private readonly waitMs: number,
    private readonly refusal: () => ServiceBusyException,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.enter();
    try {
      return await work();
    } finally {
      this.leave();
    }
  }

  private enter(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const entry = {
        admit: () => {
          clearTimeout(entry.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          reject(this.refusal());
        }, this.waitMs),
      };
      this.waiting.push(entry);
    });
  }

  /** The place passes straight to the first in line, so `active` never dips and lets a newcomer jump it. */
  private leave(): void {
    const next = this.waiting.shift();
    if (next) next.admit();
    else this.active--;
  }
}
