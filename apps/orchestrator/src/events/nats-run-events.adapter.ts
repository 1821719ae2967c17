import { Injectable } from '@nestjs/common';
import { RunEventBody } from '@cofounder/contracts';
import { RunEventPublisher } from '@cofounder/messaging';
import { RunEvents } from '../runs/ports';

/** The loop's events through the system's one write point of run activity (redacted, keyed). */
@Injectable()
export class NatsRunEvents extends RunEvents {
  constructor(private readonly publisher: RunEventPublisher) {
    super();
  }

  publish(runId: string, key: string, event: RunEventBody): Promise<void> {
    return this.publisher.publish(runId, key, event);
  }
}
