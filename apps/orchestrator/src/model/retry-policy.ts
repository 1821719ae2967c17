/** How often and how long a failed model call is retried; from `limits` in the configuration. */
export interface RetrySettings {
  retries: number;
  baseMs: number;
  maxMs: number;
}

/** The part of the response headers the policy reads; the SDK hands over a fetch `Headers`. */
export interface HeaderSource {
  get(name: string): string | null;
}

// At most this share of a backed-off wait is taken away at random, so that calls refused
// together (one overload, many runs) do not all come back at the same instant.
const JITTER = 0.25;

/**
 * The wait the API asks for: `retry-after-ms` (not standard, but the API sends it) before
 * `retry-after`, which holds seconds or an HTTP date. Undefined when neither is usable.
 */
export function requestedDelayMs(headers: HeaderSource | undefined, now: Date): number | undefined {
  const ms = parseNonNegative(headers?.get('retry-after-ms'));
  if (ms !== undefined) return Math.round(ms);
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = parseNonNegative(value);
  if (seconds !== undefined) return Math.round(seconds * 1000);
  // Date.parse reads bare numbers such as "-5" as years; an HTTP date always names its month.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  // A date already past means "now", not "no advice".
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

/** Exponential backoff for retry number `retry` (1-based), with jitter taken off the top. */
export function backoffMs(retry: number, settings: RetrySettings, random: () => number): number {
  const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** (retry - 1));
  return Math.round(ceiling * (1 - JITTER * random()));
}

/** What to wait before retry number `retry`: the API's word when it gives one, else backoff; never over maxMs. */
export function retryDelayMs(
  retry: number, headers: HeaderSource | undefined, settings: RetrySettings, now: Date, random: () => number,
): number {
  const requested = requestedDelayMs(headers, now);
  return Math.min(settings.maxMs, requested ?? backoffMs(retry, settings, random));
}

function parseNonNegative(value: string | null | undefined): number | undefined {
  return value && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : undefined;
}
