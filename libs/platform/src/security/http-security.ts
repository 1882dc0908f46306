import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { corsOrigins, type ServiceEnv } from '../config/service-env.js';

/**
 * Pages meant for a browser: Swagger UI and the Bull Board dashboard. Their HTML runs inline
 * scripts and styles, so they get a CSP that allows those from the service's own origin.
 * /docs-json and /docs-yaml are documents, not pages, and keep the strict policy.
 */
export const BROWSER_PAGES = /^\/(docs|admin\/board)(\/|$)/;

/**
 * The API answers JSON only: nothing in it may load, run, frame or submit anything. A browser
 * that renders an answer by mistake (a sniffed type, a hostile link) gets an inert document.
 */
const API_HEADERS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
  },
  frameguard: { action: 'deny' as const },
  referrerPolicy: { policy: 'no-referrer' as const },
  hsts: { maxAge: 31_536_000, includeSubDomains: true },
};

const PAGE_HEADERS = {
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
 * Security headers on every answer, and CORS only for the origins CORS_ORIGINS names. Call before
 * any route is registered: the browser pages get their relaxed policy as each route is added.
 */
export async function applyHttpSecurity(app: NestFastifyApplication, env: Pick<ServiceEnv, 'CORS_ORIGINS'>): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Added before helmet's own onRoute hook, which reads the route's `helmet` option we set here.
  fastify.addHook('onRoute', (route) => {
    if (BROWSER_PAGES.test(route.url)) (route as { helmet?: unknown }).helmet = PAGE_HEADERS;
  });
  await app.register(fastifyHelmet as never, { global: true, ...API_HEADERS });
  fastify.addHook('onSend', async (request, reply) => {
    // Answers carry data scoped to the caller's token: no shared cache may keep one for the next caller.
    if (!reply.hasHeader('cache-control') && !BROWSER_PAGES.test(request.url)) reply.header('cache-control', 'no-store');
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
