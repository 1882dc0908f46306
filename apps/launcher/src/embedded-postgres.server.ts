import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';
import { PgliteProtocolQueue } from './pglite-protocol.queue.js';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Every pool of every service plus each relay's LISTEN connection must fit; past it, connections are cut. */
  maxConnections: number;
}

export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  /** True when this start ran initdb (a new data directory): the slow first start. */
  created: boolean;
  stop(): Promise<void>;
  /** Out of time to stop: drop the lock and PGlite's pid file so the next start is not refused. */
  abandon(): void;
}

export class DataDirInUseError extends Error {}

/**
 * One PGlite (PostgreSQL compiled to WebAssembly, in this process) served over the wire protocol
 * on 127.0.0.1, so the services connect with pg and TypeORM exactly as to a real server.
 *
 * Its limits (ecosystem-research.md §1): it runs one transaction at a time across all connections,
 * LISTEN/NOTIFY between connections never arrives (the relay polls), and session state is shared.
 * pglite-socket's handlers do the wire framing; the scheduling across connections is ours
 * (PgliteProtocolQueue): the library's own queue interleaves the statements of different connections.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const lock = lockDataDir(options.dataDir);
  let db: PGlite | undefined;
  try {
    const created = !existsPgVersion(options.dataDir);
    // pgcrypto because TypeORM's uuidExtension: 'pgcrypto' runs CREATE EXTENSION when entities have generated uuids.
    db = await PGlite.create({ dataDir: options.dataDir, extensions: { pgcrypto } });
    await db.exec('CREATE EXTENSION IF NOT EXISTS pgcrypto');
    const server = await serve(db, options.maxConnections);
    const url = `postgres://postgres@127.0.0.1:${(server.address() as AddressInfo).port}/postgres`;
    const opened = db;
    return {
      url,
      dataDir: options.dataDir,
      created,
      async stop() {
        await server.stopServing();
        // close() flushes the data directory; skipping it can leave a half-written one behind.
        await opened.close();
        lock.release();
      },
      abandon() {
        rmSync(`${options.dataDir}/postmaster.pid`, { force: true });
        lock.release();
      },
    };
  } catch (err) {
    await db?.close().catch(() => undefined);
    lock.release();
    throw err;
  }
}

/** Like PGLiteSocketServer (loopback, a connection cap), with a queue that keeps each connection's statements whole. */
async function serve(db: PGlite, maxConnections: number): Promise<Server & { stopServing(): Promise<void> }> {
  const queue = new PgliteProtocolQueue(db);
  const handlers = new Set<PGLiteSocketHandler>();
  const server = createServer((socket) => {
    if (handlers.size >= maxConnections) {
      socket.end('Too many connections\n');
      return;
    }
    const handler = new PGLiteSocketHandler({ queryQueue: queue as unknown as PGLiteSocketHandlerOptions['queryQueue'], closeOnDetach: true });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    handler.attach(socket).catch(() => {
      forget();
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return Object.assign(server, {
    async stopServing() {
      await Promise.all([...handlers].map((h) => h.detach(true)));
      handlers.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

function existsPgVersion(dataDir: string): boolean {
  try {
    readFileSync(`${dataDir}/PG_VERSION`);
    return true;
  } catch {
    return false;
  }
}

/**
 * PGlite has no lock of its own: two processes opening one data directory corrupt it. A pid file
 * beside the directory refuses a second launcher while the first is alive and is taken over
 * when its owner died without cleaning up.
 */
function lockDataDir(dataDir: string): { release(): void } {
  const lockFile = `${dataDir}.lock`;
  mkdirSync(dirname(lockFile), { recursive: true });
  let holder: number | undefined;
  try {
    holder = Number(readFileSync(lockFile, 'utf8').trim()) || undefined;
  } catch {
    holder = undefined;
  }
  if (holder && holder !== process.pid && isAlive(holder)) {
    throw new DataDirInUseError(
      `The embedded database in ${dataDir} is in use by process ${holder} (another npm start?). ` +
        `Stop it first, or give this one its own directory with LUMBUNG_DATA_DIR=<path>.`,
    );
  }
  writeFileSync(lockFile, String(process.pid));
  return { release: () => rmSync(lockFile, { force: true }) };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
