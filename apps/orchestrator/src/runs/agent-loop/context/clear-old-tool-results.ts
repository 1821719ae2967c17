import { HistoryBlock, HistoryMessage, isToolResult, textOf, ToolResultBlock, toolUsesOf } from './history';
import { calibratedEstimate, ContextBudget, promptChars, tokensFromChars } from './token-estimate';

export interface ClearOptions extends ContextBudget {
  /** Fraction of the window above which old results are cleared. */
  clearAt?: number;
  /**
   * Fraction to clear down to. Below clearAt so clearing happens in batches: each clearing
   * rewrites the prefix the provider caches, so doing a little every turn would cost more.
   */
  clearTo?: number;
  /** The latest turns (an assistant message and the results after it) are never touched. */
  keepRecentTurns?: number;
}

export interface ClearResult {
  history: HistoryMessage[];
  cleared: number;
  /** The calibrated estimate of the returned history. */
  estimate: number;
}

export const DEFAULT_CLEAR_AT = 0.5;
export const DEFAULT_CLEAR_TO = 0.4;
export const DEFAULT_KEEP_RECENT_TURNS = 3;
const PLACEHOLDER_PREFIX = '[cleared to save room: ';

/** Says what the result was, so the model knows whether to run the tool again rather than guess. */
export function clearedPlaceholder(tool: string, result: ToolResultBlock): string {
  const status = result.is_error ? 'error' : 'ok';
  const exitCode = /^exit code: (-?\d+)/.exec(textOf(result.content).trimStart())?.[1];
  return `${PLACEHOLDER_PREFIX}${tool} → ${exitCode !== undefined ? `exit code ${exitCode} (${status})` : status}]`;
}

function isCleared(result: ToolResultBlock): boolean {
  return typeof result.content === 'string' && result.content.startsWith(PLACEHOLDER_PREFIX);
}

function firstProtectedIndex(history: readonly HistoryMessage[], keepRecentTurns: number): number {
  if (keepRecentTurns <= 0) return history.length;
  let seen = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    if (history[i].role === 'assistant' && ++seen === keepRecentTurns) return i;
  }
  return 0;
}

/**
 * Replaces the content of the oldest tool results with a placeholder once the estimate passes
 * clearAt of the window, stopping as soon as it is under clearTo. Blocks and messages are never
 * removed, so every tool_use keeps its tool_result. The input is not modified.
 */
export function clearOldToolResults(history: readonly HistoryMessage[], options: ClearOptions): ClearResult {
  const { window, ratio = 1, clearAt = DEFAULT_CLEAR_AT, keepRecentTurns = DEFAULT_KEEP_RECENT_TURNS } = options;
  const clearTo = Math.min(clearAt, options.clearTo ?? DEFAULT_CLEAR_TO);
  // Counted incrementally: a block's share of the JSON changes by exactly its own length change.
  let chars = promptChars({ system: options.system, messages: history, tools: options.tools });
  const estimate = () => calibratedEstimate(tokensFromChars(chars), ratio);
  const out = [...history];
  if (estimate() <= clearAt * window) return { history: out, cleared: 0, estimate: estimate() };

  const toolNames = new Map(history.flatMap((m) => toolUsesOf(m).map((b) => [b.id, b.name] as const)));
  const protectedFrom = firstProtectedIndex(history, keepRecentTurns);
  let cleared = 0;
  for (let i = 0; i < protectedFrom && estimate() >= clearTo * window; i++) {
    const message = history[i];
    if (message.role !== 'user' || typeof message.content === 'string') continue;
    let blocks: HistoryBlock[] | undefined;
    for (const [j, block] of message.content.entries()) {
      if (estimate() < clearTo * window) break;
      if (!isToolResult(block) || isCleared(block)) continue;
      const replacement: ToolResultBlock = { ...block, content: clearedPlaceholder(toolNames.get(block.tool_use_id) ?? 'unknown tool', block) };
      chars += JSON.stringify(replacement).length - JSON.stringify(block).length;
      blocks ??= [...message.content];
      blocks[j] = replacement;
      cleared++;
    }
    if (blocks) out[i] = { ...message, content: blocks };
  }
  return { history: out, cleared, estimate: estimate() };
}
