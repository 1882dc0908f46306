import { Module, type DynamicModule } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import { pino, type Logger } from 'pino';
import type { ServiceEnv } from '../config/service-env.js';
import { CENSOR, lineScrubber, passwordOf, REDACTED_PATHS, scrubUrl } from './redaction.js';

export { REDACTED_PATHS } from './redaction.js';

/** The service's one pino logger: Nest's Logger writes through it, and so does the request line. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** Paths that would drown the log: probes and scrapes. */
const QUIET = /^\/(health|metrics)/;

/**
 * Where the lines go: stdout, each one scrubbed first. Through process.stdout (not pino's own
 * fd writer) so a test can read exactly what an operator's log collector would receive.
 */
export function scrubbingDestination(env: Pick<ServiceEnv, 'BOARD_SESSION_SECRET' | 'DATABASE_URL' | 'REDIS_URL'>): { write(line: string): void } {
  const scrub = lineScrubber([env.BOARD_SESSION_SECRET, passwordOf(env.DATABASE_URL), passwordOf(env.REDIS_URL)]);
  return { write: (line: string) => void process.stdout.write(scrub(line)) };
}

/**
 * One line per request, written when the answer is sent, naming its correlation id: 5xx at error
 * level, everything else at info. No headers at all: they carry the bearer token.
 *
 * A Fastify hook rather than nestjs-pino's pino-http middleware: that one ran through middie on
 * every request and made a child logger for each, even when the level dropped the line, and it was
 * a tenth of the CPU of a registry read in the benchmark's profile.
 */
export function logEachRequest(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const failed = reply.statusCode >= 500;
    if (logger.isLevelEnabled(failed ? 'error' : 'info') && !QUIET.test(request.url)) {
      logger[failed ? 'error' : 'info'](
        {
          correlationId: request.id,
          req: { method: request.method, url: scrubUrl(request.url) },
          res: { statusCode: reply.statusCode },
          responseTime: Math.round(reply.elapsedTime),
        },
        failed ? 'request failed' : 'request completed',
      );
    }
    done();
  });
}

@Module({})
export class LoggingModule {
  static forRoot(service: string, env: Pick<ServiceEnv, 'LOG_LEVEL' | 'BOARD_SESSION_SECRET' | 'DATABASE_URL' | 'REDIS_URL'>): DynamicModule {
    const logger = pino({ level: env.LOG_LEVEL, base: { service }, redact: { paths: REDACTED_PATHS, censor: CENSOR } }, scrubbingDestination(env));
    return {
      module: LoggingModule,
      global: true,
      imports: [
        // Nest's Logger over our pino. No request middleware (forRoutes: none): logEachRequest writes
        // the request line, and a log made while handling a request names its correlation id itself.
        LoggerModule.forRoot({ forRoutes: [], pinoHttp: { logger } }),
      ],
      providers: [{ provide: ROOT_LOGGER, useValue: logger }],
      exports: [ROOT_LOGGER],
    };
  }
}
