import { Injectable } from '@nestjs/common';
import { Clock } from '@cofounder/config';
import { RunEventBody, Streams, Subjects } from '@cofounder/contracts';
import { redactDeep } from '@cofounder/observability';
import { JetStreamPublisher } from './event.publisher';
import { NatsConnectionHolder } from './nats-connection';
import { storedMessageSeq } from './stored-message';

const messageId = (runId: string, key: string) => `${runId}:${key}`;

/**
 * The one write point of a run's activity stream, for every service that tells the founder
 * something: each event is redacted here, stamped with the clock, and its message id is built
 * from the run and the event's key, so an event published again soon after a crash shows once.
 * Beyond the stream's duplicate window, PublishOnce keeps it once.
 */
@Injectable()
export class RunEventPublisher {
  constructor(private readonly publisher: JetStreamPublisher, private readonly nats: NatsConnectionHolder, private readonly clock: Clock) {}

  /** Resolves with the event's stream sequence (the first copy's, when the stream dropped this one as a duplicate). */
  async publish(runId: string, key: string, event: RunEventBody): Promise<number> {
    const payload = redactDeep({ ...event, runId, at: this.clock.now().toISOString() });
    const ack = await this.publisher.publish(Subjects.runEvent(runId, event.type), payload, messageId(runId, key));
    return ack.seq;
  }

  /** The stream sequence of the run's event published under `key` after `afterSeq`, or null when the stream holds none. */
  storedSeq(runId: string, key: string, event: Pick<RunEventBody, 'type'>, afterSeq: number): Promise<number | null> {
    return storedMessageSeq(this.nats.jsm, Streams.EVENTS, Subjects.runEvent(runId, event.type), messageId(runId, key), afterSeq);
  }
}
