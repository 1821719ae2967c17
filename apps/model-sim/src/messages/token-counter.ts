import type { ContentBlock } from '@anthropic-ai/sdk/resources/messages';
import { MessageRequest } from './message-request';

/**
 * The simulator's token rule, shared by usage, count_tokens and the context-window check:
 * ceil(JSON.stringify({ system, messages, tools }).length / 4), keys in that order, where an
 * absent `system` or `tools` is left out (JSON.stringify drops undefined) and `length` counts
 * UTF-16 code units. Only those three fields count, as they are what fills a context window.
 */
export function countInputTokens(request: Pick<MessageRequest, 'system' | 'messages' | 'tools'>): number {
  const { system, messages, tools } = request;
  return Math.ceil(JSON.stringify({ system, messages, tools }).length / 4);
}

/** ceil(JSON.stringify(content).length / 4) over the reply's content blocks as sent. */
export function countOutputTokens(content: readonly ContentBlock[]): number {
  return Math.ceil(JSON.stringify(content).length / 4);
}
