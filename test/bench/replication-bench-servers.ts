import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { createReplicationApp } from '../../apps/replication/src/replication.app.js';
import { createBareApp } from './bare-app.js';
import { listenLocal, serveRunner } from './bench-kit.js';

/**
 * One server of the replication bench, in a process of its own as each service runs in production:
 * `node replication-bench-servers.js registry|replication|bare`. The parent reads its URL from the
 * first IPC message and sends { type: 'close' } at the end.
 */
export type ReplicationServerReady = { url: string };

const which = process.argv[2];

await serveRunner<ReplicationServerReady>(async () => {
  let app: NestFastifyApplication;
  if (which === 'registry') app = (await createRegistryApp(process.env)).app;
  else if (which === 'replication') app = (await createReplicationApp(process.env)).app;
  else if (which === 'bare') app = await createBareApp();
  else throw new Error(`unknown server "${which}"`);
  return { ready: { url: await listenLocal(app) }, close: () => app.close() };
});
