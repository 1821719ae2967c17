import { Injectable } from '@nestjs/common';
import { Clock } from '@cofounder/config';
import { EscalationAttemptV1, RunStatus } from '@cofounder/contracts';
import { Decision, EscalationRequest } from './agent-loop/decide';
import { BudgetGate, EscalationRecord, RunEvents, RunRecord, RunStateMirror, RunStore, RunWorkspace } from './ports';

/**
 * Every status a run is announced in: a turn that leaves it waiting for the founder's answer
 * or ended, and what the founder set with the brakes. The status moves only from `running` (the founder's pause or cancel
 * during the turn stands), and every announcement is keyed, so a step redelivered after a
 * crash announces again what was saved and shows each event once.
 */
@Injectable()
export class RunAnnouncer {
  constructor(
    private readonly store: RunStore,
    private readonly events: RunEvents,
    private readonly stateMirror: RunStateMirror,
    private readonly workspace: RunWorkspace,
    private readonly budget: BudgetGate,
    private readonly clock: Clock,
  ) {}

  /** Puts the question to the founder; the run waits in `awaiting_input` until they answer. */
  async escalate(run: RunRecord, turn: number, request: EscalationRequest, attempts: EscalationAttemptV1[] = []): Promise<void> {
    const now = this.clock.now();
    const escalation = await this.store.openEscalation(run.id, turn, { ...request, attempts }, now);
    if (!(await this.store.transition(run.id, ['running'], 'awaiting_input', { reason: escalation.reason }, now))) {
      // Paused or cancelled by the founder while this turn ran: their word stands, the question does not.
      await this.store.withdrawOpenEscalation(run.id, now);
      return;
    }
    await this.announceEscalation(run, escalation);
  }

  /**
   * A status the founder set (paused, running again, cancelled); `key` tells this change from the run's others.
   * Running again is a new awake period with the model pinned for it, which the founder's view learns from here.
   */
  async announceStatus(run: RunRecord, status: RunStatus, reason: string | null, key: string): Promise<void> {
    await this.stateMirror.update(run, status, this.clock.now());
    await this.events.publish(run.id, `status:${status}:${key}`, {
      type: 'run.status', status, ...(reason ? { reason } : {}), ...(status === 'running' ? { model: run.model } : {}),
    });
  }

  /**
   * The run sleeps until `sleepingUntil`: the event the scheduler keys its wake timer on. Keyed by
   * the sleep (its wake time and the awake period it ends), so a redelivered step announces it
   * once, and each later sleep anew. A repeat after a crash no longer knows billing's forecast.
   */
  async announceSleep(run: RunRecord, forecastMicrodollars: number | null = null): Promise<void> {
    const wakeAt = run.sleepingUntil!;
    await this.stateMirror.update(run, 'sleeping', this.clock.now());
    await this.events.publish(run.id, `status:sleeping:${wakeAt.getTime()}:${run.awakeSince.getTime()}`, {
      type: 'run.status', status: 'sleeping', wakeAt: wakeAt.toISOString(),
      ...(run.reason ? { reason: run.reason } : {}), ...(forecastMicrodollars !== null ? { forecastMicrodollars } : {}),
    });
  }

  async announceEscalation(run: RunRecord, escalation: EscalationRecord): Promise<void> {
    await this.stateMirror.update(run, 'awaiting_input', this.clock.now());
    await this.events.publish(run.id, `status:awaiting_input:${escalation.id}`, { type: 'run.status', status: 'awaiting_input', reason: escalation.reason });
    await this.events.publish(run.id, `escalation:${escalation.id}`, {
      type: 'escalation.required', escalationId: escalation.id, kind: escalation.kind, reason: escalation.reason,
      attempts: escalation.attempts, options: escalation.options,
    });
  }

  async finish(run: RunRecord, decision: Extract<Decision, { kind: 'complete' | 'fail' }>): Promise<void> {
    const now = this.clock.now();
    const ended: RunRecord = decision.kind === 'complete'
      ? { ...run, status: 'completed', summary: decision.summary, reason: null }
      : { ...run, status: 'failed', reason: decision.reason };
    // Paused while its last turn ran, the run still ends; cancelled meanwhile, the founder's word stands.
    if (!(await this.store.transition(run.id, ['running', 'paused'], ended.status, { summary: ended.summary, reason: ended.reason }, now))) return;
    await this.stateMirror.update(run, ended.status, now);
    await this.announceEnd(ended);
  }

  /**
   * Then what the run still holds: its reservations and, last, its sandbox. Billing or the executor
   * out of reach fails the step, which comes back to release them (each release is idempotent).
   */
  async announceEnd(run: RunRecord): Promise<void> {
    if (run.status === 'completed') {
      const summary = run.summary ?? 'The agent finished its work.';
      await this.events.publish(run.id, 'status:completed', { type: 'run.status', status: 'completed' });
      await this.events.publish(run.id, 'completed', { type: 'run.completed', summary });
    } else if (run.status === 'failed') {
      const reason = run.reason ?? 'The run failed.';
      await this.events.publish(run.id, 'status:failed', { type: 'run.status', status: 'failed', reason });
      await this.events.publish(run.id, 'failed', { type: 'run.failed', reason });
    }
    await this.budget.release(run);
    await this.workspace.release(run);
  }
}
