import { Injectable } from '@nestjs/common';
import { Clock } from '@cofounder/config';
import { RunEventBody, Subjects } from '@cofounder/contracts';
import { JetStreamPublisher } from '@cofounder/messaging';
import { redactDeep } from '@cofounder/observability';
import { RunEvents } from '../runs/ports';

/**
 * The one write point of a run's activity stream: every event is redacted here, and its
 * message id is built from the run and the event's key, so a step redone after a crash
 * publishes nothing twice.
 */
@Injectable()
export class NatsRunEvents extends RunEvents {
  constructor(private readonly publisher: JetStreamPublisher, private readonly clock: Clock) {
    super();
  }

  async publish(runId: string, key: string, event: RunEventBody): Promise<void> {
    const payload = redactDeep({ ...event, runId, at: this.clock.now().toISOString() });
    await this.publisher.publish(Subjects.runEvent(runId, event.type), payload, `${runId}:${key}`);
  }
}
