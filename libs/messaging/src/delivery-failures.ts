/** Enough for every message a process can hold at once, many times over; the oldest are forgotten first. */
const REMEMBERED = 10_000;

/**
 * How many times each message failed for a reason of its own, in this process. JetStream's own
 * delivery count cannot tell those from outages and kills, so the transport keeps this one.
 * It lives in memory: a message handed to another instance, or to a restarted one, starts
 * again from zero, so a bug is tried at most maxDeliver times per process that meets it.
 */
export class DeliveryFailures {
  private readonly counts = new Map<string, number>();

  of(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  record(key: string): void {
    const count = this.of(key) + 1;
    this.counts.delete(key);
    this.counts.set(key, count);
    if (this.counts.size > REMEMBERED) this.counts.delete(this.counts.keys().next().value!);
  }

  forget(key: string): void {
    this.counts.delete(key);
  }
}
