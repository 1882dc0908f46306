import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { InvalidEnvironmentError } from '@lumbung/platform';
import { DataDirInUseError } from './embedded-postgres.server.js';
import { InvalidLauncherEnvironmentError } from './launcher.env.js';
import { RedisUnavailableError } from './local-redis.provider.js';
import { demoAccountLines, firstAdminLines } from './first-accounts.js';
import { bannerToken, readyBanner } from './ready-banner.js';
import { launchSystem, type LaunchedSystem } from './system.launcher.js';
import { loadDemo } from './demo/demo.loader.js';

/**
 * `npm start`: the whole system in one process, on the embedded default unless DATABASE_URL and
 * REDIS_URL say otherwise. `npm start -- --demo` also loads the demo data through the API.
 */
const { values: flags } = parseArgs({ options: { demo: { type: 'boolean', default: false } } });
const say = (line: string) => console.log(`[lumbung] ${line}`);

let system: LaunchedSystem | undefined;
let stopRequested: NodeJS.Signals | undefined;

/**
 * The first signal starts an orderly stop: front door, services (their relays and workers drain),
 * the database, then Redis. Ctrl+C reaches this process twice (from the terminal and forwarded by
 * npm), and an impatient user presses it again: further signals only say that the stop is under
 * way. Whatever has not stopped when the grace period ends is killed and its files removed, so
 * every way of stopping ends the whole system and leaves nothing behind.
 */
function stop(signal: NodeJS.Signals): void {
  if (stopRequested) {
    if (system) say(`${signal}: already stopping`);
    return;
  }
  stopRequested = signal;
  // A signal during start is honoured once start has finished, so nothing is left half-open.
  if (!system) return;
  const running = system;
  say(`${signal}: stopping the front door and the services, then the database and Redis…`);
  const deadline = setTimeout(() => {
    console.error(`[lumbung] not stopped within ${running.settings.stopGraceMs} ms: killing what is left`);
    running.abandon();
    process.exit(1);
  }, running.settings.stopGraceMs);
  running.close().then(
    () => {
      clearTimeout(deadline);
      say('stopped');
      process.exit(0);
    },
    (err: Error) => {
      console.error(`[lumbung] stop failed: ${err.stack ?? err.message}`);
      running.abandon();
      process.exit(1);
    },
  );
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);

try {
  system = await launchSystem(process.env, say);
} catch (err) {
  const known = [InvalidEnvironmentError, InvalidLauncherEnvironmentError, RedisUnavailableError, DataDirInUseError].some((E) => err instanceof E);
  console.error(known ? `[lumbung] ${(err as Error).message}` : err);
  process.exit(1);
}

if (stopRequested) {
  const signal = stopRequested;
  stopRequested = undefined;
  stop(signal);
} else {
  console.log(readyBanner(system, await firstAdminLines(system)));
  if (flags.demo) {
    const registry = system.services.find((s) => s.name === 'registry')!;
    const token = bannerToken();
    try {
      const summary = await loadDemo({ registryUrl: registry.url, token, log: say });
      say(summary);
      const agencyIdOf = async (region: string, name: string) => {
        const res = await fetch(`${registry.url}/agencies?region=${region}`, { headers: { authorization: `Bearer ${token}` } });
        return ((await res.json()) as { id: string; name: string }[]).find((a) => a.name === name)?.id;
      };
      console.log((await demoAccountLines(system, agencyIdOf)).join('\n'));
    } catch (err) {
      console.error(`[lumbung] demo data could not be loaded: ${(err as Error).message}`);
    }
  }
}
