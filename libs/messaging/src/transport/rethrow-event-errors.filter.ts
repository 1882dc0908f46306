import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC filter turns any error into { status: 'error', message: 'Internal server
 * error' }, losing the error's type. Handing the original error back keeps UnrecoverableError
 * (dead letter now) apart from transient failures (retry), and keeps the message for the dead letter.
 */
@Catch()
export class RethrowEventErrorsFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
