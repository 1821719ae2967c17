import { Injectable } from '@nestjs/common';
import { isTerminal, RunEventBody } from '@cofounder/contracts';
import { isDatabaseUnavailable } from '@cofounder/persistence';
import { PublishedEventLog, PublishIntent } from './published-event-log';
import { RunEventPublisher } from './run-event.publisher';

/** The events after which a run says nothing more. */
export function endsRun(event: RunEventBody): boolean {
  return event.type === 'run.completed' || event.type === 'run.failed' || (event.type === 'run.status' && isTerminal(event.status));
}

/**
 * Publishes each run event once, however long the outage before a step is replayed: the
 * service's own record says what it already published (an intent before the publish, the
 * stream sequence after), and for the one unsure case, an intent whose acknowledgement was
 * never recorded, the stream itself is asked. The message id still drops a copy published
 * again within the duplicate window, cheaply. Events go out one at a time, in the caller's order.
 */
@Injectable()
export class PublishOnce {
  constructor(private readonly events: RunEventPublisher, private readonly log: PublishedEventLog) {}

  async publish(runId: string, key: string, event: RunEventBody): Promise<void> {
    const final = endsRun(event);
    let intent: PublishIntent;
    try {
      intent = await this.log.intend(runId, key, final);
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      return this.publishUnrecorded(runId, key, event);
    }
    if (intent.kind === 'published') return;
    const stored = intent.kind === 'unsure' ? await this.events.storedSeq(runId, key, event, intent.afterSeq) : null;
    const seq = stored ?? await this.events.publish(runId, key, event);
    await this.log.markPublished(runId, key, seq);
    if (final) await this.log.forgetActivity(runId);
  }

  /**
   * The record is out of reach: what is published just then is mostly the founder's notice that
   * the database is away, repeated by every retry of the step. The stream alone says whether the
   * event is there (all the run's events of its type, a few for a notice).
   */
  private async publishUnrecorded(runId: string, key: string, event: RunEventBody): Promise<void> {
    if ((await this.events.storedSeq(runId, key, event, 0)) === null) await this.events.publish(runId, key, event);
  }
}
