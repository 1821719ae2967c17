import { DomainError } from '@cofounder/contracts';

export type Settlement = { kind: 'ack' } | { kind: 'nak'; delayMs: number } | { kind: 'term'; reason: string };

/**
 * How a failed handler's message is settled: invalid input is never going to succeed, so it
 * is terminated; anything else is redelivered with a growing delay until maxDeliver is spent.
 */
export function settleFailure(err: unknown, deliveryCount: number, maxDeliver: number): Settlement {
  if (err instanceof DomainError && err.code === 'invalid') return { kind: 'term', reason: `invalid: ${err.message}` };
  if (deliveryCount >= maxDeliver) return { kind: 'term', reason: `gave up after ${deliveryCount} deliveries` };
  return { kind: 'nak', delayMs: Math.min(30_000, 250 * 2 ** (deliveryCount - 1)) };
}
