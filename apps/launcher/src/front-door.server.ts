import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import httpProxy from '@fastify/http-proxy';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';

/** Where the front door sends each path; every service keeps its own port as well. */
export interface FrontDoorUpstreams {
  registry: string;
  replication: string;
  nomination: string;
}

export interface FrontDoorOptions {
  upstreams: FrontDoorUpstreams;
  port: number;
  host: string;
  /** The console's static build; missing: `/` answers a short page saying it is not built. */
  consoleDir: string;
}

export interface FrontDoor {
  url: string;
  close(): Promise<void>;
}

/**
 * The path routes, one table for `npm start` and the Compose front door. `rewrite` is what the
 * prefix becomes upstream: '' strips it, the accounts keep theirs because the registry serves them
 * under /accounts.
 */
export const FRONT_DOOR_ROUTES: readonly { prefix: string; to: keyof FrontDoorUpstreams; rewrite: string }[] = [
  { prefix: '/api/registry', to: 'registry', rewrite: '' },
  { prefix: '/api/replication', to: 'replication', rewrite: '' },
  { prefix: '/api/nomination', to: 'nomination', rewrite: '' },
  { prefix: '/api/accounts', to: 'registry', rewrite: '/accounts' },
  { prefix: '/.well-known/jwks.json', to: 'registry', rewrite: '/.well-known/jwks.json' },
];

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Lumbung</title>
<p>The Lumbung console is not built (apps/console/dist is missing). The APIs answer under
<a href="/api/registry/docs">/api/registry</a>, <a href="/api/replication/docs">/api/replication</a> and
<a href="/api/nomination/docs">/api/nomination</a>.</p>\n`;

/**
 * The services count writes per client address from X-Forwarded-For (TRUSTED_PROXY_HOPS=1 behind
 * this door), so what a client wrote there must never reach them: the header is replaced by the
 * TCP peer's address, not appended to. Cookies and Set-Cookie pass untouched (reply-from copies them).
 */
export function forwardedHeaders(req: { raw: { socket: { remoteAddress?: string } }; headers: IncomingHttpHeaders }, headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return {
    ...headers,
    'x-forwarded-for': req.raw.socket.remoteAddress ?? 'unknown',
    'x-forwarded-proto': 'http',
    'x-forwarded-host': req.headers.host,
  };
}

/** Builds the front door without listening, so tests and `startFrontDoor` share it. */
export async function buildFrontDoor(options: Omit<FrontDoorOptions, 'port' | 'host'>): Promise<FastifyInstance> {
  // trustProxy off: request.ip and the forwarded address are the TCP peer, whatever the client wrote.
  const app = Fastify({ trustProxy: false, logger: false });
  for (const route of FRONT_DOOR_ROUTES) {
    await app.register(httpProxy, {
      upstream: options.upstreams[route.to],
      prefix: route.prefix,
      rewritePrefix: route.rewrite,
      replyOptions: { rewriteRequestHeaders: forwardedHeaders },
    });
  }
  const consoleDir = resolve(options.consoleDir);
  const built = existsSync(resolve(consoleDir, 'index.html'));
  if (built) await app.register(fastifyStatic, { root: consoleDir, wildcard: false });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    // A path without a file extension is one of the console's client-side routes.
    const consoleRoute = (req.method === 'GET' || req.method === 'HEAD') && !path.startsWith('/api/') && extname(path) === '';
    if (!consoleRoute) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `No route for ${req.method} ${path}` });
    if (built) return reply.sendFile('index.html');
    return reply.code(path === '/' ? 200 : 404).type('text/html; charset=utf-8').send(NOT_BUILT);
  });
  return app;
}

export async function startFrontDoor(options: FrontDoorOptions): Promise<FrontDoor> {
  const app = await buildFrontDoor(options);
  await app.listen({ port: options.port, host: options.host });
  const { port } = app.server.address() as { port: number };
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return { url: `http://${host}:${port}`, close: () => app.close() };
}
