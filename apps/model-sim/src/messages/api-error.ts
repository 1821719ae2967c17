/** The body the Messages API answers with on any error; the SDK reads `error.type` and `error.message`. */
export interface ApiErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

/** When a scripted error step tells the client to come back. */
export interface RetryAdvice {
  retryAfterSeconds?: number;
  retryAfterMs?: number;
}

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

  body(): ApiErrorBody {
    return { type: 'error', error: { type: this.type, message: this.message } };
  }

  /** The real API always says when to come back after a rate limit or an overload; a step may say so for any error. */
  headers(): Record<string, string> {
    const { retryAfterSeconds, retryAfterMs } = this.advice;
    const tellsWhen = this.status === 429 || this.status === 529;
    return {
      ...(retryAfterSeconds !== undefined || tellsWhen ? { 'retry-after': String(retryAfterSeconds ?? 0) } : {}),
      ...(retryAfterMs !== undefined ? { 'retry-after-ms': String(retryAfterMs) } : {}),
    };
  }
}

export function invalidRequest(message: string): ApiError {
  return new ApiError(400, 'invalid_request_error', message);
}
