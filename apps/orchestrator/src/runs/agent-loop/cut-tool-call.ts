import type { ModelReply } from './model-reply';

/** max_tokens in the middle of a tool call: its input is incomplete and must not be run. */
export function endsInCutToolCall(reply: ModelReply): boolean {
  return reply.stopReason === 'max_tokens' && reply.content.at(-1)?.type === 'tool_use';
}

export function withoutCutToolCall(reply: ModelReply): ModelReply {
  const content = reply.content.slice(0, -1);
  return {
    ...reply,
    // The API refuses an empty assistant message; a word keeps the history valid for the next call.
    content: content.length ? content : [{ type: 'text', text: '…', citations: null }],
  };
}
