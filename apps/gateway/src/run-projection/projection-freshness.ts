import { Injectable } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import { JetStreamApiError } from '@nats-io/jetstream';
import { Streams, Subjects } from '@cofounder/contracts';
import { isInfrastructureOutage, NatsConnectionHolder } from '@cofounder/messaging';
import { PROJECTION_DURABLE } from './projection-durable';

/** How long a read waits for the projection to take in what was published before it. */
export const CATCH_UP_MS = 2_000;
const POLL_MS = 20;

/**
 * Read-your-events: a founder who saw an event on the run's stream, or whose brake was just
 * announced, finds it in GET. A read waits, briefly, until the projection's durable has acked every
 * event published before the read; past the wait, or with NATS away, it answers what the projection
 * has, which is the point of keeping one.
 */
@Injectable()
export class ProjectionFreshness {
  constructor(private readonly nats: NatsConnectionHolder) {}

  /** True once every event of the run published so far is applied; false when that is not known within CATCH_UP_MS. */
  awaitRun(runId: string): Promise<boolean> {
    return this.awaitApplied(() => this.lastSeqOf(runId));
  }

  /** The same for every run's events: for a list of runs. */
  awaitAll(): Promise<boolean> {
    return this.awaitApplied(async () => (await this.nats.jsm.streams.info(Streams.EVENTS)).state.last_seq);
  }

  private async awaitApplied(target: () => Promise<number>): Promise<boolean> {
    const deadline = Date.now() + CATCH_UP_MS;
    const controller = new AbortController();
    const expired = delay(CATCH_UP_MS, false, { signal: controller.signal }).catch(() => false);
    try {
      return await Promise.race([this.pollUntilApplied(target, deadline).catch(unknownWhenAway), expired]);
    } finally {
      controller.abort();
    }
  }

  private async pollUntilApplied(target: () => Promise<number>, deadline: number): Promise<boolean> {
    const seq = await target();
    while (!(await this.appliedThrough(seq))) {
      if (Date.now() >= deadline) return false;
      await delay(POLL_MS);
    }
    return true;
  }

  /** The durable's ack floor: every event up to it is applied, in whatever order they were. */
  private async appliedThrough(seq: number): Promise<boolean> {
    const info = await this.nats.jsm.consumers.info(Streams.EVENTS, PROJECTION_DURABLE);
    return info.ack_floor.stream_seq >= seq || (info.num_pending === 0 && info.num_ack_pending === 0);
  }

  private async lastSeqOf(runId: string): Promise<number> {
    try {
      return (await this.nats.jsm.streams.getMessage(Streams.EVENTS, { last_by_subj: Subjects.runEvents(runId) }))?.seq ?? 0;
    } catch (err) {
      if (err instanceof JetStreamApiError && err.status === 404) return 0; // no event yet: nothing to wait for
      throw err;
    }
  }
}

/** NATS away, or the stream or durable not there yet: how far the projection is cannot be known, so it is not waited for. */
function unknownWhenAway(err: unknown): false {
  if (isInfrastructureOutage(err) || err instanceof JetStreamApiError) return false;
  throw err;
}
