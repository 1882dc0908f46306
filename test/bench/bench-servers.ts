import 'reflect-metadata';
import { BacklogGuard, EventReplays, OutboxRelay } from '@lumbung/messaging';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { createBareApp, serveDocument } from './bare-app.js';
import { listenLocal, serveRunner } from './bench-kit.js';

/**
 * The servers under test, in a process of their own so the load generator does not share their
 * event loop. The parent (bench.ts) drives it over IPC: it starts and stops the registry's relay
 * so the event phase can measure a backlog draining, gives the bare app the document to answer,
 * and closes everything at the end.
 */
export type ServersReady = { registryUrl: string; bareUrl: string };
export type ServerCommand = { type: 'relay'; action: 'start' | 'stop' } | { type: 'bare-document'; document: unknown } | { type: 'replays' };

await serveRunner<ServersReady, ServerCommand>(async () => {
  // The relay is started by the parent, so the backlog of the event phase builds up first.
  const { app: registry } = await createRegistryApp({ ...process.env, RELAY_ENABLED: 'false' });
  const bare = await createBareApp();
  const relay = registry.get(OutboxRelay);
  return {
    ready: { registryUrl: await listenLocal(registry), bareUrl: await listenLocal(bare) },
    async handle(command) {
      if (command.type === 'bare-document') {
        serveDocument(command.document);
        return 'bare-document';
      }
      // The stream bench times a backfill from its start to its end: it runs the pending replays itself.
      if (command.type === 'replays') {
        await registry.get(EventReplays).runPending();
        return 'replays';
      }
      if (command.action === 'start') {
        relay.start();
        registry.get(BacklogGuard).start();
      }
      else await relay.stop();
      return `relay:${command.action}`;
    },
    async close() {
      await registry.close();
      await bare.close();
    },
  };
});
