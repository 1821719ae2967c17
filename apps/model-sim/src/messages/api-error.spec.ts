import { ApiError } from './api-error';

describe('ApiError', () => {
  it('answers the API\'s body: the error and the request id', () => {
    expect(new ApiError(529, 'overloaded_error', 'Overloaded').body('req_1')).toEqual({
      type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: 'req_1',
    });
  });

  it('sends no retry-after on an overload unless the step asks for one', () => {
    expect(new ApiError(529, 'overloaded_error', 'Overloaded').headers()['retry-after']).toBeUndefined();
    expect(new ApiError(429, 'rate_limit_error', 'Slow down').headers()['retry-after']).toBeUndefined();
    expect(new ApiError(529, 'overloaded_error', 'Overloaded', { retryAfterSeconds: 0 }).headers()['retry-after']).toBe('0');
  });

  it('sends retry-after-ms when the step sets it', () => {
    expect(new ApiError(500, 'api_error', 'Oops', { retryAfterMs: 100 }).headers()['retry-after-ms']).toBe('100');
  });

  it.each([[429, 'true'], [500, 'true'], [529, 'true'], [408, 'true'], [409, 'true'], [400, 'false'], [401, 'false'], [404, 'false']])(
    'tells the client whether to retry a %i: x-should-retry %s', (status, should) => {
      expect(new ApiError(status, 'some_error', 'x').headers()['x-should-retry']).toBe(should);
    },
  );
});
