import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ServiceEnv } from '../config/service-env.js';
import { CENSOR, lineScrubber, passwordOf, REDACTED_PATHS, scrubUrl } from './redaction.js';

export { REDACTED_PATHS } from './redaction.js';

/** Paths that would drown the log: probes and scrapes. */
const QUIET = /^\/(health|metrics)/;

/**
 * Where the lines go: stdout, each one scrubbed first. Through process.stdout (not pino's own
 * fd writer) so a test can read exactly what an operator's log collector would receive.
 */
export function scrubbingDestination(env: Pick<ServiceEnv, 'JWT_SECRET' | 'DATABASE_URL' | 'REDIS_URL'>): { write(line: string): void } {
  const scrub = lineScrubber([env.JWT_SECRET, passwordOf(env.DATABASE_URL), passwordOf(env.REDIS_URL)]);
  return { write: (line: string) => void process.stdout.write(scrub(line)) };
}

@Module({})
export class LoggingModule {
  static forRoot(service: string, env: Pick<ServiceEnv, 'LOG_LEVEL' | 'JWT_SECRET' | 'DATABASE_URL' | 'REDIS_URL'>): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          // nestjs-pino's default route, '{/*splat}', matches no request under Nest 12 on Fastify, so no
          // request line was ever written (found by test/abuse's redaction test); this one matches all.
          forRoutes: ['{*path}'],
          pinoHttp: [
            {
              level: env.LOG_LEVEL,
              base: { service },
              redact: { paths: REDACTED_PATHS, censor: CENSOR },
              // The correlation id chosen by Fastify's genReqId (see http-app.ts) names the request line too.
              genReqId: (req: IncomingMessage) => (req as IncomingMessage & { correlationId?: string }).correlationId ?? randomUUID(),
              // The request line names its correlation id at the top level, where log queries look for it.
              customProps: (req: IncomingMessage) => ({ correlationId: (req as IncomingMessage & { id?: unknown }).id }),
              autoLogging: { ignore: (req: IncomingMessage) => QUIET.test(req.url ?? '') },
              serializers: {
                // No headers at all: they carry the bearer token, and the correlation id is logged apart.
                req: (req: { method: string; url: string }) => ({ method: req.method, url: scrubUrl(req.url ?? '') }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
            },
            scrubbingDestination(env),
          ],
        }),
      ],
    };
  }
}
