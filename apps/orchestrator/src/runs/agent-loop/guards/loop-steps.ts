import { blocksOf, HistoryMessage, isToolResult, isToolUse, textOf } from '../context/history';
import { ToolCallKey } from './repetition';
import { LoopStep } from './stuck-detector';
import { observationHash, toolCallHash } from './tool-call-hash';

export interface LoopTrace {
  /** For the stuck detector: every tool call with its result, and every turn of talk alone. */
  steps: LoopStep[];
  /** For the repetition guard: the tool calls that have a result, oldest first. */
  calls: ToolCallKey[];
  /** How many of `calls` the latest turn made: only those can be new repetitions. */
  latestTurnCalls: number;
}

/**
 * How many of the newest messages the guards read. No pattern looks further back than 20
 * steps, and every step takes at least one message of each role, so 48 hold them all;
 * tracing everything since the founder last spoke would hash every output of a long run on
 * every turn, a cost that grows with the square of the run's length.
 */
export const LOOP_TRACE_MESSAGES = 48;

/**
 * What the loop guards look at, read back from the history itself so a restarted step sees
 * exactly what the first attempt saw. Pass the newest LOOP_TRACE_MESSAGES messages since the
 * founder last spoke; a result whose call was cut off by that window is left out.
 */
export function loopTrace(history: readonly HistoryMessage[]): LoopTrace {
  const steps: LoopStep[] = [];
  const calls: ToolCallKey[] = [];
  const pending = new Map<string, { tool: string; inputHash: string }>();
  let latestTurnCalls = 0;
  for (const message of history) {
    const blocks = blocksOf(message);
    if (message.role === 'assistant') {
      const uses = blocks.filter(isToolUse);
      if (uses.length === 0) steps.push({ kind: 'talk' });
      latestTurnCalls = 0;
      for (const use of uses) pending.set(use.id, { tool: use.name, inputHash: toolCallHash(use.name, use.input) });
      continue;
    }
    for (const result of blocks.filter(isToolResult)) {
      const call = pending.get(result.tool_use_id);
      if (!call) continue;
      const key = { ...call, observationHash: observationHash(textOf(result.content)) };
      steps.push({ kind: 'action', ...key, failed: result.is_error === true });
      calls.push(key);
      latestTurnCalls += 1;
    }
  }
  return { steps, calls, latestTurnCalls };
}
