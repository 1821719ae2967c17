import { Injectable } from '@nestjs/common';
import { ConsumerMessages, DeliverPolicy, JetStreamApiError } from '@nats-io/jetstream';
import { isTerminalEvent, RunEvent, Streams, Subjects } from '@cofounder/contracts';
import { NatsConnectionHolder } from '@cofounder/messaging';

export interface SequencedEvent {
  seq: number;
  event: RunEvent;
  /** How many of the run's events the stream held beyond this one when it was delivered: 0 once caught up. */
  pending: number;
}

export interface EventSubscription {
  events: AsyncIterable<SequencedEvent>;
  close(): Promise<void>;
}

/**
 * A run's events from the EVENTS stream: an ordered consumer replays after the cursor and
 * then follows live, so a reconnecting browser sees no gap and no duplicate.
 */
@Injectable()
export class RunEventFeed {
  constructor(private readonly nats: NatsConnectionHolder) {}

  async follow(runId: string, afterSeq: number): Promise<EventSubscription> {
    const consumer = await this.nats.js.consumers.get(Streams.EVENTS, {
      filter_subjects: Subjects.runEvents(runId),
      ...(afterSeq > 0 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterSeq + 1 } : { deliver_policy: DeliverPolicy.All }),
    });
    const messages: ConsumerMessages = await consumer.consume({ max_messages: 256 });
    async function* events(): AsyncIterable<SequencedEvent> {
      for await (const msg of messages) yield { seq: msg.seq, event: msg.json<RunEvent>(), pending: msg.info.pending };
    }
    return { events: events(), close: async () => { await messages.close(); } };
  }

  /** The sequence of the run's terminal event, if it has one: a cursor past it has nothing left to wait for. */
  async terminalSeq(runId: string): Promise<number | null> {
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
