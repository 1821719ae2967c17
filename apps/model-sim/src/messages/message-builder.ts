import type { ContentBlock, Message, StopReason, Usage } from '@anthropic-ai/sdk/resources/messages';
import { ContentBlockSpec, UsageSpec } from '../scenarios/scenario';
import { newMessageId, newToolUseId } from './ids';
import { isThinkingSpec, toThinkingBlock } from './thinking-blocks';
import { countOutputTokens } from './token-counter';

export interface ReplyDraft {
  content: readonly ContentBlockSpec[];
  stopReason?: StopReason;
  usage?: UsageSpec;
}

function toBlock(spec: ContentBlockSpec): ContentBlock {
  if (isThinkingSpec(spec)) return toThinkingBlock(spec);
  if (spec.type === 'tool_use') {
    return { type: 'tool_use', id: newToolUseId(), name: spec.name ?? '', input: spec.input ?? {}, caller: { type: 'direct' } };
  }
  return { type: 'text', text: spec.text ?? '', citations: null };
}

function usageOf(content: readonly ContentBlock[], inputTokens: number, given: UsageSpec = {}): Usage {
  return {
    input_tokens: given.input_tokens ?? inputTokens,
    output_tokens: given.output_tokens ?? countOutputTokens(content),
    cache_creation_input_tokens: given.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: given.cache_read_input_tokens ?? 0,
    cache_creation: null,
    inference_geo: null,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: 'standard',
    speed: null,
  };
}

/** A complete Messages API reply with fresh ids, as the non-streaming endpoint returns it. */
export function buildMessage(draft: ReplyDraft, model: string, inputTokens: number): Message {
  const content = draft.content.map(toBlock);
  const stopReason = draft.stopReason ?? (content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn');
  return {
    id: newMessageId(),
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: usageOf(content, inputTokens, draft.usage),
  };
}
