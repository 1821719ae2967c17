import { Injectable } from '@nestjs/common';
import { JetStreamApiError } from '@nats-io/jetstream';
import { CofounderConfig } from '@cofounder/config';
import { isTerminalEvent, RunEvent, Streams, Subjects } from '@cofounder/contracts';
import { ConnectionWatch, NatsConnectionHolder, PUBLISH_PATIENCE_MS } from '@cofounder/messaging';
import { RunEventFollower, RunEventSource } from './run-event-follower';

/** Where a run's events come from: the EVENTS stream, whose sequence is each event's SSE id. */
@Injectable()
export class RunEventFeed {
  constructor(private readonly nats: NatsConnectionHolder, private readonly config: CofounderConfig) {}

  /** The run's events after `afterSeq`, live for as long as iterated; `onLost` hears of each consumer set up again. */
  follow(runId: string, afterSeq: number, onLost?: () => void): RunEventFollower {
    return new RunEventFollower(this.nats, source(runId), afterSeq, { heartbeatMs: this.config.sse.feedHeartbeatMs, onLost });
  }

  /** The run's events after `afterSeq` up to `through` (or the last recorded), then the end. */
  replay(runId: string, afterSeq: number, through: number): RunEventFollower {
    return new RunEventFollower(this.nats, source(runId), afterSeq, { heartbeatMs: this.config.sse.feedHeartbeatMs, through });
  }

  /** The stream's last sequence, any run's: whatever a feed opened now does not deliver is at or before it. */
  async recordedThrough(): Promise<number> {
    return (await this.nats.jsm.streams.info(Streams.EVENTS)).state.last_seq;
  }

  /** The sequence of the run's terminal event, if it has one: a cursor past it has nothing left to wait for. */
  async terminalSeq(runId: string): Promise<number | null> {
    // A browser reconnecting while NATS does is kept waiting rather than refused: an EventSource never retries after an error status.
    await ConnectionWatch.of(this.nats.nc).untilConnected(PUBLISH_PATIENCE_MS);
    for (const type of ['run.completed', 'run.failed', 'run.status']) {
      try {
        const msg = await this.nats.jsm.streams.getMessage(Streams.EVENTS, { last_by_subj: Subjects.runEvent(runId, type) });
        if (msg && isTerminalEvent(msg.json<RunEvent>())) return msg.seq;
      } catch (err) {
        if (!(err instanceof JetStreamApiError && err.status === 404)) throw err;
      }
    }
    return null;
  }
}

function source(runId: string): RunEventSource {
  return { stream: Streams.EVENTS, subject: Subjects.runEvents(runId), runId };
}
