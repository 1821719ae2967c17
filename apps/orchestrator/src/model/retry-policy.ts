/** How long, and how far apart, a failed model call is tried again; from `limits` in the configuration. */
export interface RetrySettings {
  /** Failures that pass are retried until the first of them is this old; then the founder is asked. */
  busyForMs: number;
  baseMs: number;
  maxMs: number;
}

/** The part of the response headers the policy reads; the SDK hands over a fetch `Headers`. */
export interface HeaderSource {
  get(name: string): string | null;
}

export type RetryDecision = { kind: 'retry'; delayMs: number } | { kind: 'give_up' };

// At most this share of a backed-off wait is taken away at random, so that calls refused
// together (one overload, many runs) do not all come back at the same instant.
const JITTER = 0.25;
// The SDK's own bound: a wait asked beyond this is taken for a mistake, not advice.
const MAX_ADVICE_MS = 60_000;

/**
 * The wait the API asks for: `retry-after-ms` (not standard, but the API sends it) before
 * `retry-after`, which holds seconds or an HTTP date. As in the official SDK, only a positive
 * wait of at most a minute is advice: `0`, a negative number, a date already past or an absurd
 * value would have us call straight back into the overload, so they are none.
 */
export function requestedDelayMs(headers: HeaderSource | undefined, now: Date): number | undefined {
  const ms = asAdvice(parseNumber(headers?.get('retry-after-ms')));
  if (ms !== undefined) return ms;
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = parseNumber(value);
  if (seconds !== undefined) return asAdvice(seconds * 1000);
  // Date.parse reads bare numbers such as "-5" as years; an HTTP date always names its month.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : asAdvice(date - now.getTime());
}

/** `x-should-retry`, which overrides the status when the API sends it: true, false, or no word. */
export function toldToRetry(headers: HeaderSource | undefined): boolean | undefined {
  const value = headers?.get('x-should-retry')?.trim().toLowerCase();
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/** Exponential backoff for retry number `retry` (1-based), with jitter taken off the top. */
export function backoffMs(retry: number, settings: RetrySettings, random: () => number): number {
  const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.min(retry - 1, 30));
  return Math.round(ceiling * (1 - JITTER * random()));
}

/** What to wait before retry number `retry`: the API's word when it gives one, else backoff; never over maxMs. */
export function retryDelayMs(
  retry: number, headers: HeaderSource | undefined, settings: RetrySettings, now: Date, random: () => number,
): number {
  const requested = requestedDelayMs(headers, now);
  return Math.min(settings.maxMs, requested ?? backoffMs(retry, settings, random));
}

/**
 * Whether to try again after failure number `retry` of a call whose first failure was at
 * `since`: yes while the next try falls within `busyForMs` of it, so that an overload of
 * minutes is ridden out on its own and only a longer one reaches the founder.
 */
export function nextRetry(
  retry: number, headers: HeaderSource | undefined, settings: RetrySettings, since: Date, now: Date, random: () => number,
): RetryDecision {
  const delayMs = retryDelayMs(retry, headers, settings, now, random);
  const nextTryAt = now.getTime() + delayMs;
  return nextTryAt - since.getTime() > settings.busyForMs ? { kind: 'give_up' } : { kind: 'retry', delayMs };
}

function asAdvice(ms: number | undefined): number | undefined {
  return ms !== undefined && ms > 0 && ms <= MAX_ADVICE_MS ? Math.round(ms) : undefined;
}

function parseNumber(value: string | null | undefined): number | undefined {
  return value && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : undefined;
}
