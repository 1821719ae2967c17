import { ApiError } from './api-error';
import { rateLimitHeaders, refusedForHeaders } from './api-headers';

const VERSION = { 'anthropic-version': '2023-06-01' };

describe('refusedForHeaders', () => {
  it('lets a call with an API key and a version through', () => {
    expect(refusedForHeaders({ 'x-api-key': 'sim', ...VERSION })).toBeUndefined();
    expect(refusedForHeaders({ authorization: 'Bearer sim', ...VERSION })).toBeUndefined();
  });

  it.each([
    [{ ...VERSION }],
    [{ 'x-api-key': '', ...VERSION }],
    [{ authorization: 'Basic abc', ...VERSION }],
    [{}],
  ])('answers 401 authentication_error without a key: %j', (headers) => {
    const err = refusedForHeaders(headers);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 401, type: 'authentication_error', message: 'x-api-key header is required' });
  });

  it('answers 400 invalid_request_error without anthropic-version, as the API does', () => {
    expect(refusedForHeaders({ 'x-api-key': 'sim' })).toMatchObject({
      status: 400, type: 'invalid_request_error', message: 'anthropic-version: header is required',
    });
  });
});

describe('rateLimitHeaders', () => {
  const now = new Date('2025-08-21T12:40:59.500Z');

  it('names the limits, what remains and when they reset, in the API\'s header names', () => {
    const headers = rateLimitHeaders(now, 200);
    for (const kind of ['requests', 'tokens', 'input-tokens', 'output-tokens']) {
      expect(Number(headers[`anthropic-ratelimit-${kind}-limit`])).toBeGreaterThan(0);
      expect(Number(headers[`anthropic-ratelimit-${kind}-remaining`])).toBeGreaterThan(0);
      expect(headers[`anthropic-ratelimit-${kind}-reset`]).toBe('2025-08-21T12:41:59Z');
    }
  });

  it('says no requests remain on a 429', () => {
    expect(rateLimitHeaders(now, 429)['anthropic-ratelimit-requests-remaining']).toBe('0');
  });
});
