import { AnthropicError, APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { classifyFailure } from './model-call-failure';

const body = (type: string, message: string) => ({ type: 'error', error: { type, message } });
const httpError = (status: number, type: string, message: string, headers: Record<string, string> = {}) =>
  APIError.generate(status, body(type, message), undefined, new Headers(headers));
// What the SDK throws for an `error` event after the stream has begun: no status, the event's type.
const streamError = (type: string) => new APIError(undefined, body(type, 'x'), undefined, new Headers(), type as never);

describe('classifyFailure', () => {
  it.each([
    ['a 429', httpError(429, 'rate_limit_error', 'slow down'), 'rate_limited'],
    ['a 529', httpError(529, 'overloaded_error', 'Overloaded'), 'overloaded'],
    ['a 500', httpError(500, 'api_error', 'oops'), 'server_error'],
    ['a 503', httpError(503, 'api_error', 'unavailable'), 'server_error'],
    ['a refused connection', new APIConnectionError({ message: 'Connection error.' }), 'connection'],
    ['a timeout', new APIConnectionTimeoutError(), 'connection'],
    ['an overload mid-stream', streamError('overloaded_error'), 'stream_error'],
    ['an api_error mid-stream', streamError('api_error'), 'stream_error'],
    ['a socket closed mid-stream', new AnthropicError('terminated', { cause: new TypeError('terminated') }), 'connection'],
  ])('retries %s', (_what, err, reason) => {
    expect(classifyFailure(err)).toMatchObject({ kind: 'passing', reason });
  });

  it('keeps the headers of an HTTP failure for retry-after', () => {
    const failure = classifyFailure(httpError(429, 'rate_limit_error', 'slow down', { 'retry-after': '7' }));
    expect(failure.kind === 'passing' && failure.headers?.get('retry-after')).toBe('7');
  });

  it.each([
    ['a 529', httpError(529, 'overloaded_error', 'Overloaded', { 'x-should-retry': 'false' }), 'overloaded'],
    ['a 429', httpError(429, 'rate_limit_error', 'slow down', { 'x-should-retry': 'false' }), 'rate_limited'],
  ])('does not retry %s the API says not to retry', (_what, err, reason) => {
    expect(classifyFailure(err)).toEqual({ kind: 'not_to_retry', reason, status: (err as APIError).status });
  });

  it('retries a refusal the API says to retry, keeping its headers', () => {
    const failure = classifyFailure(httpError(409, 'api_error', 'busy', { 'x-should-retry': 'true', 'retry-after': '2' }));
    expect(failure).toMatchObject({ kind: 'passing', reason: 'asked_to_retry', status: 409 });
    expect(failure.kind === 'passing' && failure.headers?.get('retry-after')).toBe('2');
  });

  it('still retries a 529 the API says to retry', () => {
    expect(classifyFailure(httpError(529, 'overloaded_error', 'Overloaded', { 'x-should-retry': 'true' })))
      .toMatchObject({ kind: 'passing', reason: 'overloaded' });
  });

  it('tells a prompt too long from other bad requests', () => {
    expect(classifyFailure(httpError(400, 'invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum')))
      .toEqual({ kind: 'context_window', maximum: 200000 });
    expect(classifyFailure(httpError(400, 'invalid_request_error', 'prompt is too long')))
      .toEqual({ kind: 'context_window', maximum: null });
    expect(classifyFailure(httpError(400, 'invalid_request_error', 'messages: roles must alternate')))
      .toEqual({ kind: 'refused', status: 400, type: 'invalid_request_error' });
  });

  it.each([
    ['a 401', httpError(401, 'authentication_error', 'invalid x-api-key'), 401],
    ['a 403', httpError(403, 'permission_error', 'no'), 403],
    ['a 404', httpError(404, 'not_found_error', 'model: nope'), 404],
    ['a 501', httpError(501, 'api_error', 'not implemented'), 501],
  ])('does not retry %s', (_what, err, status) => {
    expect(classifyFailure(err)).toMatchObject({ kind: 'refused', status });
  });

  it('does not retry an invalid request reported mid-stream', () => {
    expect(classifyFailure(streamError('invalid_request_error'))).toEqual({ kind: 'refused', type: 'invalid_request_error' });
  });

  it.each([
    ['an abort', new APIUserAbortError()],
    ['a bug of ours', new TypeError('cannot read x of undefined')],
    ['an SDK complaint with no cause', new AnthropicError('request ended without sending any chunks')],
  ])('leaves %s to the caller', (_what, err) => {
    expect(classifyFailure(err)).toEqual({ kind: 'not_an_api_failure' });
  });
});
