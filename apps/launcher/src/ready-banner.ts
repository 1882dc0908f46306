import { signToken } from '@lumbung/platform';
import type { LaunchedSystem } from './system.launcher.js';

export const READY_LINE = 'Lumbung is ready. Ctrl+C stops it.';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${Math.round(bytes / 1048576)} MiB`;

/**
 * A province-admin of Central Java can write everything the demo touches; the demo loader uses it
 * in-process and it is never printed (people sign in, API users run `npm run token`).
 */
export function bannerToken(): string {
  return signToken({ sub: 'dev-province-admin', role: 'province-admin', province: '33' });
}

/** What `npm start` prints once everything answers: where each service is, and how to call it now. */
export function readyBanner(system: LaunchedSystem, signInLines: string[] = []): string {
  const { database, redis, services, frontDoor } = system;
  const first = services[0];
  const lines = [
    '',
    'Lumbung',
    ...(frontDoor ? [`  front door   ${frontDoor.url}   console /, APIs /api/registry /api/replication /api/nomination /api/accounts`] : []),
    ...services.flatMap((s) => [
      `  ${s.name.padEnd(12)} ${s.url}`,
      `  ${''.padEnd(12)}   API docs ${s.url}/docs   ready ${s.url}/health/ready   metrics ${s.url}/metrics`,
    ]),
    '',
    database.embedded
      ? `  database     embedded PostgreSQL (PGlite) at ${database.url}, data in ${database.dataDir}${database.created ? ' (created now)' : ''}`
      : `  database     ${redact(database.url)}`,
    `  redis        ${redact(redis.url)} (${{ given: 'REDIS_URL', local: 'found on the default port', spawned: 'started for this run, no persistence' }[redis.origin]})`,
    `  started in   ${seconds(system.totalMs)} (database ${seconds(database.startMs)}, redis ${seconds(redis.startMs)}, ${services.map((s) => `${s.name} ${seconds(s.startMs)}`).join(', ')}); memory ${mib(process.memoryUsage().rss)} RSS`,
    '',
    ...(signInLines.length ? [...signInLines, ''] : []),
    '  API from the command line (development key, refused in production):',
    `  export TOKEN=$(npm run -s token -- --role province-admin --province 33)`,
    `  curl -s -H "Authorization: Bearer $TOKEN" '${frontDoor ? `${frontDoor.url}/api/registry` : first.url}/regions?parent=33'`,
    '',
    READY_LINE,
    '',
  ];
  return lines.join('\n');
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
