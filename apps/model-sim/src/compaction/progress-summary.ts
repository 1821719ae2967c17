import { firstUserText, MessageRequest, RequestMessage, textOf } from '../messages/message-request';

function clip(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function toolCalls(messages: readonly RequestMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) {
    if (m.role !== 'assistant' || typeof m.content === 'string') continue;
    for (const b of m.content) {
      if (b.type === 'tool_use' && typeof b.name === 'string') counts.set(b.name, (counts.get(b.name) ?? 0) + 1);
    }
  }
  return counts;
}

function lastAssistantText(messages: readonly RequestMessage[]): string {
  const texts = messages.filter((m) => m.role === 'assistant').map(textOf).filter((t) => t.trim() !== '');
  return texts.at(-1) ?? '';
}

/**
 * What a compaction call answers. The goal is quoted whole (up to a limit) because it carries
 * the `[scenario:NAME]` tag that keeps a compacted run on its scenario.
 */
export function summarizeProgress(request: Pick<MessageRequest, 'messages'>): string {
  const goal = clip(firstUserText(request.messages), 1_000);
  const calls = [...toolCalls(request.messages)].map(([name, n]) => `${name} ×${n}`).join(', ');
  const last = clip(lastAssistantText(request.messages), 400);
  return [
    'Progress summary of the work so far.',
    `Goal: ${goal || '(not stated)'}`,
    `Messages so far: ${request.messages.length}.`,
    `Tools used: ${calls || 'none'}.`,
    ...(last ? [`Last update: ${last}`] : []),
  ].join('\n');
}
