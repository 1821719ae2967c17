import { Injectable } from '@nestjs/common';
import { Clock } from '@cofounder/config';
import { Conflict, NotFound, RunControl, RunControlRequestV1, RunRespondReplyV1, RunStatus } from '@cofounder/contracts';
import { RunChanges, RunRecord, RunStore, StepQueue } from './ports';
import { RunAnnouncer } from './run-announcer';
import { WakeRunUseCase } from './wake/wake-run.use-case';

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
  // A new awake period (WakeRunUseCase): a sleeping run asks billing again at its next step, and sleeps again if it must.
  resume: {
    from: ['paused', 'sleeping'], to: 'running', reason: null,
    refused: (status) => `The run is ${words(status)}: only a paused or resting run can be resumed`,
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
 * turn in hand finishes first), one that finds it cancelled releases its reservations and its
 * sandbox, one that finds it running goes on. A paused or sleeping run's wake timer no longer
 * holds (its sleepingUntil is cleared), so a paused run spends nothing until resumed.
 */
@Injectable()
export class ControlRunUseCase {
  constructor(
    private readonly store: RunStore,
    private readonly announcer: RunAnnouncer,
    private readonly steps: StepQueue,
    private readonly wake: WakeRunUseCase,
    private readonly clock: Clock,
  ) {}

  async execute(request: RunControlRequestV1): Promise<RunRespondReplyV1> {
    const run = await this.store.find(request.runId);
    if (!run || run.ownerId !== request.ownerId) throw new NotFound('Run not found');
    const brake = BRAKES[request.action];
    if (!brake.from.includes(run.status)) throw new Conflict(brake.refused(run.status));
    return request.action === 'resume' ? this.resume(run, brake) : this.stop(run, request.action, brake);
  }

  private async stop(run: RunRecord, action: 'pause' | 'cancel', brake: Brake): Promise<RunRespondReplyV1> {
    const now = this.clock.now();
    const changes: RunChanges = { reason: brake.reason, sleepingUntil: null };
    if (!(await this.store.transition(run.id, brake.from, brake.to, changes, now))) await this.refuse(run, brake);
    // A question asked as the run was paused no longer stands; a cancelled run answers none.
    if (action === 'cancel') await this.store.withdrawOpenEscalation(run.id, now);
    await this.announcer.announceStatus(run, brake.to, brake.reason, String(now.getTime()));
    await this.steps.enqueue(run.id, run.turn + 1, `${action}:${now.getTime()}`);
    return { status: brake.to };
  }

  /** Announced and stepped by the wake, which pins the model of the founder's current tier. */
  private async resume(run: RunRecord, brake: Brake): Promise<RunRespondReplyV1> {
    // Before the step is queued, which may ask a question of its own: one asked as the run was paused no longer stands.
    await this.store.withdrawOpenEscalation(run.id, this.clock.now());
    if (!(await this.wake.resumeNow(run))) await this.refuse(run, brake);
    return { status: brake.to };
  }

  private async refuse(run: RunRecord, brake: Brake): Promise<never> {
    const current = (await this.store.find(run.id))!.status;
    throw new Conflict(brake.refused(current));
  }
}
