import { Injectable } from '@nestjs/common';
import { Clock } from '@cofounder/config';
import { Conflict, NotFound, RunControl, RunControlRequestV1, RunRespondReplyV1, RunStatus } from '@cofounder/contracts';
import { RunStore, StepQueue } from './ports';
import { RunAnnouncer } from './run-announcer';

interface Brake {
  from: readonly RunStatus[];
  to: RunStatus;
  reason: string | null;
  /** Why the run's status forbids it, in the founder's words. */
  refused: (status: RunStatus) => string;
}

const BRAKES: Record<RunControl, Brake> = {
  pause: {
    from: ['running', 'sleeping'], to: 'paused', reason: 'Paused by you.',
    refused: (status) => `The run is ${words(status)}: only a running or resting run can be paused`,
  },
  // A sleeping run comes back with sleep and wake: its resume must ask billing first (DESIGN), which this does not.
  resume: {
    from: ['paused'], to: 'running', reason: null,
    refused: (status) => `The run is ${words(status)}: only a paused run can be resumed`,
  },
  cancel: {
    from: ['queued', 'running', 'sleeping', 'awaiting_input', 'paused'], to: 'cancelled', reason: 'Cancelled by you.',
    refused: (status) => `The run has already ${status === 'cancelled' ? 'been cancelled' : words(status)}`,
  },
};

function words(status: RunStatus): string {
  return status.replace('_', ' ');
}

/**
 * The founder's brakes: pause, resume, cancel. The status changes at once, atomically from the
 * statuses that allow it; the rest is left to a step queued here, so that nothing waits on the
 * executor in the founder's request: a step that finds the run paused pauses its sandbox (the
 * turn in hand finishes first), one that finds it cancelled releases it, one that finds it
 * running goes on.
 */
@Injectable()
export class ControlRunUseCase {
  constructor(
    private readonly store: RunStore,
    private readonly announcer: RunAnnouncer,
    private readonly steps: StepQueue,
    private readonly clock: Clock,
  ) {}

  async execute(request: RunControlRequestV1): Promise<RunRespondReplyV1> {
    const run = await this.store.find(request.runId);
    if (!run || run.ownerId !== request.ownerId) throw new NotFound('Run not found');
    const brake = BRAKES[request.action];
    const now = this.clock.now();
    if (!(await this.store.transition(run.id, brake.from, brake.to, { reason: brake.reason }, now))) {
      const current = (await this.store.find(run.id))!.status;
      throw new Conflict(brake.refused(current));
    }
    // A question asked as the run was paused no longer stands; a cancelled run answers none.
    if (request.action !== 'pause') await this.store.withdrawOpenEscalation(run.id, now);
    await this.announcer.announceStatus(run, brake.to, brake.reason, String(now.getTime()));
    await this.steps.enqueue(run.id, run.turn + 1, `${request.action}:${now.getTime()}`);
    return { status: brake.to };
  }
}
