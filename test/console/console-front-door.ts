import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';

/**
 * The built console (apps/console/dist) on one origin with the APIs under /api/*, routed as the
 * front door routes them: /api/registry/x → registry /x, ..., /api/accounts/x → registry /accounts/x.
 * A stand-in for the front door another engineer is building, small enough to read in a test.
 */
export interface FrontDoorRoutes {
  registry: string;
  replication: string;
  nomination: string;
}

export interface FrontDoor {
  url: string;
  close(): Promise<void>;
}

export const CONSOLE_DIST = resolve('apps/console/dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'content-encoding']);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function proxy(target: string, req: IncomingMessage, body: Buffer, res: ServerResponse) {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && typeof v === 'string') headers.set(k, v);
  const upstream = await fetch(target, { method: req.method, headers, body: body.length ? body : undefined, redirect: 'manual' });
  const out: Record<string, string> = {};
  upstream.headers.forEach((v, k) => {
    if (!HOP_BY_HOP.has(k)) out[k] = v;
  });
  res.writeHead(upstream.status, out);
  res.end(Buffer.from(await upstream.arrayBuffer()));
}

function serveStatic(pathname: string, res: ServerResponse) {
  const file = normalize(join(CONSOLE_DIST, decodeURIComponent(pathname)));
  const inside = file.startsWith(CONSOLE_DIST) && existsSync(file) && statSync(file).isFile();
  // Any other address is a page of the single-page app: index.html, and the router takes over.
  const path = inside ? file : join(CONSOLE_DIST, 'index.html');
  res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
  res.end(readFileSync(path));
}

export async function startFrontDoor(routes: FrontDoorRoutes): Promise<FrontDoor> {
  if (!existsSync(join(CONSOLE_DIST, 'index.html'))) throw new Error(`${CONSOLE_DIST}/index.html is missing: run \`npm run build\` (it builds the console) first`);
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://front-door');
      const api = /^\/api\/(registry|replication|nomination|accounts)(\/.*)?$/.exec(url.pathname);
      if (!api) return serveStatic(url.pathname, res);
      const body = await readBody(req);
      const [, service, rest = '/'] = api;
      // /api/accounts itself is the registry's /accounts (the list), not /accounts/: Fastify tells them apart.
      if (service === 'accounts') return proxy(`${routes.registry}/accounts${api[2] ?? ''}${url.search}`, req, body, res);
      return proxy(`${routes[service as 'registry' | 'replication' | 'nomination']}${rest}${url.search}`, req, body, res);
    })().catch((err: Error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`front door: ${err.message}`);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
