import { ModelReply, replyText, ToolCall, toolCallsOf } from './model-reply';

export interface LoopLimits {
  toolCallCap: number;
}

export interface RunProgress {
  toolCalls: number;
}

export type Decision =
  | { kind: 'run_tools'; calls: ToolCall[] }
  | { kind: 'complete'; summary: string }
  | { kind: 'fail'; reason: string };

function assertNever(value: never): never {
  throw new Error(`unhandled stop reason: ${String(value)}`);
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
      if (run.toolCalls + calls.length > limits.toolCallCap) {
        return { kind: 'fail', reason: `The run reached its cap of ${limits.toolCallCap} tool calls.` };
      }
      return { kind: 'run_tools', calls };
    }
    case 'end_turn':
    case 'stop_sequence':
      return { kind: 'complete', summary: replyText(reply.content) || 'The agent finished its work.' };
    case 'max_tokens':
      return { kind: 'fail', reason: 'The model ran out of room for its answer; continuing a cut-off answer is not supported yet.' };
    case 'pause_turn':
      return { kind: 'fail', reason: 'The model paused a long turn; resuming paused turns is not supported yet.' };
    case 'refusal':
      // The model declined for safety reasons: going on would only ask it again; a person decides.
      return { kind: 'fail', reason: 'The model declined to continue with this goal.' };
    case 'model_context_window_exceeded':
      return { kind: 'fail', reason: 'The conversation outgrew the model\'s context window.' };
    case null:
      return { kind: 'fail', reason: 'The model answered without saying why it stopped.' };
    default:
      return assertNever(reply.stopReason);
  }
}
