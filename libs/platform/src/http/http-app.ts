import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import fastifyMultipart from '@fastify/multipart';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { ServiceEnv } from '../config/service-env.js';
import { logEachRequest, ROOT_LOGGER } from '../logging/logging.module.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { applyHttpSecurity } from '../security/http-security.js';
import { databaseProbe, type DatabaseProbe } from './database-error.filter.js';
import { problemResponsesIn } from './openapi-problems.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { createValidationPipe } from './validation.js';

export const MAX_BODY_BYTES = 1024 * 1024;

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export interface HttpAppOptions {
  title: string;
  description: string;
  version?: string;
}

/** Reuses a well-formed X-Correlation-Id from the caller, so one id follows a story across services. */
function correlationIdOf(req: IncomingMessage): string {
  const given = req.headers['x-correlation-id'];
  const id = typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
  (req as IncomingMessage & { correlationId?: string }).correlationId = id;
  return id;
}

/** A service's HTTP app on Fastify, with security headers, CORS when configured, validation, error mapping, metrics, OpenAPI and shutdown hooks. */
export async function createHttpApp(module: Type<unknown>, options: HttpAppOptions): Promise<NestFastifyApplication> {
  // bodyLimit: the largest honest body (an innovation with its evidence) is a few KiB; above 1 MiB is 413.
  const adapter = new FastifyAdapter({ genReqId: correlationIdOf, bodyLimit: MAX_BODY_BYTES, trustProxy: true });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(app.getHttpAdapter(), probeOf(app)));
  app.enableShutdownHooks();
  await applyHttpSecurity(app, app.get(ServiceEnv));
  // Evidence documents arrive as multipart/form-data, streamed: one file and a few fields per request,
  // the file cut at DOCUMENTS_MAX_BYTES (the route refuses a cut file). JSON routes are unaffected.
  // preservePath: the name as sent, so a name holding a path is refused, not silently cut to its last part.
  await app.register(fastifyMultipart as never, { preservePath: true, limits: { files: 1, fields: 4, parts: 5, fileSize: app.get(ServiceEnv).DOCUMENTS_MAX_BYTES } });
  limitConnections(app.getHttpServer() as Server, app.get(ServiceEnv));

  const metrics = app.get(MetricsService);
  const fastify = app.getHttpAdapter().getInstance();
  logEachRequest(fastify, app.get(ROOT_LOGGER));
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-correlation-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  setupOpenApi(app, options);
  return app;
}

/**
 * Closes what holds a connection without making a request of it. Node's defaults let a socket that
 * never sends a byte, or sends its headers a byte at a time, live for minutes (200 of them stayed
 * open indefinitely when test/abuse tried), and accept any number of them. Set on Node's server
 * before it listens: Node reads connectionsCheckingInterval when listening starts, and that interval
 * is how often it looks for requests past their headers or request timeout.
 */
export function limitConnections(server: Server, env: Pick<ServiceEnv, 'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_REQUEST_TIMEOUT_MS' | 'HTTP_KEEP_ALIVE_TIMEOUT_MS' | 'HTTP_MAX_CONNECTIONS'>): void {
  server.headersTimeout = env.HTTP_HEADERS_TIMEOUT_MS;
  server.requestTimeout = env.HTTP_REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = env.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  // A check every half headers timeout (at most every 5 s): a socket lives at most 1.5x its timeout.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(50, Math.min(5_000, Math.floor(env.HTTP_HEADERS_TIMEOUT_MS / 2)));
  if (env.HTTP_MAX_CONNECTIONS > 0) server.maxConnections = env.HTTP_MAX_CONNECTIONS;
}

/** The app's database, probed by the error filter when an unexpected error may be an outage; none in an app without one. */
function probeOf(app: INestApplication): DatabaseProbe | undefined {
  try {
    const db = app.get(DataSource, { strict: false });
    return databaseProbe((sql) => db.query(sql));
  } catch {
    return undefined;
  }
}

function setupOpenApi(app: INestApplication, options: HttpAppOptions): void {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion(options.version ?? '1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  const document = problemResponsesIn(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    // The UI's assets come through @fastify/static, which requires an ESM-only package that Jest's
    // module runtime cannot load on Node 20. Under Jest only the documents are served.
    swaggerUiEnabled: process.env.JEST_WORKER_ID === undefined,
  });
}
