import { Injectable } from '@nestjs/common';
import { CofounderConfig, Clock } from '@cofounder/config';
import { Conflict, EscalationKind, InvalidInput, NotFound, RunRespondReplyV1, RunRespondRequestV1 } from '@cofounder/contracts';
import { RunEvents, RunStateMirror, RunStore, StepQueue } from './ports';

/**
 * The founder's answer to the run's open question. Checked and saved before the reply, so a
 * 202 means the answer holds even if a service restarts; the run then goes on by its step queue.
 */
@Injectable()
export class AnswerEscalationUseCase {
  constructor(
    private readonly store: RunStore,
    private readonly events: RunEvents,
    private readonly steps: StepQueue,
    private readonly stateMirror: RunStateMirror,
    private readonly config: CofounderConfig,
    private readonly clock: Clock,
  ) {}

  async execute(answer: RunRespondRequestV1): Promise<RunRespondReplyV1> {
    const run = await this.store.find(answer.runId);
    if (!run || run.ownerId !== answer.ownerId) throw new NotFound('Run not found');
    const escalation = run.status === 'awaiting_input' ? await this.store.openEscalationOf(run.id) : null;
    if (!escalation) throw new Conflict(`The run is ${run.status.replace('_', ' ')}, not waiting for an answer`);
    if (!escalation.options.includes(answer.action)) {
      throw new Conflict(`This question offers ${escalation.options.join(', ')}, not ${answer.action}`);
    }
    if (answer.action === 'guide' && !answer.guidance) throw new InvalidInput('guidance: needed with the guide action');
    const now = this.clock.now();
    await this.store.resolveEscalation(escalation.id, answer.action, answer.guidance ?? null, now);

    if (answer.action === 'stop') {
      const reason = 'Stopped by the founder.';
      await this.store.setStatus(run.id, 'cancelled', { reason }, now);
      await this.stateMirror.update(run, 'cancelled', now);
      await this.events.publish(run.id, 'status:cancelled', { type: 'run.status', status: 'cancelled', reason });
      return { status: 'cancelled' };
    }
    const note = noteFor(answer, escalation.kind);
    if (note) await this.store.appendNote(run.id, escalation.turn, note, now);
    if (answer.action === 'continue') await this.store.grantToolCalls(run.id, this.config.tiers[run.tier]?.toolCallCap ?? 50, now);
    // The founder has spoken: tries and loop patterns are counted afresh from here.
    await this.store.resetLoopGuards(run.id, escalation.turn, now);
    await this.store.setStatus(run.id, 'running', { reason: null }, now);
    await this.stateMirror.update(run, 'running', now);
    await this.events.publish(run.id, `status:running:${escalation.id}`, { type: 'run.status', status: 'running' });
    // continue re-runs the turn that stopped at the cap; the others ask the model anew.
    const turn = answer.action === 'continue' ? escalation.turn : escalation.turn + 1;
    await this.steps.enqueue(run.id, turn, escalation.id);
    return { status: 'running' };
  }
}

/** What the model is told of the founder's answer, in the conversation. */
function noteFor(answer: RunRespondRequestV1, kind: EscalationKind): string | null {
  switch (answer.action) {
    case 'guide': return `Guidance from the founder: ${answer.guidance}`;
    case 'skip': return 'The founder chose to skip this step. Leave it as it is and go on with the rest of the goal.';
    // A model outage is no news to the model: its retry simply calls it again.
    case 'retry': return kind === 'model_error' ? null : 'The founder asked you to try again.';
    default: return null;
  }
}
