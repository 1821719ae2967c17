import { DomainError } from '@cofounder/contracts';
import { isInfrastructureOutage } from './infrastructure-outage';

export type Settlement = { kind: 'ack' } | { kind: 'nak'; delayMs: number } | { kind: 'term'; reason: string };

/** Where a message stands: JetStream's count of its deliveries, and how many of them failed for a reason of their own. */
export interface DeliveryAttempt {
  deliveryCount: number;
  /** Failures before this delivery that were neither an outage nor a "later" (see RetryLater). */
  failuresBefore: number;
}

/** A handler that cannot act on its message yet (another delivery holds the run): asked again after `delayMs`, uncounted. */
export class RetryLater extends Error {
  constructor(message: string, readonly delayMs: number) {
    super(message);
    this.name = 'RetryLater';
  }
}

const BACKOFF_BASE_MS = 250;
/** A failure of the message's own is retried within seconds, then more slowly: a bug is rarely fixed by waiting. */
const FAILURE_BACKOFF_MAX_MS = 30_000;
/**
 * An outage is waited out with at most this long between tries, so work goes on within
 * seconds of the dependency's return; a sleeping message costs one redelivery per interval.
 */
export const OUTAGE_BACKOFF_MAX_MS = 5_000;

export function backoffMs(attempt: number, maxMs: number): number {
  return Math.min(maxMs, BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(attempt - 1, 20)));
}

/**
 * How a failed handler's message is settled. Invalid input is never going to succeed: term.
 * An infrastructure outage (isInfrastructureOutage) is retried with capped backoff for as long
 * as it lasts and never counts. Any other failure is retried with a growing delay until
 * `maxDeliver` of them are spent, then terminated: only those count, so an outage, or a
 * process killed mid-handler (which JetStream also counts as a delivery), never uses up
 * the tries a message has against a real bug.
 */
export function settleFailure(err: unknown, attempt: DeliveryAttempt, maxDeliver: number): Settlement {
  if (err instanceof DomainError && err.code === 'invalid') return { kind: 'term', reason: `invalid: ${err.message}` };
  if (err instanceof RetryLater) return { kind: 'nak', delayMs: err.delayMs };
  if (isInfrastructureOutage(err)) return { kind: 'nak', delayMs: backoffMs(attempt.deliveryCount, OUTAGE_BACKOFF_MAX_MS) };
  const failures = attempt.failuresBefore + 1;
  if (failures >= maxDeliver) return { kind: 'term', reason: `gave up after ${failures} failures` };
  return { kind: 'nak', delayMs: backoffMs(failures, FAILURE_BACKOFF_MAX_MS) };
}

/** Whether a failure counts against the message's tries (see settleFailure). */
export function countsAsFailure(err: unknown): boolean {
  return !(err instanceof RetryLater) && !isInfrastructureOutage(err) && !(err instanceof DomainError && err.code === 'invalid');
}
