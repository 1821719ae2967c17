import { backoffMs, nextRetry, requestedDelayMs, retryDelayMs, RetrySettings, toldToRetry } from './retry-policy';

const settings: RetrySettings = { busyForMs: 600_000, baseMs: 1000, maxMs: 30_000 };
const now = new Date('2025-03-01T12:00:00Z');
const headers = (entries: Record<string, string>) => new Headers(entries);
const noJitter = () => 0;
const fullJitter = () => 1;

describe('requestedDelayMs', () => {
  it.each([
    ['seconds', { 'retry-after': '3' }, 3000],
    ['fractional seconds', { 'retry-after': '1.5' }, 1500],
    ['an HTTP date', { 'retry-after': 'Sat, 01 Mar 2025 12:00:07 GMT' }, 7000],
    ['retry-after-ms', { 'retry-after-ms': '250' }, 250],
    ['retry-after-ms before retry-after', { 'retry-after-ms': '250', 'retry-after': '30' }, 250],
    ['a full minute', { 'retry-after': '60' }, 60_000],
  ])('reads %s', (_what, given, expected) => {
    expect(requestedDelayMs(headers(given), now)).toBe(expected);
  });

  it.each([
    ['no headers', undefined],
    ['neither header', headers({ 'content-type': 'application/json' })],
    ['zero, which would call straight back into the overload', headers({ 'retry-after': '0' })],
    ['a zero retry-after-ms', headers({ 'retry-after-ms': '0' })],
    ['a negative number', headers({ 'retry-after': '-5' })],
    ['a negative retry-after-ms', headers({ 'retry-after-ms': '-250' })],
    ['an absurd wait', headers({ 'retry-after': '86400' })],
    ['an HTTP date already past', headers({ 'retry-after': 'Sat, 01 Mar 2025 11:59:00 GMT' })],
    ['an HTTP date hours ahead', headers({ 'retry-after': 'Sat, 01 Mar 2025 18:00:00 GMT' })],
    ['words', headers({ 'retry-after': 'soon' })],
    ['an empty value', headers({ 'retry-after': '' })],
  ])('gives no advice for %s', (_what, given) => {
    expect(requestedDelayMs(given, now)).toBeUndefined();
  });

  it('falls back to retry-after when retry-after-ms is unusable', () => {
    expect(requestedDelayMs(headers({ 'retry-after-ms': 'x', 'retry-after': '2' }), now)).toBe(2000);
    expect(requestedDelayMs(headers({ 'retry-after-ms': '0', 'retry-after': '2' }), now)).toBe(2000);
  });
});

describe('toldToRetry', () => {
  it.each([
    ['true', true],
    ['false', false],
    ['maybe', undefined],
  ])('reads x-should-retry: %s', (value, expected) => {
    expect(toldToRetry(headers({ 'x-should-retry': value }))).toBe(expected);
  });

  it('has no word without the header', () => {
    expect(toldToRetry(headers({}))).toBeUndefined();
    expect(toldToRetry(undefined)).toBeUndefined();
  });
});

describe('backoffMs', () => {
  it('doubles from the base with each retry', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, settings, noJitter))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never goes over the maximum, however many retries', () => {
    expect(backoffMs(20, settings, noJitter)).toBe(30_000);
    expect(backoffMs(5000, settings, noJitter)).toBe(30_000);
  });

  it('takes at most a quarter off at random', () => {
    expect(backoffMs(3, settings, fullJitter)).toBe(3000);
    expect(backoffMs(3, settings, () => 0.5)).toBe(3500);
  });
});

describe('retryDelayMs', () => {
  it('waits what the API asks rather than the backoff', () => {
    expect(retryDelayMs(1, headers({ 'retry-after': '10' }), settings, now, noJitter)).toBe(10_000);
  });

  it.each([
    ['retry-after: 0', { 'retry-after': '0' }],
    ['a negative retry-after', { 'retry-after': '-1' }],
    ['a retry-after of a day', { 'retry-after': '86400' }],
    ['a retry-after date already past', { 'retry-after': 'Sat, 01 Mar 2025 11:00:00 GMT' }],
  ])('backs off, with jitter, after %s', (_what, given) => {
    expect(retryDelayMs(3, headers(given), settings, now, noJitter)).toBe(4000);
    expect(retryDelayMs(3, headers(given), settings, now, fullJitter)).toBe(3000);
  });

  it('backs off when the API gives no advice', () => {
    expect(retryDelayMs(2, undefined, settings, now, noJitter)).toBe(2000);
  });

  it('caps what the API asks at the maximum', () => {
    expect(retryDelayMs(1, headers({ 'retry-after': '45' }), settings, now, noJitter)).toBe(30_000);
  });
});

describe('nextRetry', () => {
  const at = (ms: number) => new Date(now.getTime() + ms);

  it('keeps trying while the next try falls within the busy time', () => {
    expect(nextRetry(12, undefined, settings, now, at(560_000), noJitter)).toEqual({ kind: 'retry', delayMs: 30_000 });
  });

  it('gives up when the next try would fall past the busy time', () => {
    expect(nextRetry(12, undefined, settings, now, at(580_000), noJitter)).toEqual({ kind: 'give_up' });
  });

  it('rides out minutes of overload, backing off towards the cap rather than in a burst', () => {
    let elapsed = 0;
    const waits: number[] = [];
    for (let retry = 1; ; retry++) {
      const decision = nextRetry(retry, headers({ 'retry-after': '0' }), settings, now, at(elapsed), noJitter);
      if (decision.kind === 'give_up') break;
      waits.push(decision.delayMs);
      elapsed += decision.delayMs;
    }
    expect(waits.slice(0, 6)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000]);
    expect(elapsed).toBeGreaterThan(settings.busyForMs - settings.maxMs);
    expect(elapsed).toBeLessThanOrEqual(settings.busyForMs);
    expect(waits.length).toBeLessThan(30);
  });
});
