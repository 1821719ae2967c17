import { Injectable } from '@nestjs/common';
import type { SentThinking } from './thinking-blocks';

interface SentWith {
  /** The reply they came in: a reply's blocks are checked once however many tool calls it made. */
  readonly messageId: string;
  readonly blocks: readonly SentThinking[];
}

// As RunCursors: the simulator lives for a test session or a demo; the oldest are forgotten past this.
const MAX_TOOL_CALLS = 100_000;

/** The thinking blocks each tool call was sent with, by tool_use id, to check they come back unchanged. */
@Injectable()
export class ThinkingLedger {
  private readonly byToolUse = new Map<string, SentWith>();

  record(messageId: string, toolUseIds: readonly string[], blocks: readonly SentThinking[]): void {
    if (blocks.length === 0) return;
    for (const id of toolUseIds) this.byToolUse.set(id, { messageId, blocks });
    while (this.byToolUse.size > MAX_TOOL_CALLS) this.byToolUse.delete(this.byToolUse.keys().next().value as string);
  }

  /** The blocks sent with these tool calls, each reply's once, in the order the calls are given. */
  sentWith(toolUseIds: readonly string[]): SentThinking[] {
    const replies = new Map<string, readonly SentThinking[]>();
    for (const id of toolUseIds) {
      const sent = this.byToolUse.get(id);
      if (sent && !replies.has(sent.messageId)) replies.set(sent.messageId, sent.blocks);
    }
    return [...replies.values()].flat();
  }
}
