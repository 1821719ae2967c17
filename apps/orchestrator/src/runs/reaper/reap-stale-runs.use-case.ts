import { Injectable, Logger } from '@nestjs/common';
import { Clock, CofounderConfig } from '@cofounder/config';
import { RunStepV1, stepMessageId, Streams, Subjects } from '@cofounder/contracts';
import { JetStreamPublisher, NatsConnectionHolder } from '@cofounder/messaging';
import { StaleRunsRepository } from './stale-runs.repository';

/**
 * The stale-run reaper: a run left `running` with no step in flight for `time.leaseMs` gets its
 * step again (the checkpoint's next turn, or the checkpoint's own when its tools never finished), with a message id of its own (`reap-<n>`) so the
 * stream's duplicate window cannot swallow it.
 */
@Injectable()
export class ReapStaleRunsUseCase {
  private readonly log = new Logger(ReapStaleRunsUseCase.name);

  constructor(
    private readonly runs: StaleRunsRepository,
    private readonly nats: NatsConnectionHolder,
    private readonly publisher: JetStreamPublisher,
    private readonly config: CofounderConfig,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<string[]> {
    const now = this.clock.now();
    const staleBefore = new Date(now.getTime() - this.config.time.leaseMs);
    const reaped: string[] = [];
    for (const runId of await this.runs.candidates(now, staleBefore)) {
      // A step still in the work queue (waiting out an outage's backoff) is in flight: it is not lost.
      if (await this.stepQueued(runId)) continue;
      const taken = await this.runs.take(runId, now, staleBefore);
      if (!taken) continue;
      // A turn whose tool calls were cut short is taken up again (its reply is saved, its tools are
      // idempotent); skipping to the next would ask the model with tool calls left unanswered.
      const turn = taken.toolsPending ? taken.turn : taken.turn + 1;
      const step: RunStepV1 = { runId, turn, resumeKey: `reap-${taken.reaps}` };
      await this.publisher.publish(Subjects.runStep(runId), step, stepMessageId(step));
      this.log.warn({ msg: 'stale run given its step again', runId, turn: step.turn, reap: taken.reaps });
      reaped.push(runId);
    }
    return reaped;
  }

  private async stepQueued(runId: string): Promise<boolean> {
    return (await this.nats.jsm.streams.getMessage(Streams.RUNS, { last_by_subj: Subjects.runStep(runId) })) !== null;
  }
}
