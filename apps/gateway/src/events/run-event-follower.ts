import { Logger } from '@nestjs/common';
import { Consumer, ConsumerMessages, ConsumerNotification, JetStreamApiCodes, JetStreamApiError, JetStreamError } from '@nats-io/jetstream';
import type { RunEvent } from '@cofounder/contracts';
import { backoffMs, ConnectionWatch, isInfrastructureOutage, NatsConnectionHolder } from '@cofounder/messaging';

export interface SequencedEvent {
  seq: number;
  event: RunEvent;
  /** How many of the run's events the stream held beyond this one when it was delivered: 0 once caught up. */
  pending: number;
}

/** Where a run's events are: the EVENTS stream, filtered to the run's subject. */
export interface RunEventSource {
  stream: string;
  subject: string;
  runId: string;
}

export interface FollowerOptions {
  /** NATS's idle heartbeat on the consumer: two missed, and it is set up again. */
  heartbeatMs: number;
  /** Stop after this sequence, or once nothing more is recorded: a replay, not a live feed. */
  through?: number;
  /** Told each time the consumer was lost and is set up again. */
  onLost?: () => void;
}

/** What says the consumer is gone or deaf: a server restarted, a consumer deleted, heartbeats that stopped coming. */
const LOST: ReadonlySet<ConsumerNotification['type']> = new Set([
  'heartbeats_missed', 'consumer_deleted', 'consumer_not_found', 'stream_not_found', 'no_responders',
] as const);
/** Setting a consumer up again while JetStream comes back is retried this often at most. */
const REOPEN_MAX_MS = 1_000;
const PULL_BATCH = 256;

/**
 * A run's events after a sequence, in order, from an ordered consumer that is set up again
 * from the last event delivered whenever it is lost: at a reconnect (a restarted server
 * forgets in-memory consumers), or when its heartbeats stop. nats.js would recover by itself,
 * but waits up to 30 s between its checks after a restart; a founder's stream should not.
 * Delivering by sequence, a consumer set up again never doubles an event.
 */
export class RunEventFollower implements AsyncIterable<SequencedEvent> {
  private readonly log = new Logger(RunEventFollower.name);
  private current?: ConsumerMessages;
  private closed = false;
  private wake?: () => void;
  private lastSeq: number;

  constructor(
    private readonly nats: NatsConnectionHolder,
    private readonly source: RunEventSource,
    afterSeq: number,
    private readonly options: FollowerOptions,
  ) {
    this.lastSeq = afterSeq;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<SequencedEvent> {
    const stopWatching = ConnectionWatch.of(this.nats.nc).whenRestored(() => this.reopen());
    try {
      for (let failures = 0; !this.closed && !this.nats.nc.isClosed(); failures += 1) {
        let consumer: Consumer | undefined;
        try {
          consumer = await this.nats.js.consumers.get(this.source.stream, {
            filter_subjects: this.source.subject, opt_start_seq: this.lastSeq + 1,
          });
          const messages = await this.open(consumer);
          if (!messages) return;
          failures = 0;
          for await (const msg of messages) {
            if (msg.seq <= this.lastSeq) continue;
            this.lastSeq = msg.seq;
            const pending = msg.info.pending;
            yield { seq: msg.seq, event: msg.json<RunEvent>(), pending };
            if (this.options.through !== undefined && (msg.seq >= this.options.through || pending === 0)) return;
          }
        } catch (err) {
          if (!isInfrastructureOutage(err) && !isConsumerGone(err)) throw err;
          this.log.warn({ msg: 'run event feed lost', runId: this.source.runId, error: (err as Error).message });
        } finally {
          this.current?.stop();
          this.current = undefined;
          // An ordered consumer left behind would also go by itself, after 5 minutes of holding memory in NATS.
          void consumer?.delete().catch(() => undefined);
        }
        if (!this.closed) await this.pause(backoffMs(failures, REOPEN_MAX_MS));
      }
    } finally {
      stopWatching();
    }
  }

  /** Ends the iteration at the next event or now, if it is waiting. */
  close(): void {
    this.closed = true;
    this.current?.stop();
    this.wake?.();
  }

  /** A consumer from the last event delivered on; null when a replay has nothing left. */
  private async open(consumer: Consumer): Promise<ConsumerMessages | null> {
    const { through } = this.options;
    if (through !== undefined && (this.lastSeq >= through || (await consumer.info(true)).num_pending === 0)) return null;
    const { heartbeatMs } = this.options;
    const messages = await consumer.consume({ max_messages: PULL_BATCH, idle_heartbeat: heartbeatMs, expires: Math.max(heartbeatMs * 4, 5_000) });
    this.current = messages;
    void this.watch(messages);
    if (this.closed) messages.stop();
    return messages;
  }

  private async watch(messages: ConsumerMessages): Promise<void> {
    for await (const note of messages.status()) {
      if (LOST.has(note.type)) {
        this.log.warn({ msg: 'run event feed set up again', runId: this.source.runId, why: note.type, afterSeq: this.lastSeq });
        this.reopenFrom(messages);
        return;
      }
    }
  }

  private reopen(): void {
    if (this.current) this.reopenFrom(this.current);
  }

  private reopenFrom(messages: ConsumerMessages): void {
    if (this.current !== messages || this.closed) return;
    this.options.onLost?.();
    messages.stop();
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => { clearTimeout(timer); resolve(); };
    });
  }
}

/** The consumer or its stream went away under it, or it stopped on a status from the server: set it up again, as after an outage. */
function isConsumerGone(err: unknown): boolean {
  if (err instanceof JetStreamApiError) return err.code === JetStreamApiCodes.ConsumerNotFound || err.code === JetStreamApiCodes.StreamNotFound;
  return err instanceof JetStreamError;
}
