import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';

/** Paths that would drown the log: probes and scrapes. */
const QUIET = /^\/(health|metrics)/;

export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', '*.token', '*.password', '*.secret', '*.JWT_SECRET'];

@Module({})
export class LoggingModule {
  static forRoot(service: string, level: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level,
            base: { service },
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            // The correlation id chosen by Fastify's genReqId (see http-app.ts) names the request line too.
            genReqId: (req: IncomingMessage) => (req as IncomingMessage & { correlationId?: string }).correlationId ?? randomUUID(),
            customAttributeKeys: { reqId: 'correlationId' },
            autoLogging: { ignore: (req: IncomingMessage) => QUIET.test(req.url ?? '') },
            serializers: {
              req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
      ],
    };
  }
}
