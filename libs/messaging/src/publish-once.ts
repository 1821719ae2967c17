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
 * again within the duplicate window, cheaply.
 */
@Injectable()
export class PublishOnce {
  /** Per run, the last publish asked for: the next one waits for it. */
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly events: RunEventPublisher, private readonly log: PublishedEventLog) {}

  /**
   * A run's events go out one after another in the order asked, also those not awaited (a tool's
   * progress): with a database statement before each publish, one could otherwise overtake another.
   */
  publish(runId: string, key: string, event: RunEventBody): Promise<void> {
    const published = (this.tails.get(runId) ?? Promise.resolve()).then(() => this.publishNow(runId, key, event));
    // A failed publish is its caller's to handle; the next one goes on all the same.
    const tail = published.catch(() => undefined);
    this.tails.set(runId, tail);
    void tail.then(() => { if (this.tails.get(runId) === tail) this.tails.delete(runId); });
    return published;
  }

  private async publishNow(runId: string, key: string, event: RunEventBody): Promise<void> {
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
