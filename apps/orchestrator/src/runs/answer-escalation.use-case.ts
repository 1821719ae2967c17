import { Injectable } from '@nestjs/common';
import { CofounderConfig, Clock, tierOf } from '@cofounder/config';
import { Conflict, InvalidInput, NotFound, RunRespondReplyV1, RunRespondRequestV1 } from '@cofounder/contracts';
import { founderNote } from './founder-note';
import { AnsweredEscalation, BudgetGate, EscalationAnswer, EscalationRecord, RunEvents, RunRecord, RunStateMirror, RunStore, StepQueue } from './ports';

/**
 * The founder's answer to the run's open question. Saved, with all it changes, in one
 * transaction before the reply, so a 202 means the answer holds even if a service restarts;
 * the run then goes on by its step queue. An answer repeated after its reply was lost finishes
 * what the first one started (events and steps are keyed, so nothing happens twice).
 */
@Injectable()
export class AnswerEscalationUseCase {
  constructor(
    private readonly store: RunStore,
    private readonly events: RunEvents,
    private readonly steps: StepQueue,
    private readonly stateMirror: RunStateMirror,
    private readonly budget: BudgetGate,
    private readonly config: CofounderConfig,
    private readonly clock: Clock,
  ) {}

  async execute(answer: RunRespondRequestV1): Promise<RunRespondReplyV1> {
    const run = await this.store.find(answer.runId);
    if (!run || run.ownerId !== answer.ownerId) throw new NotFound('Run not found');
    const open = run.status === 'awaiting_input' ? await this.store.openEscalationOf(run.id) : null;
    if (!open) return this.repeated(run, answer);
    if (!open.options.includes(answer.action)) {
      throw new Conflict(`This question offers ${open.options.join(', ')}, not ${answer.action}`);
    }
    if (answer.action === 'guide' && !answer.guidance) throw new InvalidInput('guidance: needed with the guide action');
    const effects = this.effectsOf(run, open, answer);
    // Billing hears it first: billing away, the founder is told so and the question still stands.
    if (open.budgetLimit === 'alert' && answer.action === 'continue') await this.budget.confirmBudget(run.ownerId);
    if (!(await this.store.answerEscalation(open, effects, this.clock.now()))) {
      throw new Conflict('The question was answered meanwhile');
    }
    return this.goOn(run, { ...open, action: effects.action, guidance: effects.guidance }, effects.status);
  }

  /** With no question open, only the very answer last given is taken again. */
  private async repeated(run: RunRecord, answer: RunRespondRequestV1): Promise<RunRespondReplyV1> {
    const last = await this.store.lastAnsweredEscalation(run.id);
    const status = answer.action === 'stop' ? 'cancelled' : 'running';
    if (!last || last.action !== answer.action || run.status !== status) {
      throw new Conflict(`The run is ${run.status.replace('_', ' ')}, not waiting for an answer`);
    }
    return this.goOn(run, last, status);
  }

  private effectsOf(run: RunRecord, escalation: EscalationRecord, answer: RunRespondRequestV1): EscalationAnswer {
    const stop = answer.action === 'stop';
    return {
      action: answer.action,
      guidance: answer.guidance ?? null,
      note: founderNote(answer, escalation.kind),
      grantToolCalls: answer.action === 'continue' && escalation.kind === 'tool_call_cap' ? tierOf(this.config, run.tier).toolCallCap : 0,
      status: stop ? 'cancelled' : 'running',
      reason: stop ? 'Stopped by the founder.' : null,
      resumeTurn: resumeTurnOf(escalation),
      // Going on past the awake-period cap starts a new stretch, which the cap counts from.
      newAwakePeriod: answer.action === 'continue' && escalation.budgetLimit === 'awake_period',
    };
  }

  /** The answer is told first, so that every founder's view reads it before what it sets off. */
  private async goOn(run: RunRecord, escalation: AnsweredEscalation, status: 'running' | 'cancelled'): Promise<RunRespondReplyV1> {
    await this.events.publish(run.id, `escalation.answered:${escalation.id}`, {
      type: 'escalation.answered', escalationId: escalation.id, action: escalation.action,
      ...(escalation.guidance ? { guidance: escalation.guidance } : {}),
    });
    const now = this.clock.now();
    await this.stateMirror.update(run, status, now);
    if (status === 'cancelled') {
      await this.events.publish(run.id, 'status:cancelled', { type: 'run.status', status: 'cancelled', reason: 'Stopped by the founder.' });
    } else {
      await this.events.publish(run.id, `status:running:${escalation.id}`, { type: 'run.status', status: 'running' });
    }
    // Going on, the step asks the model; stopped, it releases the run's sandbox (off the founder's request, retried).
    await this.steps.enqueue(run.id, resumeTurnOf(escalation), escalation.id);
    return { status };
  }
}

/** The cap's continue re-runs the turn that stopped at the cap; the others ask the model anew. */
function resumeTurnOf(escalation: EscalationRecord): number {
  return escalation.kind === 'tool_call_cap' ? escalation.turn : escalation.turn + 1;
}

