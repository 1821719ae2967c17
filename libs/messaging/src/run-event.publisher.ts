import { Injectable } from '@nestjs/common';
import { Clock } from '@cofounder/config';
import { RunEventBody, Subjects } from '@cofounder/contracts';
import { redactDeep } from '@cofounder/observability';
import { JetStreamPublisher } from './event.publisher';

/**
 * The one write point of a run's activity stream, for every service that tells the founder
 * something: each event is redacted here, stamped with the clock, and its message id is built
 * from the run and the event's key, so an event published again after a crash shows once.
 */
@Injectable()
export class RunEventPublisher {
  constructor(private readonly publisher: JetStreamPublisher, private readonly clock: Clock) {}

  async publish(runId: string, key: string, event: RunEventBody): Promise<void> {
    const payload = redactDeep({ ...event, runId, at: this.clock.now().toISOString() });
    await this.publisher.publish(Subjects.runEvent(runId, event.type), payload, `${runId}:${key}`);
  }
}
