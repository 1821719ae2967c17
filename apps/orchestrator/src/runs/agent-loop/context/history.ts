import { calibratedEstimate, tokensFromChars } from './token-estimate';

/**
 * The history as the Messages API takes it, typed only as far as the context rules need:
 * any other block (image, thinking…) passes through untouched. Stored messages and the
 * SDK's MessageParam fit these shapes, so callers cast at the edge as conversation.ts does.
 */
export type HistoryBlock = TextBlock | ToolUseBlock | ToolResultBlock | OtherBlock;

export interface OtherBlock {
  type: string;
}

export interface TextBlock {
  type: 'text';
  text: string;
}

export interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
}

export interface ToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | readonly HistoryBlock[];
  is_error?: boolean;
}

export interface HistoryMessage {
  role: 'user' | 'assistant';
  content: string | readonly HistoryBlock[];
}

export function isText(block: HistoryBlock): block is TextBlock {
  return block.type === 'text' && typeof (block as Partial<TextBlock>).text === 'string';
}

export function isToolUse(block: HistoryBlock): block is ToolUseBlock {
  return block.type === 'tool_use';
}

export function isToolResult(block: HistoryBlock): block is ToolResultBlock {
  return block.type === 'tool_result';
}

export function blocksOf(message: HistoryMessage): readonly HistoryBlock[] {
  return typeof message.content === 'string' ? [] : message.content;
}

export function toolUsesOf(message: HistoryMessage): ToolUseBlock[] {
  return blocksOf(message).filter(isToolUse);
}

export function toolResultsOf(message: HistoryMessage): ToolResultBlock[] {
  return blocksOf(message).filter(isToolResult);
}

/** The plain text of a message, a tool result's content or a block list. */
export function textOf(content: string | readonly HistoryBlock[] | undefined): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.flatMap((b) => (isText(b) ? [b.text] : [])).join('\n');
}

/**
 * Where the part of the history kept verbatim begins: the newest turns (a turn being an
 * assistant message and the user message answering it) whose messages together take at most
 * `maxTokens`, calibrated by `ratio`, and always the newest turn whatever its size. The index
 * is of the assistant message opening the oldest turn kept; with no assistant message, the
 * history's length. Decided by tokens: three turns of large results can fill a small window.
 */
export function recentTurnsWithin(history: readonly HistoryMessage[], maxTokens: number, ratio = 1): number {
  let start = history.length;
  let chars = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    chars += JSON.stringify(history[i]).length + 1; // and the comma between messages
    if (history[i].role !== 'assistant') continue;
    if (start < history.length && calibratedEstimate(tokensFromChars(chars), ratio) > maxTokens) break;
    start = i;
  }
  return start;
}
