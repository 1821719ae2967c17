import type { IncomingHttpHeaders } from 'node:http';
import { ApiError, invalidRequest } from './api-error';

/**
 * What the API answers before it reads the body: 401 without a key (`x-api-key`, or an
 * `Authorization: Bearer` token), 400 without `anthropic-version`. Any key is accepted.
 */
export function refusedForHeaders(headers: IncomingHttpHeaders): ApiError | undefined {
  const bearer = /^Bearer\s+\S/i.test(headers.authorization ?? '');
  if (!headers['x-api-key'] && !bearer) return new ApiError(401, 'authentication_error', 'x-api-key header is required');
  if (!headers['anthropic-version']) return invalidRequest('anthropic-version: header is required');
  return undefined;
}

// The simulator has no quota; these are the sizes of a generous tier, so a client reading them sees room.
const LIMITS = { requests: 4_000, tokens: 2_000_000, 'input-tokens': 2_000_000, 'output-tokens': 400_000 } as const;
const WINDOW_MS = 60_000;

/** The `anthropic-ratelimit-*` headers the API sends on every answer; a 429 says no request remains. */
export function rateLimitHeaders(now: Date, status: number): Record<string, string> {
  const reset = new Date(Math.floor((now.getTime() + WINDOW_MS) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return Object.fromEntries(Object.entries(LIMITS).flatMap(([kind, limit]) => {
    const remaining = kind === 'requests' ? (status === 429 ? 0 : limit - 1) : limit;
    return [
      [`anthropic-ratelimit-${kind}-limit`, String(limit)],
      [`anthropic-ratelimit-${kind}-remaining`, String(remaining)],
      [`anthropic-ratelimit-${kind}-reset`, reset],
    ];
  }));
}
