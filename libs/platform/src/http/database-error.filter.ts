import { Catch, HttpException, HttpStatus, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { throwError, type Observable } from 'rxjs';

const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT']);
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error|Connection is not established/i;

type DriverError = Error & { code?: string; driverError?: { code?: string } };

/** A malformed or empty JSON body (Fastify's FST_ERR_CTP_* errors, which Nest wraps as a 400 HttpException). */
function isUnparsableBody(exception: unknown): exception is HttpException {
  if (!(exception instanceof HttpException) || exception.getStatus() !== HttpStatus.BAD_REQUEST) return false;
  const code = (exception.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('FST_ERR_CTP_');
}

/**
 * The service's one global exception filter.
 * - HTTP: database failures are never the caller's fault: a lost connection is 503 (retry later),
 *   a unique or serialization race is 409. HTTP exceptions and anything else go to Nest's handling.
 * - Event handlers: the original error goes back to the queue transport unchanged. Nest's default
 *   RPC filter would turn it into { message: 'Internal server error' }, losing both the type that
 *   tells an UnrecoverableError (dead letter now) from a transient one (retry) and the message the
 *   dead letter should record.
 */
@Catch()
export class DatabaseErrorFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    if (host.getType() === 'rpc') return throwError(() => exception);
    if (host.getType() === 'http' && isUnparsableBody(exception)) {
      // Fastify refuses such a body before any DTO sees it; name it like every other bad field.
      const reply = host.switchToHttp().getResponse<{ status(code: number): { send(body: unknown): void } }>();
      reply.status(HttpStatus.BAD_REQUEST).send({ statusCode: 400, error: 'Bad Request', message: 'Validation failed', errors: [{ field: 'body', messages: [exception.message] }] });
      return;
    }
    if (host.getType() !== 'http' || exception instanceof HttpException || !(exception instanceof Error)) {
      return super.catch(exception, host);
    }
    const err = exception as DriverError;
    const code = err.driverError?.code ?? err.code;
    const reply = host.switchToHttp().getResponse<{ status(code: number): { send(body: unknown): void } }>();
    if ((code && UNAVAILABLE_CODES.has(code)) || UNAVAILABLE_MESSAGES.test(err.message)) {
      reply.status(HttpStatus.SERVICE_UNAVAILABLE).send({ statusCode: 503, error: 'Service Unavailable', message: 'The database is unavailable; try again shortly' });
      return;
    }
    if (code === '23505' || code === '40001' || code === '40P01') {
      reply.status(HttpStatus.CONFLICT).send({ statusCode: 409, error: 'Conflict', message: 'The change conflicts with another one; reload and try again' });
      return;
    }
    return super.catch(exception, host);
  }
}
