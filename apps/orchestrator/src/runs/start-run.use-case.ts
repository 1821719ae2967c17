import { Injectable } from '@nestjs/common';
import { Clock } from '@cofounder/config';
import { RunStartV1 } from '@cofounder/contracts';
import { PlanSource, RunEvents, RunStateMirror, RunStore, StepQueue } from './ports';

/**
 * Turns a start command into a running run with its first step queued. Safe to repeat:
 * the insert, the event and the step are all keyed by the run id.
 */
@Injectable()
export class StartRunUseCase {
  constructor(
    private readonly store: RunStore,
    private readonly plans: PlanSource,
    private readonly events: RunEvents,
    private readonly steps: StepQueue,
    private readonly stateMirror: RunStateMirror,
    private readonly clock: Clock,
  ) {}

  async execute(command: RunStartV1): Promise<void> {
    const existing = await this.store.find(command.runId);
    if (existing && existing.status !== 'running') return;
    if (!existing) {
      // The model is pinned at start from the founder's tier, so a plan change mid-run does not switch models.
      const plan = await this.plans.resolve(command.ownerId);
      await this.store.create({
        id: command.runId, projectId: command.projectId, ownerId: command.ownerId, goal: command.goal,
        verbose: command.verbose ?? false, model: plan.model, tier: plan.tier,
      }, this.clock.now());
    }
    // Read again: a cancel that came before this start may have recorded the run, ended, meanwhile.
    const run = await this.store.find(command.runId);
    if (!run || run.status !== 'running') return;
    await this.stateMirror.update({ id: command.runId, ownerId: command.ownerId }, 'running', this.clock.now());
    await this.events.publish(command.runId, 'status:running:0', { type: 'run.status', status: 'running', model: run.model });
    if (run.turn === 0) await this.steps.enqueue(command.runId, 1);
  }

  /** Records a run that could not start as failed, so its founder is told why. */
  async refuse(command: RunStartV1, reason: string): Promise<void> {
    const now = this.clock.now();
    await this.store.create({
      id: command.runId, projectId: command.projectId, ownerId: command.ownerId, goal: command.goal,
      verbose: command.verbose ?? false, model: 'unassigned', tier: 'unassigned',
    }, now);
    await this.store.setStatus(command.runId, 'failed', { reason }, now);
    await this.stateMirror.update({ id: command.runId, ownerId: command.ownerId }, 'failed', now);
    await this.events.publish(command.runId, 'status:failed', { type: 'run.status', status: 'failed', reason });
    await this.events.publish(command.runId, 'failed', { type: 'run.failed', reason });
  }
}
