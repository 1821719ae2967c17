import type { ContentBlock, Message, StopReason, Usage } from '@anthropic-ai/sdk/resources/messages';
import { ContentBlockSpec, UsageSpec } from '../scenarios/scenario';
import { newMessageId, newToolUseId } from './ids';
import { PromptUsage, uncachedPrompt } from './prompt-cache-store';
import { isThinkingSpec, toThinkingBlock } from './thinking-blocks';
import { countOutputTokens } from './token-counter';

export interface ReplyDraft {
  content: readonly ContentBlockSpec[];
  stopReason?: StopReason;
  usage?: UsageSpec;
  /** The request's stop sequence the reply stopped before. */
  stopSequence?: string;
  /** The request's max_tokens: reported output never exceeds it. */
  maxTokens?: number;
}

function toBlock(spec: ContentBlockSpec): ContentBlock {
  if (isThinkingSpec(spec)) return toThinkingBlock(spec);
  if (spec.type === 'tool_use') {
    return { type: 'tool_use', id: newToolUseId(), name: spec.name ?? '', input: spec.input ?? {}, caller: { type: 'direct' } };
  }
  return { type: 'text', text: spec.text ?? '', citations: null };
}

function usageOf(content: readonly ContentBlock[], prompt: PromptUsage, given: UsageSpec = {}, maxTokens = Infinity): Usage {
  return {
    input_tokens: given.input_tokens ?? prompt.input_tokens,
    output_tokens: Math.min(given.output_tokens ?? countOutputTokens(content), maxTokens),
    cache_creation_input_tokens: given.cache_creation_input_tokens ?? prompt.cache_creation_input_tokens,
    cache_read_input_tokens: given.cache_read_input_tokens ?? prompt.cache_read_input_tokens,
    // A step's own figure for cache writes stands for 5-minute writes, so the split adds up to it.
    cache_creation: given.cache_creation_input_tokens === undefined
      ? prompt.cache_creation
      : { ephemeral_5m_input_tokens: given.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
    inference_geo: null,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: 'standard',
    speed: null,
  };
}

/** A complete Messages API reply with fresh ids, as the non-streaming endpoint returns it; a bare count is all plain input. */
export function buildMessage(draft: ReplyDraft, model: string, prompt: PromptUsage | number): Message {
  const content = draft.content.map(toBlock);
  const stopReason = draft.stopReason ?? (content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn');
  return {
    id: newMessageId(),
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: stopReason,
    stop_sequence: draft.stopSequence ?? null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: usageOf(content, typeof prompt === 'number' ? uncachedPrompt(prompt) : prompt, draft.usage, draft.maxTokens),
  };
}
