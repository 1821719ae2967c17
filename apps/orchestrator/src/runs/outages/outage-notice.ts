import { Injectable, Logger } from '@nestjs/common';
import { RunStepV1 } from '@cofounder/contracts';
import { RunEvents, RunStore } from '../ports';

/** An outage shorter than this many tries of a step (about a second of backoff) is not worth a word. */
const DELIVERIES_BEFORE_NOTICE = 3;

/**
 * Tells the founder, once per turn and dependency, that their run is waiting for a part of
 * the system to come back: the run stays `running` and nothing else changes. A run that ended
 * or stopped meanwhile (a cancel landing while the step waited) is not waiting for anything.
 */
@Injectable()
export class OutageNotice {
  private readonly log = new Logger(OutageNotice.name);

  constructor(private readonly events: RunEvents, private readonly store: RunStore) {}

  async waitingFor(step: Pick<RunStepV1, 'runId' | 'turn'>, dependency: string, tries: number): Promise<void> {
    if (tries < DELIVERIES_BEFORE_NOTICE) return;
    await this.tell(step.runId, `${step.turn}:waiting:${dependency.replace(/\W+/g, '-')}`, `Waiting for ${dependency} to come back…`);
  }

  /** Says why a running run is held up, once per `key`; never throws, as the wait goes on either way. */
  async tell(runId: string, key: string, reason: string): Promise<void> {
    // The database may be what is away: then the run is taken to be still running.
    const run = await this.store.find(runId).catch(() => null);
    if (run && run.status !== 'running') return;
    try {
      await this.events.publish(runId, key, { type: 'run.status', status: 'running', reason });
    } catch (err) {
      // The message bus itself may be what is away: the step is retried all the same.
      this.log.warn({ msg: 'outage notice not published', runId, key, error: String(err) });
    }
  }
}
