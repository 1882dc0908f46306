import 'reflect-metadata';
import { OutboxRelay } from '@lumbung/messaging';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { createBareApp } from './bare-app.js';

/**
 * The servers under test, in a process of their own so the load generator does not share their
 * event loop. The parent (bench.ts) drives it over IPC: it starts and stops the registry's relay
 * so the event phase can measure a backlog draining, and closes everything at the end.
 */
export type ServerCommand = { type: 'relay'; action: 'start' | 'stop' } | { type: 'close' };
export type ServerReply = { type: 'ready'; registryUrl: string; bareUrl: string } | { type: 'done'; of: string } | { type: 'failed'; message: string };

const send = (reply: ServerReply) => process.send!(reply);

async function listen(app: NestFastifyApplication): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
}

try {
  // The relay is started by the parent, so the backlog of the event phase builds up first.
  const { app: registry } = await createRegistryApp({ ...process.env, RELAY_ENABLED: 'false' });
  const bare = await createBareApp();
  const relay = registry.get(OutboxRelay);
  send({ type: 'ready', registryUrl: await listen(registry), bareUrl: await listen(bare) });

  process.on('message', (command: ServerCommand) => {
    const run = async () => {
      if (command.type === 'relay') {
        if (command.action === 'start') relay.start();
        else await relay.stop();
        send({ type: 'done', of: `relay:${command.action}` });
      } else {
        await registry.close();
        await bare.close();
        send({ type: 'done', of: 'close' });
        process.disconnect();
      }
    };
    run().catch((err: Error) => send({ type: 'failed', message: err.stack ?? err.message }));
  });
} catch (err) {
  send({ type: 'failed', message: (err as Error).stack ?? String(err) });
  process.exitCode = 1;
  process.disconnect();
}
