import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@cofounder/config';
import { BudgetRefusal } from '../call-budget';
import { RunRecord, RunStore, RunWorkspace } from '../ports';
import { RunAnnouncer } from '../run-announcer';
import { budgetEscalation, sleepsUntil } from './budget-escalation';
import { sleepReason } from './sleep-words';

/**
 * What a run does when billing refuses its next call: never fail. Today's or the period's
 * allowance spent, it sleeps until billing's retryAt (the scheduler wakes it); any other limit
 * is the founder's to lift, so it asks them (`budget`).
 */
@Injectable()
export class BudgetRefusals {
  private readonly log = new Logger(BudgetRefusals.name);

  constructor(
    private readonly store: RunStore,
    private readonly workspace: RunWorkspace,
    private readonly announcer: RunAnnouncer,
    private readonly clock: Clock,
  ) {}

  /** `turn` is the refused one: on waking, or on the founder's answer, the run takes it up again. */
  async answer(run: RunRecord, turn: number, refusal: BudgetRefusal): Promise<void> {
    const wakeAt = sleepsUntil(refusal);
    if (wakeAt) return this.putToSleep(run, refusal, wakeAt);
    // Asked at the turn before, like a model outage: the answer's step is the refused turn.
    await this.announcer.escalate(run, turn - 1, budgetEscalation(refusal));
  }

  /**
   * The sandbox is snapshotted and paused first, so a sleeping run holds nothing that costs; a
   * step that dies after the pause pauses it again (once) when redelivered. The status moves
   * only from `running`: a founder's pause or cancel meanwhile stands.
   */
  private async putToSleep(run: RunRecord, refusal: BudgetRefusal, wakeAt: Date): Promise<void> {
    const sandbox = await this.workspace.pause(run);
    const now = this.clock.now();
    const reason = sleepReason(refusal, wakeAt, now);
    if (!(await this.store.putToSleep(run.id, { until: wakeAt, reason, sandbox }, now))) return;
    this.log.log({ msg: 'run asleep', runId: run.id, limit: refusal.limit, wakeAt: wakeAt.toISOString(), snapshotSeq: sandbox.snapshot?.seq ?? null });
    await this.announcer.announceSleep({ ...run, status: 'sleeping', reason, sleepingUntil: wakeAt }, refusal.forecastMicrodollars);
  }
}
