import { Injectable } from '@nestjs/common';

/** A check readiness runs; resolves with details when up, throws with the reason when not. */
export type ReadinessCheck = () => Promise<Record<string, unknown> | void>;

/**
 * Modules that own a dependency (the database here, Redis and the worker in messaging) register
 * their checks, so /health/ready covers everything the service needs without knowing it.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private draining?: string;

  /**
   * From SIGTERM on, readiness fails with this reason while in-flight work finishes, so a load
   * balancer stops routing requests here before the listener closes.
   */
  markShuttingDown(reason = 'shutting down: finishing in-flight requests and jobs'): void {
    this.draining = reason;
  }

  get shuttingDown(): string | undefined {
    return this.draining;
  }

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  entries(): [string, ReadinessCheck][] {
    return [...this.checks.entries()];
  }
}
