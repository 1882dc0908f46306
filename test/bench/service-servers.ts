import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { createNominationApp } from '../../apps/nomination/src/nomination.app.js';
import { createReplicationApp } from '../../apps/replication/src/replication.app.js';
import { createBareApp } from './bare-app.js';
import { listenLocal, serveRunner } from './bench-kit.js';

/**
 * One server of a bench, in a process of its own as each service runs in production, so the
 * callers' CPU does not count against it: `node service-servers.js registry|replication|nomination|bare`
 * (startServiceServer in bench-kit). The parent reads its URL from the first IPC message and sends
 * { type: 'close' } at the end.
 */
export type ServiceServerReady = { url: string };
export type ServiceServer = 'registry' | 'replication' | 'nomination' | 'bare';

const which = process.argv[2];

await serveRunner<ServiceServerReady>(async () => {
  let app: NestFastifyApplication;
  if (which === 'registry') app = (await createRegistryApp(process.env)).app;
  else if (which === 'replication') app = (await createReplicationApp(process.env)).app;
  else if (which === 'nomination') app = (await createNominationApp(process.env)).app;
  else if (which === 'bare') app = await createBareApp();
  else throw new Error(`unknown server "${which}"`);
  return { ready: { url: await listenLocal(app) }, close: () => app.close() };
});
