import { userInfo } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { CommandContext } from '@lumbung/platform';
import { createNominationApp } from '../../nomination/src/nomination.app.js';
import { createRegistryApp } from '../../registry/src/registry.app.js';

export type CliService = 'registry' | 'nomination';

/**
 * A service's module, booted in this process without its HTTP listener, relay or workers: the CLI
 * writes rows and outbox rows through the service's own code, and the running service relays the
 * events (or relays them once it starts: the outbox keeps them). Migrations are the services' job.
 */
export async function withService<T>(service: CliService, env: Record<string, string | undefined>, work: (app: INestApplication) => Promise<T>): Promise<T> {
  const source = { LOG_LEVEL: 'warn', ...env, RUN_MIGRATIONS: 'false', RELAY_ENABLED: 'false', WORKER_ENABLED: 'false' };
  const create = service === 'registry' ? createRegistryApp : createNominationApp;
  const { app } = await create(source, { eventConsumer: false });
  try {
    // What listen() would do: the providers' start-up hooks (the region catalogue loads in one).
    await app.init();
    // The last write's wake of the relays goes out before the connections close (OutboxWake's shutdown hook).
    return await work(app);
  } finally {
    await app.close();
  }
}

/**
 * Who a CLI write is by: the operator's account on the machine, with a national admin's reach,
 * since whoever can run the CLI holds the database's credentials anyway. The history and the
 * events name them as cli:<user>.
 */
export function cliContext(): CommandContext {
  return { actor: { sub: `cli:${userInfo().username}`, role: 'national-admin' }, correlationId: randomUUID() };
}
