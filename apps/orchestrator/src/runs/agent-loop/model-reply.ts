import type { ContentBlock, StopReason } from '@anthropic-ai/sdk/resources/messages';

export interface ToolCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  /** Of cacheCreationInputTokens, those written for an hour: billing prices them higher. */
  cacheCreation1hInputTokens?: number;
}

/** One model response as the loop sees it; stopReason keeps the SDK's closed union. */
export interface ModelReply {
  responseId: string;
  content: ContentBlock[];
  stopReason: StopReason | null;
  usage: TokenUsage;
}

export function replyText(content: readonly ContentBlock[]): string {
  return content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n').trim();
}

export function toolCallsOf(content: readonly ContentBlock[]): ToolCall[] {
  return content.flatMap((b) =>
    b.type === 'tool_use' ? [{ id: b.id, name: b.name, input: (b.input ?? {}) as Record<string, unknown> }] : []);
}
