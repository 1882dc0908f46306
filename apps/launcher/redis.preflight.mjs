// Runs before `npm start` compiles anything (plain JavaScript, so it needs no build): a machine
// without Redis learns it in a second instead of after the build and the database's first start.
// It only looks for a Redis to use; the launcher (local-redis.provider.ts) then connects, finds or
// spawns it, and says the same if that fails.
import { accessSync, constants } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';

const env = process.env;
const onPath = (command) =>
  (env.PATH ?? '').split(delimiter).filter(Boolean).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
const answers = (host, port) =>
  new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 500 });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });

const spawnOnly = env.LUMBUNG_SPAWN_REDIS === '1' || env.LUMBUNG_SPAWN_REDIS === 'true';
const found = !!env.REDIS_URL || onPath('redis-server') || (!spawnOnly && (await answers('127.0.0.1', 6379)));
if (!found) {
  console.error(
    [
      '[lumbung] Lumbung needs Redis for its event queues, and none was found:',
      `  - REDIS_URL is not set, ${spawnOnly ? 'LUMBUNG_SPAWN_REDIS asks for a private one' : 'nothing answers on 127.0.0.1:6379'},`,
      '  - and there is no redis-server on PATH to start one.',
      'Install Redis (Debian/Ubuntu: sudo apt-get install -y --no-install-recommends redis-server;',
      'macOS: brew install redis) and run npm start again, or point REDIS_URL at a Redis of yours.',
    ].join('\n'),
  );
  process.exit(1);
}
