import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type HttpServer } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { throwError, type Observable } from 'rxjs';
import { ServiceBusyException } from './concurrency-gate.js';

// 57P0x: the server is shutting down or starting; 08xxx: connection failures; 53300: no connection slot left.
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
/** statement_timeout ran out (or an operator cancelled the statement). */
const QUERY_CANCELED = '57014';
/** Seconds a client should wait before retrying a write refused because the database is away; a restart takes a few. */
const RETRY_AFTER_SECONDS = '5';
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error|Connection is not established|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|Client was closed and is not queryable/i;

type DriverError = Error & { code?: string; driverError?: { code?: string } };

/** Resolves true when the database answers a trivial query within a moment. */
export type DatabaseProbe = () => Promise<boolean>;

/** A `SELECT 1` on the service's own pool, given up after a second and a half. */
export function databaseProbe(query: (sql: string) => Promise<unknown>, timeoutMs = 1_500): DatabaseProbe {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([query('SELECT 1').then(() => true, () => false), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** A malformed or empty JSON body (Fastify's FST_ERR_CTP_* errors, which Nest wraps as a 400 HttpException). */
export function isUnparsableBody(exception: unknown): exception is HttpException {
  if (!(exception instanceof HttpException) || exception.getStatus() !== HttpStatus.BAD_REQUEST) return false;
  const code = (exception.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('FST_ERR_CTP_');
}

/**
 * The service's one global exception filter.
 * - HTTP: database failures are never the caller's fault: a lost connection is 503 (retry later),
 *   a unique or serialization race is 409. HTTP exceptions and anything else go to Nest's handling.
 * - An error of any other shape while the database cannot be reached is the outage's too: a connection
 *   dropped mid-transaction surfaces from pg and TypeORM in forms no list keeps up with (a released
 *   query runner, a rollback on a dead socket). Only for such unknown errors is the database probed.
 * - Event handlers: the original error goes back to the queue transport unchanged. Nest's default
 *   RPC filter would turn it into { message: 'Internal server error' }, losing both the type that
 *   tells an UnrecoverableError (dead letter now) from a transient one (retry) and the message the
 *   dead letter should record.
 */
@Catch()
export class DatabaseErrorFilter extends BaseExceptionFilter {
  constructor(
    applicationRef: ConstructorParameters<typeof BaseExceptionFilter>[0],
    private readonly databaseReachable?: DatabaseProbe,
  ) {
    super(applicationRef);
  }

  override catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    if (host.getType() === 'rpc') return throwError(() => exception);
    if (host.getType() === 'http' && isUnparsableBody(exception)) {
      // Fastify refuses such a body before any DTO sees it; name it like every other bad field.
      this.respond(host, HttpStatus.BAD_REQUEST, {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed',
        code: 'validation.failed',
        errors: [{ field: 'body', messages: [exception.message], code: 'field.unparsable' }],
      });
      return;
    }
    if (host.getType() === 'http' && exception instanceof ServiceBusyException) {
      host.switchToHttp().getResponse<{ header(name: string, value: string): unknown }>().header('retry-after', String(exception.retryAfterSeconds));
      return super.catch(exception, host);
    }
    if (host.getType() !== 'http' || exception instanceof HttpException || !(exception instanceof Error)) {
      return super.catch(exception, host);
    }
    const err = exception as DriverError;
    const code = err.driverError?.code ?? err.code;
    if ((code && UNAVAILABLE_CODES.has(code)) || UNAVAILABLE_MESSAGES.test(err.message)) return this.unavailable(host);
    if (code === QUERY_CANCELED) {
      // A bounded read ran out of its statement timeout (see queryWithin): the service is loaded, the request was fine.
      const body = { statusCode: 503, error: 'Service Unavailable', code: 'read.timeout', message: 'The read took too long under the current load; try again shortly' };
      this.respond(host, HttpStatus.SERVICE_UNAVAILABLE, body, { 'retry-after': RETRY_AFTER_SECONDS });
      return;
    }
    if (code === '23505' || code === '40001' || code === '40P01') {
      this.respond(host, HttpStatus.CONFLICT, { statusCode: 409, error: 'Conflict', message: 'The change conflicts with another one; reload and try again' });
      return;
    }
    if (!this.databaseReachable) return super.catch(exception, host);
    // Answered once the probe settles; Nest's router hands Fastify the reply, which waits for it.
    void this.databaseReachable().then((reachable) => (reachable ? super.catch(exception, host) : this.unavailable(host)));
  }

  /**
   * Nest's answer to an unexpected error (a 500, or the status a Fastify error carries); a 5xx is
   * logged with the request's correlation id: Nest's own line has no request context, since no per-request logger
   * is bound (see logEachRequest).
   */
  override handleUnknownError(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<{ id?: unknown; method?: string } | undefined>();
    const statusCode = this.isHttpError(exception) ? exception.statusCode : HttpStatus.INTERNAL_SERVER_ERROR;
    const body = this.isHttpError(exception) ? { statusCode, message: this.getHttpErrorMessage(exception) } : { statusCode, message: 'Internal server error' };
    this.respond(host, statusCode, body);
    // A 4xx of Fastify's own (a body too large) is the caller's, and its request line says so.
    if (statusCode >= 500) UNEXPECTED.error({ msg: 'unexpected error', correlationId: request?.id, method: request?.method, err: exception });
  }

  /** The outage is the server's, not the caller's: tell clients and proxies when to try again. */
  private unavailable(host: ArgumentsHost): void {
    const body = { statusCode: 503, error: 'Service Unavailable', message: 'The database is unavailable; try again shortly' };
    this.respond(host, HttpStatus.SERVICE_UNAVAILABLE, body, { 'retry-after': RETRY_AFTER_SECONDS });
  }

  /** Every answer of this filter leaves through here; ProblemDetailsFilter turns the body into a problem document. */
  protected respond(host: ArgumentsHost, status: number, body: unknown, headers: Record<string, string> = {}): void {
    // Through the adapter: a middleware's error comes with Node's raw response, not Fastify's reply.
    const adapter = (this.applicationRef ?? this.httpAdapterHost?.httpAdapter) as HttpServer;
    const response = host.getArgByIndex(1);
    if (adapter.isHeadersSent(response)) return adapter.end(response);
    for (const [name, value] of Object.entries(headers)) adapter.setHeader(response, name, value);
    adapter.reply(response, body, status);
  }
}

const UNEXPECTED = new Logger('ExceptionsHandler');
