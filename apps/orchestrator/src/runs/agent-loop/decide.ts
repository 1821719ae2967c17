import type { EscalationAction, EscalationKind } from '@cofounder/contracts';
import { nudgeFor } from './guards/nudge';
import { ModelReply, replyText, ToolCall, toolCallsOf } from './model-reply';

export interface LoopLimits {
  toolCallCap: number;
}

export interface RunProgress {
  toolCalls: number;
  /** The previous reply was an empty end_turn, and the model was told so. */
  emptyEndNudged?: boolean;
}

export interface EscalationRequest {
  kind: EscalationKind;
  reason: string;
  options: EscalationAction[];
}

export type Decision =
  | { kind: 'run_tools'; calls: ToolCall[] }
  /** The model is not done with its answer: call it again on the same history. */
  | { kind: 'continue' }
  /** Tell the model this, as the next user message, and ask it again. */
  | { kind: 'nudge'; text: string }
  | { kind: 'escalate'; escalation: EscalationRequest }
  | { kind: 'complete'; summary: string }
  | { kind: 'fail'; reason: string };

function assertNever(value: never): never {
  throw new Error(`unhandled stop reason: ${String(value)}`);
}

function runTools(calls: ToolCall[], run: RunProgress, limits: LoopLimits): Decision {
  if (run.toolCalls + calls.length > limits.toolCallCap) {
    return { kind: 'escalate', escalation: {
      kind: 'tool_call_cap',
      reason: `The run reached its cap of ${limits.toolCallCap} tool calls. Let it continue, or stop it here?`,
      options: ['continue', 'stop'],
    } };
  }
  return { kind: 'run_tools', calls };
}

/** An end_turn with no words and no tool call: the model stopped without saying it was done. */
export function isEmptyEndTurn(reply: ModelReply | null | undefined): boolean {
  return reply?.stopReason === 'end_turn' && replyText(reply.content) === '' && toolCallsOf(reply.content).length === 0;
}

/**
 * What the loop does with one model reply. Pure: no Nest, TypeORM or NATS, so every stop
 * reason is tested without I/O. Never assumes tool_use: every other reason ends the run with
 * a reason a founder can read rather than looping.
 */
export function decide(reply: ModelReply, run: RunProgress, limits: LoopLimits): Decision {
  switch (reply.stopReason) {
    case 'tool_use': {
      const calls = toolCallsOf(reply.content);
      if (calls.length === 0) return { kind: 'fail', reason: 'The model asked to use a tool but named none.' };
      return runTools(calls, run, limits);
    }
    case 'end_turn':
      // Said nothing: often a slip, not the end of the work. Asked once; a second silence ends the run.
      if (isEmptyEndTurn(reply) && !run.emptyEndNudged) return { kind: 'nudge', text: nudgeFor('empty_end_turn') };
      return { kind: 'complete', summary: replyText(reply.content) || 'The agent finished its work.' };
    case 'stop_sequence':
      return { kind: 'complete', summary: replyText(reply.content) || 'The agent finished its work.' };
    case 'max_tokens': {
      // The complete calls before the cut are run: a tool_use left unanswered would make every later request invalid.
      const calls = toolCallsOf(reply.content);
      return calls.length > 0 ? runTools(calls, run, limits) : { kind: 'continue' };
    }
    case 'pause_turn':
      // Sent back as it is, the answer is carried on by the next call (a cut-off tool call was dropped before saving).
      return { kind: 'continue' };
    case 'refusal':
      // The model declined for safety reasons: asking again would get the same answer; a person decides.
      return { kind: 'escalate', escalation: {
        kind: 'refusal',
        reason: 'The model declined to continue with this goal. Give it guidance, or stop the run?',
        options: ['guide', 'stop'],
      } };
    case 'model_context_window_exceeded':
      // The step compacts and asks again before a reply gets here; a reply saved before that existed still ends clearly.
      return { kind: 'fail', reason: 'The conversation outgrew the model\'s context window.' };
    case null:
      return { kind: 'fail', reason: 'The model answered without saying why it stopped.' };
    default:
      return assertNever(reply.stopReason);
  }
}
