import { STATUS_CODES } from 'node:http';
import { Catch, HttpException, type ArgumentsHost } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { defaultErrorCode, problemTypeOf, type ErrorResponse, type FieldError } from '@lumbung/contracts';
import { DatabaseErrorFilter, isUnparsableBody } from './database-error.filter.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

type Body = Record<string, unknown>;

const isRecord = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The RFC 9457 document for an error answer whose body Nest or a service wrote, with its stable
 * `code`: the one the body already carries (AccountError, a domain rule), validation.failed for a
 * 400 listing fields, or the status's default. The body's own members stay beside the standard
 * ones (statusCode, error, message, errors, field, existingRequestId...), so clients written for the
 * old bodies keep working. Each field error gets a code too: field.invalid when its check named none.
 *
 * Returns undefined for a body that is a document of another format: Terminus's health report
 * ({ status: 'error', info, details }), read by probes and operators as it is.
 */
export function problemOf(status: number, body: unknown, instance: string): ErrorResponse | undefined {
  const given: Body = isRecord(body) ? body : { message: typeof body === 'string' ? body : undefined };
  if (given.status !== undefined && given.status !== status) return undefined;
  const title = typeof given.error === 'string' ? given.error : (STATUS_CODES[status] ?? 'Error');
  const message = given.message as string | string[] | undefined;
  const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' && message ? message : title;
  const errors = Array.isArray(given.errors) ? (given.errors as FieldError[]).map((e) => ({ ...e, code: e.code ?? 'field.invalid' })) : undefined;
  const code = typeof given.code === 'string' ? given.code : errors && status === 400 ? 'validation.failed' : defaultErrorCode(status);
  return {
    type: problemTypeOf(code),
    title,
    status,
    detail,
    instance,
    code,
    ...given,
    statusCode: status,
    error: title,
    message: message ?? detail,
    ...(errors ? { errors } : {}),
  } as ErrorResponse;
}

/** The request's path, without its query (which may hold what a user typed in a search box). */
function instanceOf(host: ArgumentsHost): string {
  const request = host.switchToHttp().getRequest<{ url?: string; originalUrl?: string } | undefined>();
  const url = request?.originalUrl ?? request?.url ?? '/';
  return url.split('?')[0] || '/';
}

/**
 * The services' one global exception filter: every HTTP error answer leaves as a problem details
 * document (application/problem+json). The database mapping (503 for an outage, 409 for a race),
 * the unparsable-body 400 and the handling of event handlers' errors are DatabaseErrorFilter's,
 * which this extends: Nest hands an exception to one filter only, so the two cannot be stacked.
 */
@Catch()
export class ProblemDetailsFilter extends DatabaseErrorFilter {
  override catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    // An unparsable body is an HttpException too, answered by DatabaseErrorFilter as a field error.
    if (host.getType() === 'http' && !isUnparsableBody(exception) && exception instanceof HttpException) {
      return this.respond(host, exception.getStatus(), exception.getResponse());
    }
    return super.catch(exception, host);
  }

  protected override respond(host: ArgumentsHost, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const problem = problemOf(status, body, instanceOf(host));
    if (!problem) return super.respond(host, status, body, headers);
    super.respond(host, status, problem, { ...headers, 'content-type': PROBLEM_CONTENT_TYPE });
  }
}
