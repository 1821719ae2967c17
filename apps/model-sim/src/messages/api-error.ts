/** The body the Messages API answers with on any error; the SDK reads `error.type` and `error.message`. */
export interface ApiErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id: string;
}

/** When a scripted error step tells the client to come back. */
export interface RetryAdvice {
  retryAfterSeconds?: number;
  retryAfterMs?: number;
}

// The statuses the API marks as worth another try; the SDK obeys x-should-retry over its own rules.
const RETRYABLE = (status: number): boolean => status === 408 || status === 409 || status === 429 || status >= 500;

/** An answer the real API gives as an HTTP error, from a bad request or a scripted error step. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly advice: RetryAdvice = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  body(requestId: string): ApiErrorBody {
    return { type: 'error', error: { type: this.type, message: this.message }, request_id: requestId };
  }

  /** The API says when to come back only sometimes, even on a 529: only a step that asks for it gets retry-after. */
  headers(): Record<string, string> {
    const { retryAfterSeconds, retryAfterMs } = this.advice;
    return {
      'x-should-retry': String(RETRYABLE(this.status)),
      ...(retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : {}),
      ...(retryAfterMs !== undefined ? { 'retry-after-ms': String(retryAfterMs) } : {}),
    };
  }
}

export function invalidRequest(message: string): ApiError {
  return new ApiError(400, 'invalid_request_error', message);
}
