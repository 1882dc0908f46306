import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { ServiceEnv } from '../config/service-env.js';
import { SERVICE_NAME } from '../config/service-name.js';

/**
 * Whether the database answers, asked on a connection of its own. Readiness used to ping through
 * the service's pool: when thirty searches held every pooled connection the ping queued behind them
 * and timed out, and readiness reported a busy pool as a dead database, taking the replica (all of
 * them, under the same load) out of rotation just when it was needed. One connection more per
 * process, made on the first probe and made again after a failure.
 */
@Injectable()
export class DatabaseHealth implements OnApplicationShutdown {
  private client?: pg.Client;
  private connecting?: Promise<pg.Client>;

  constructor(
    @Inject(ServiceEnv) private readonly env: ServiceEnv,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  /** Resolves with the round trip in ms when `SELECT 1` answers within `timeoutMs`; throws with the reason otherwise. */
  async ping(timeoutMs: number): Promise<{ responseTimeMs: number }> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)));
    try {
      await Promise.race([this.connection().then((client) => client.query('SELECT 1')), timeout]);
      return { responseTimeMs: Date.now() - started };
    } catch (err) {
      this.drop();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.env.DATABASE_URL, application_name: `lumbung-${this.service}-health`, connectionTimeoutMillis: 5000 });
      // A dropped connection reports here; the next probe connects again.
      client.on('error', () => this.drop());
      try {
        await client.connect();
        this.client = client;
        return client;
      } catch (err) {
        void client.end().catch(() => undefined);
        throw err;
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  private drop(): void {
    const client = this.client;
    this.client = undefined;
    void client?.end().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
