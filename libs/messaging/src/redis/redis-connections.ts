import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { ServiceEnv } from '@lumbung/platform';

/**
 * The service's Redis connections, made per the BullMQ production guide: workers wait forever
 * for Redis (maxRetriesPerRequest: null) and reconnect by themselves; producers fail fast
 * (no offline queue), because the outbox keeps every event until the relay manages to send it.
 */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly made: Redis[] = [];

  constructor(private readonly env: ServiceEnv) {}

  producer(): Redis {
    return this.make({ enableOfflineQueue: false, maxRetriesPerRequest: 1 }, 'producer');
  }

  /** For health checks: queues commands while (re)connecting, gives up on each after one retry. */
  probe(): Redis {
    return this.make({ maxRetriesPerRequest: 1 }, 'probe');
  }

  worker(): Redis {
    return this.make({ maxRetriesPerRequest: null }, 'worker');
  }

  private make(options: RedisOptions, role: string): Redis {
    const connection = new Redis(this.env.REDIS_URL, {
      ...options,
      connectionName: `lumbung-${role}`,
      retryStrategy: (times) => Math.min(times * 200, 5000),
    });
    connection.on('error', (err) => this.logger.warn(`${role} connection: ${err.message}`));
    this.made.push(connection);
    return connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.made.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
