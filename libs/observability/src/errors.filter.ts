import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { Observable, throwError } from 'rxjs';
import { DomainError } from '@cofounder/contracts';
import { isDatabaseUnavailable } from '@cofounder/persistence';

const HTTP_BY_CODE = { invalid: 400, not_found: 404, conflict: 409, forbidden: 403, unavailable: 503, internal: 500 } as const;

export function httpStatusOf(err: unknown): number {
  if (err instanceof DomainError) return HTTP_BY_CODE[err.code];
  if (err instanceof HttpException) return err.getStatus();
  // PostgreSQL out of reach is an outage to wait out, like any service of ours: 503, not a bug's 500.
  if (isDatabaseUnavailable(err)) return 503;
  const status = (err as { status?: unknown; statusCode?: unknown })?.status ?? (err as { statusCode?: unknown })?.statusCode;
  // body-parser's errors (413, 400 for bad JSON) carry their status and an `expose` flag.
  if (typeof status === 'number' && status >= 400 && status < 500 && (err as { expose?: boolean }).expose) return status;
  return 500;
}

function messageOf(err: unknown, statusCode: number): string {
  // A 503 raised as an HttpException was worded for the founder on purpose; any other 5xx's message may name our internals.
  if (statusCode === 503 && err instanceof HttpException) return httpMessageOf(err);
  if (statusCode >= 500) return statusCode === 503 ? 'A service is unavailable; try again shortly.' : 'Internal server error';
  if (err instanceof HttpException) return httpMessageOf(err);
  if (statusCode === 413) return 'Request body is larger than 1 MB';
  return (err as Error).message;
}

function httpMessageOf(err: HttpException): string {
  const body = err.getResponse();
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : body;
  return Array.isArray(message) ? message.join('; ') : String(message ?? err.message);
}

/**
 * HTTP: every error becomes {statusCode, error, message}, never a stack trace or a host path
 * (those go to our logs only). RPC: the error passes through unchanged so the transport can
 * send its code back.
 */
@Catch()
export class ErrorsFilter implements ExceptionFilter {
  private readonly log = new Logger(ErrorsFilter.name);

  catch(err: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'rpc') return throwError(() => err);
    const statusCode = httpStatusOf(err);
    if (statusCode >= 500) this.log.error({ msg: 'request failed', error: err instanceof Error ? err.stack : String(err) });
    const response = host.switchToHttp().getResponse();
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(statusCode).json({ statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message: messageOf(err, statusCode) });
  }
}
