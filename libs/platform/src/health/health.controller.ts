import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators.js';
import { DatabaseHealth } from './database-health.js';
import { ReadinessRegistry } from './readiness.registry.js';

const CHECK_TIMEOUT_MS = 3000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly database: DatabaseHealth,
    private readonly registry: ReadinessRegistry,
  ) {}

  /** The process answers; nothing else is checked, so a database outage never restarts pods. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live() {
    return { status: 'ok' };
  }

  /** Database, Redis and the event worker: 503 with the reason while any is down. */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: database, Redis and the event worker, 503 with the reason while one is down' })
  @HealthCheck()
  ready() {
    const draining = this.registry.shuttingDown;
    return this.health.check([
      ...(draining ? [async () => this.indicator.check('process').down({ message: draining })] : []),
      // The database itself, on a connection of its own: a pool busy with reads is not an outage.
      ...[['database', () => this.database.ping(CHECK_TIMEOUT_MS)] as const, ...this.registry.entries()].map(([name, check]) => async () => {
        const session = this.indicator.check(name);
        try {
          const details = await withTimeout(check(), CHECK_TIMEOUT_MS);
          return session.up(details ?? {});
        } catch (err) {
          return session.down({ message: (err as Error).message });
        }
      }),
    ]);
  }
}
