import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@cofounder/config';
import { DomainError, RunWakeV1 } from '@cofounder/contracts';
import { AwakenFrom, PinnedModel, PlanSource, RunRecord, RunStore, RunWorkspace, StepQueue } from '../ports';
import { RunAnnouncer } from '../run-announcer';

/**
 * A new awake period: the scheduler's wake of a sleeping run, or the founder's resume. The model
 * is resolved again from the founder's current tier and pinned until the next sleep; the status
 * moves in one conditional write (of two wakes at once, one wins); then the turn the run stopped
 * at is queued again, under a key of its own so JetStream's duplicate window keeps it. It asks
 * billing at that step, and sleeps again if the allowance is still spent.
 */
@Injectable()
export class WakeRunUseCase {
  private readonly log = new Logger(WakeRunUseCase.name);

  constructor(
    private readonly store: RunStore,
    private readonly plans: PlanSource,
    private readonly workspace: RunWorkspace,
    private readonly announcer: RunAnnouncer,
    private readonly steps: StepQueue,
    private readonly clock: Clock,
  ) {}

  /**
   * The timer of one sleep fired: only a run still asleep until exactly then wakes. A wake for an
   * older sleep, or delivered again after the run woke, finds it awake or asleep until another time.
   * `keepModel`: billing has not answered for the whole redelivery budget; wake on the model pinned
   * before rather than leave the run asleep for good.
   */
  async execute(wake: RunWakeV1, opts: { keepModel?: boolean } = {}): Promise<void> {
    const wakeAt = new Date(wake.wakeAt);
    const run = await this.store.find(wake.runId);
    if (!run || run.status !== 'sleeping' || run.sleepingUntil?.getTime() !== wakeAt.getTime()) {
      this.log.log({ msg: 'wake dropped', runId: wake.runId, wakeAt: wake.wakeAt, status: run?.status ?? null });
      return;
    }
    const pin = opts.keepModel ? { model: run.model, tier: run.tier } : await this.plans.resolve(run.ownerId);
    await this.resumeSandbox(run);
    await this.awaken(run, { statuses: ['sleeping'], sleepingUntil: wakeAt }, pin, 'wake');
  }

  /**
   * The founder resumed a paused or sleeping run: awake at once. The sandbox is left to the next
   * tool call, which resumes a paused one and checks its sentinel, so the founder's request never
   * waits on a snapshot's restore. False when the run was no longer paused or asleep.
   */
  async resumeNow(run: RunRecord): Promise<boolean> {
    return this.awaken(run, { statuses: ['paused', 'sleeping'] }, await this.plans.resolve(run.ownerId), 'resume');
  }

  private async awaken(run: RunRecord, from: AwakenFrom, pin: PinnedModel, cause: 'wake' | 'resume'): Promise<boolean> {
    const now = this.clock.now();
    if (!(await this.store.awaken(run.id, from, pin, now))) return false;
    const awake: RunRecord = { ...run, ...pin, status: 'running', reason: null, sleepingUntil: null, awakeSince: now };
    this.log.log({ msg: 'run awake', runId: run.id, cause, model: pin.model, tier: pin.tier, turn: run.turn + 1 });
    // A crash from here on leaves a running run with no step: the reaper gives it its step again.
    await this.announcer.announceStatus(awake, 'running', null, `${cause}:${now.getTime()}`);
    await this.steps.enqueue(run.id, run.turn + 1, `${cause}-${now.getTime()}`);
    return true;
  }

  /** Reconnects the sandbox now, restoring a lost workspace; an executor away leaves it to the next tool call, which does the same. */
  private async resumeSandbox(run: RunRecord): Promise<void> {
    try {
      await this.workspace.resume(run);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      this.log.warn({ msg: 'sandbox not resumed at wake; the next tool call resumes it', runId: run.id, code: err.code, error: err.message });
    }
  }
}
