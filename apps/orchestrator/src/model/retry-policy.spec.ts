import { backoffMs, requestedDelayMs, retryDelayMs, RetrySettings } from './retry-policy';

const settings: RetrySettings = { retries: 4, baseMs: 1000, maxMs: 60_000 };
const now = new Date('2025-03-01T12:00:00Z');
const headers = (entries: Record<string, string>) => new Headers(entries);
const noJitter = () => 0;
const fullJitter = () => 1;

describe('requestedDelayMs', () => {
  it.each([
    ['seconds', { 'retry-after': '3' }, 3000],
    ['fractional seconds', { 'retry-after': '1.5' }, 1500],
    ['zero, which means now', { 'retry-after': '0' }, 0],
    ['an HTTP date', { 'retry-after': 'Sat, 01 Mar 2025 12:00:07 GMT' }, 7000],
    ['an HTTP date already past', { 'retry-after': 'Sat, 01 Mar 2025 11:59:00 GMT' }, 0],
    ['retry-after-ms', { 'retry-after-ms': '250' }, 250],
    ['retry-after-ms before retry-after', { 'retry-after-ms': '250', 'retry-after': '30' }, 250],
  ])('reads %s', (_what, given, expected) => {
    expect(requestedDelayMs(headers(given), now)).toBe(expected);
  });

  it.each([
    ['no headers', undefined],
    ['neither header', headers({ 'content-type': 'application/json' })],
    ['a negative number', headers({ 'retry-after': '-5' })],
    ['words', headers({ 'retry-after': 'soon' })],
    ['an empty value', headers({ 'retry-after': '' })],
  ])('gives no advice for %s', (_what, given) => {
    expect(requestedDelayMs(given, now)).toBeUndefined();
  });

  it('falls back to retry-after when retry-after-ms is unusable', () => {
    expect(requestedDelayMs(headers({ 'retry-after-ms': 'x', 'retry-after': '2' }), now)).toBe(2000);
  });
});

describe('backoffMs', () => {
  it('doubles from the base with each retry', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, settings, noJitter))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never goes over the maximum', () => {
    expect(backoffMs(20, settings, noJitter)).toBe(60_000);
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

  it('backs off when the API gives no advice', () => {
    expect(retryDelayMs(2, undefined, settings, now, noJitter)).toBe(2000);
  });

  it('caps what the API asks at the maximum', () => {
    expect(retryDelayMs(1, headers({ 'retry-after': '600' }), settings, now, noJitter)).toBe(60_000);
  });
});
