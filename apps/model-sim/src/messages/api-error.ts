/** The body the Messages API answers with on any error; the SDK reads `error.type` and `error.message`. */
export interface ApiErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

/** An answer the real API gives as an HTTP error, from a bad request or a scripted error step. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }

  body(): ApiErrorBody {
    return { type: 'error', error: { type: this.type, message: this.message } };
  }

  /** The real API tells clients when to come back after a rate limit or an overload. */
  headers(): Record<string, string> {
    if (this.status !== 429 && this.status !== 529) return {};
    return { 'retry-after': String(this.retryAfterSeconds ?? 0) };
  }
}

export function invalidRequest(message: string): ApiError {
  return new ApiError(400, 'invalid_request_error', message);
}
