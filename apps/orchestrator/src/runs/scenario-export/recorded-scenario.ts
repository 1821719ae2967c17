import type { ContentBlock } from '@anthropic-ai/sdk/resources/messages';
import type { CofounderConfig } from '@cofounder/config';
import type { RunScenarioV1, ScenarioBlockV1, ScenarioStepV1 } from '@cofounder/contracts';
import { redactDeep } from '@cofounder/observability';
import { effectiveWindow } from '../agent-loop/context/context-window';
import type { ModelReply } from '../agent-loop/model-reply';
import type { RunRecord } from '../ports';

/**
 * A turn's reply as the run saved it. What a replay needs is exactly these, in order: the
 * simulator then makes the same tool calls step for step. Not among them, so not exported:
 * errors the run met (a 529, a prompt too long: the run saved no reply for them), compaction
 * calls (not a turn; the simulator summarises from the request), the first answer of a tool
 * call cut off by max_tokens and asked for again (only the second was saved), and tool_use
 * ids (the simulator makes its own).
 */
export type RecordedReply = Pick<ModelReply, 'content' | 'stopReason' | 'usage'>;

/**
 * The window the replay's scenario enforces: the one the run planned against, the model's
 * stated window once a refusal taught it, so a replay meets the limit the original met.
 */
export function scenarioContextWindow(run: Pick<RunRecord, 'model' | 'learnedContextWindow'>, config: CofounderConfig): number {
  return effectiveWindow(config.models[run.model].contextWindow, run.learnedContextWindow, run.model);
}

/** The run's replies as a simulator scenario, secrets the model echoed redacted as in every event. */
export function recordedScenario(runId: string, replies: readonly RecordedReply[], contextWindow: number): RunScenarioV1 {
  return redactDeep({ name: `replay-${runId}`, contextWindow, repeatLast: false, steps: replies.map(scenarioStep) });
}

function scenarioStep(reply: RecordedReply): ScenarioStepV1 {
  const { inputTokens, outputTokens, cacheCreationInputTokens, cacheReadInputTokens } = reply.usage;
  return {
    content: reply.content.flatMap(scenarioBlock),
    ...(reply.stopReason ? { stop_reason: reply.stopReason } : {}),
    usage: {
      input_tokens: inputTokens,
      output_tokens: outputTokens,
      cache_creation_input_tokens: cacheCreationInputTokens,
      cache_read_input_tokens: cacheReadInputTokens,
    },
  };
}

function scenarioBlock(block: ContentBlock): ScenarioBlockV1[] {
  switch (block.type) {
    case 'text': return [{ type: 'text', text: block.text }];
    case 'tool_use': return [{ type: 'tool_use', name: block.name, input: block.input as Record<string, unknown> }];
    case 'thinking': return [{ type: 'thinking', thinking: block.thinking, signature: block.signature }];
    case 'redacted_thinking': return [{ type: 'redacted_thinking', data: block.data }];
    // The loop offers the model no server tools, so no reply holds their blocks.
    default: return [];
  }
}
