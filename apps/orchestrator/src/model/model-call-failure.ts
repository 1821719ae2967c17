import {
  AnthropicError, APIConnectionError, APIError, APIUserAbortError, BadRequestError, InternalServerError,
  NotImplementedError, OverloadedError, RateLimitError,
} from '@anthropic-ai/sdk';
import { HeaderSource, toldToRetry } from './retry-policy';

/** Why a call is worth making again; the label of the retry counter. */
export type RetryReason = 'rate_limited' | 'overloaded' | 'server_error' | 'connection' | 'stream_error' | 'asked_to_retry';

export type ModelCallFailure =
  | { kind: 'passing'; reason: RetryReason; status?: number; headers?: HeaderSource }
  /** It would pass, but the API said `x-should-retry: false`: the founder decides when to try again. */
  | { kind: 'not_to_retry'; reason: RetryReason; status?: number }
  /** `maximum`: the model's real window, as the refusal states it; null when it does not. */
  | { kind: 'context_window'; maximum: number | null }
  | { kind: 'refused'; status?: number; type: string | null }
  | { kind: 'not_an_api_failure' };

// Error events the API sends in the middle of a stream for trouble on its side; any other
// type there (an invalid request) would be refused again.
const PASSING_STREAM_ERRORS = new Set(['overloaded_error', 'api_error', 'rate_limit_error', 'timeout_error']);

/**
 * Sorts what the SDK threw by what the caller should do about it; branches on the SDK's
 * classes, then, as the SDK does, lets `x-should-retry` overrule the status either way.
 */
export function classifyFailure(err: unknown): ModelCallFailure {
  const failure = classifyByClass(err);
  const told = err instanceof APIError ? toldToRetry(err.headers) : undefined;
  if (told === false && failure.kind === 'passing') return { kind: 'not_to_retry', reason: failure.reason, status: failure.status };
  if (told === true && failure.kind === 'refused' && err instanceof APIError) {
    return { kind: 'passing', reason: 'asked_to_retry', status: err.status, headers: err.headers };
  }
  return failure;
}

function classifyByClass(err: unknown): ModelCallFailure {
  // We never abort a call, so an abort is not the API's doing and is not ours to retry.
  if (err instanceof APIUserAbortError) return { kind: 'not_an_api_failure' };
  if (err instanceof APIConnectionError) return { kind: 'passing', reason: 'connection' };
  if (err instanceof RateLimitError) return { kind: 'passing', reason: 'rate_limited', status: err.status, headers: err.headers };
  if (err instanceof OverloadedError) return { kind: 'passing', reason: 'overloaded', status: err.status, headers: err.headers };
  // 501: the endpoint will not exist on the next try either.
  if (err instanceof NotImplementedError) return { kind: 'refused', status: err.status, type: err.type };
  if (err instanceof InternalServerError) return { kind: 'passing', reason: 'server_error', status: err.status, headers: err.headers };
  if (err instanceof BadRequestError && isPromptTooLong(err)) return { kind: 'context_window', maximum: statedMaximum(err) };
  if (err instanceof APIError && err.status === undefined) {
    // An `error` event after a 200: the SDK gives it no status, only the event's type.
    return err.type !== null && PASSING_STREAM_ERRORS.has(err.type)
      ? { kind: 'passing', reason: 'stream_error' }
      : { kind: 'refused', type: err.type };
  }
  if (err instanceof APIError) return { kind: 'refused', status: err.status, type: err.type };
  // The SDK wraps a body read that failed half-way (the socket closed mid-stream) in a bare
  // AnthropicError whose cause is the transport's error.
  if (err instanceof AnthropicError && err.cause instanceof Error) return { kind: 'passing', reason: 'connection' };
  return { kind: 'not_an_api_failure' };
}

// The API has no error code for this yet, only the invalid_request_error's message: this is
// the one place that reads it.
function isPromptTooLong(err: BadRequestError): boolean {
  return err.type === 'invalid_request_error' && /prompt is too long/i.test(err.apiMessage ?? '');
}

/** The window the refusal states: "prompt is too long: 208310 tokens > 200000 maximum". */
function statedMaximum(err: BadRequestError): number | null {
  const stated = /(\d+) tokens > (\d+) maximum/.exec(err.apiMessage ?? '');
  return stated ? Number(stated[2]) : null;
}
