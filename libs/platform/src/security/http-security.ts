import type { ServerResponse } from 'node:http';
import fastifyCors from '@fastify/cors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { corsOrigins, type ServiceEnv } from '../config/service-env.js';

/**
 * Pages meant for a browser: Swagger UI and the Bull Board dashboard. Their HTML runs inline
 * scripts and styles, so they get a CSP that allows those from the service's own origin.
 * /docs-json and /docs-yaml are documents, not pages, and keep the strict policy.
 */
export const BROWSER_PAGES = /^\/(docs|admin\/board)(\/|$)/;

/** What every answer carries, API and pages alike: no framing, no referrer, HTTPS only. */
const SHARED_HEADERS = {
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  hsts: { maxAge: 31_536_000, includeSubDomains: true },
} satisfies HelmetOptions;

/**
 * The API answers JSON only: nothing in it may load, run, frame or submit anything. A browser
 * that renders an answer by mistake (a sniffed type, a hostile link) gets an inert document.
 * Helmet's switches for HTML documents in old or particular browsers (X-XSS-Protection,
 * X-Download-Options, X-DNS-Prefetch-Control, X-Permitted-Cross-Domain-Policies,
 * Origin-Agent-Cluster) mean nothing on a JSON answer (OWASP's REST security cheat sheet lists the
 * set kept here), and were a quarter of the bytes every client parses on every answer.
 */
const API_HEADERS: HelmetOptions = {
  ...SHARED_HEADERS,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
  },
  xXssProtection: false,
  xDownloadOptions: false,
  xDnsPrefetchControl: false,
  xPermittedCrossDomainPolicies: false,
  originAgentCluster: false,
};

/** The pages are HTML documents: they keep all of helmet's headers, with a CSP of their own. */
const PAGE_HEADERS: HelmetOptions = {
  ...SHARED_HEADERS,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
    },
  },
};

/**
 * The headers helmet sets for a policy, worked out once. Helmet's values depend on its options only,
 * so they are the same for every answer; @fastify/helmet instead builds a new helmet middleware
 * (parsing the CSP again) on every request, which the registry's read benchmark showed as a cost.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  } as unknown as ServerResponse;
  void helmet(options)({} as never, recorder, () => undefined);
  return headers;
}

/**
 * Security headers on every answer, and CORS only for the origins CORS_ORIGINS names. Answers carry
 * data scoped to the caller's token, so no shared cache may keep one for the next caller: no-store,
 * unless a route says otherwise.
 */
export async function applyHttpSecurity(app: NestFastifyApplication, env: Pick<ServiceEnv, 'CORS_ORIGINS'>): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const api = { ...helmetHeaders(API_HEADERS), 'cache-control': 'no-store' };
  const pages = helmetHeaders(PAGE_HEADERS);
  fastify.addHook('onRequest', (request, reply, done) => {
    // Set before the handler runs, so a route that sets its own header (cache-control, a CSP) wins.
    reply.headers(BROWSER_PAGES.test(request.url) ? pages : api);
    done();
  });

  const origins = corsOrigins(env);
  if (!origins.length) return; // No CORS plugin at all: no Access-Control-* header, so other origins read nothing.
  await app.register(fastifyCors as never, {
    origin: origins,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'if-match', 'x-correlation-id'],
    exposedHeaders: ['etag', 'x-correlation-id', 'retry-after', 'location'],
    // Bearer tokens, not cookies: a cross-origin page never needs the browser's credentials.
    credentials: false,
    maxAge: 600,
  });
}
