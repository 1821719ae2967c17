import { Injectable } from '@nestjs/common';
import { RunEventBody } from '@cofounder/contracts';
import { PublishOnce } from '@cofounder/messaging';
import { RunEvents } from '../runs/ports';

/**
 * The loop's events through the system's one write point of run activity (redacted, keyed),
 * each published once however long an outage lasts before its step is replayed.
 */
@Injectable()
export class NatsRunEvents extends RunEvents {
  constructor(private readonly once: PublishOnce) {
    super();
  }

  publish(runId: string, key: string, event: RunEventBody): Promise<void> {
    return this.once.publish(runId, key, event);
  }
}
