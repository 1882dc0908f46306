import { startFrontDoor } from './front-door.server.js';

/**
 * The front door on its own, for Compose: the same routing `npm start` runs in process, in front of
 * services reached by name. REGISTRY_URL, REPLICATION_URL and NOMINATION_URL say where they are.
 */
const env = process.env;
const need = (name: string) => {
  const value = env[name];
  if (!value || !/^https?:\/\/.+/.test(value)) {
    console.error(`front door: ${name} must be the service's http:// URL (got "${value ?? ''}")`);
    process.exit(64);
  }
  return value;
};

const door = await startFrontDoor({
  upstreams: { registry: need('REGISTRY_URL'), replication: need('REPLICATION_URL'), nomination: need('NOMINATION_URL') },
  port: Number(env.FRONT_DOOR_PORT || 3000),
  host: env.FRONT_DOOR_HOST || '0.0.0.0',
  consoleDir: env.LUMBUNG_CONSOLE_DIR || 'apps/console/dist',
});
console.log(`front door listening on ${door.url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void door.close().then(() => process.exit(0)));
}
