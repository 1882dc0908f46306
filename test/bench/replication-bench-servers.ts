import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { createReplicationApp } from '../../apps/replication/src/replication.app.js';
import { createBareApp } from './bare-app.js';

/**
 * One server of the replication bench, in a process of its own as each service runs in production:
 * `node replication-bench-servers.js registry|replication|bare`. The parent reads its URL from the
 * first IPC message and sends { type: 'close' } at the end.
 */
export type ReplicationServerReply = { type: 'ready'; url: string } | { type: 'closed' } | { type: 'failed'; message: string };

const send = (reply: ReplicationServerReply) => process.send!(reply);
const which = process.argv[2];

try {
  let app: NestFastifyApplication;
  if (which === 'registry') app = (await createRegistryApp(process.env)).app;
  else if (which === 'replication') app = (await createReplicationApp(process.env)).app;
  else if (which === 'bare') app = await createBareApp();
  else throw new Error(`unknown server "${which}"`);
  await app.listen({ port: 0, host: '127.0.0.1' });
  send({ type: 'ready', url: `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}` });
  process.on('message', (command: { type: string }) => {
    if (command.type !== 'close') return;
    app.close().then(
      () => {
        send({ type: 'closed' });
        process.disconnect();
      },
      (err: Error) => send({ type: 'failed', message: err.stack ?? err.message }),
    );
  });
} catch (err) {
  send({ type: 'failed', message: (err as Error).stack ?? String(err) });
  process.exitCode = 1;
  process.disconnect();
}
