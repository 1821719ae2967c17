import { HistoryBlock, HistoryMessage, isToolResult, recentTurnsWithin, textOf, ToolResultBlock, toolUsesOf } from './history';
import { calibratedEstimate, ContextBudget, promptChars, tokensFromChars } from './token-estimate';

export interface ClearOptions extends ContextBudget {
  /** Fraction of the window above which the watermark moves on. */
  clearAt?: number;
  /**
   * Fraction to clear down to. Below clearAt so clearing happens in batches: each clearing
   * rewrites the prefix the provider caches, so doing a little every turn would cost more.
   */
  clearTo?: number;
  /**
   * Fraction of the window the latest turns (an assistant message and the results after it)
   * may take and still never be touched; the newest turn is never touched, whatever its size.
   */
  keepRecent?: number;
  /**
   * The watermark returned last turn: how many leading messages are sent with their tool results
   * cleared. They are cleared again every turn, so the request's prefix stays byte-for-byte the
   * same, and the provider's cache keeps hitting, until the next batch moves the watermark.
   */
  clearedThrough?: number;
}

export interface ClearResult {
  history: HistoryMessage[];
  /** Tool results newly cleared by moving the watermark; 0 when it stayed. */
  cleared: number;
  /** The watermark to persist and pass back next turn. */
  clearedThrough: number;
  /** The calibrated estimate of the returned history. */
  estimate: number;
}

export const DEFAULT_CLEAR_AT = 0.5;
export const DEFAULT_CLEAR_TO = 0.4;
export const DEFAULT_KEEP_RECENT = 0.25;
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

/**
 * Sends the tool results of the first `clearedThrough` messages as placeholders. Only when the
 * estimate with that is over clearAt of the window does the watermark move on, a whole message
 * at a time, until the estimate is under clearTo or the latest turns (those within keepRecent of
 * the window) are reached; a move that frees less than clearAt − clearTo of the window is not
 * made. Blocks and messages are never removed, so every tool_use keeps its tool_result. The input is not modified.
 */
export function clearOldToolResults(history: readonly HistoryMessage[], options: ClearOptions): ClearResult {
  const { window, ratio = 1, clearAt = DEFAULT_CLEAR_AT, keepRecent = DEFAULT_KEEP_RECENT } = options;
  const clearTo = Math.min(clearAt, options.clearTo ?? DEFAULT_CLEAR_TO);
  const toolNames = new Map(history.flatMap((m) => toolUsesOf(m).map((b) => [b.id, b.name] as const)));
  const kept = Math.min(Math.max(0, options.clearedThrough ?? 0), history.length);
  // Behind the watermark results are cleared before anything is counted: they are never sent,
  // and counting them in full on every turn would cost more than all the rest.
  const out = history.map((m, i) => (i < kept ? clearResults(m, toolNames).message : m));
  // Counted incrementally: a block's share of the JSON changes by exactly its own length change.
  let chars = promptChars({ system: options.system, messages: out, tools: options.tools });
  const estimate = () => calibratedEstimate(tokensFromChars(chars), ratio);
  const clearMessage = (i: number): number => {
    const cleared = clearResults(out[i], toolNames);
    if (cleared.count === 0) return 0;
    chars += JSON.stringify(cleared.message).length - JSON.stringify(out[i]).length;
    out[i] = cleared.message;
    return cleared.count;
  };

  const held: ClearResult = { history: [...out], cleared: 0, clearedThrough: kept, estimate: estimate() };
  if (held.estimate <= clearAt * window) return held;

  const protectedFrom = recentTurnsWithin(history, keepRecent * window, ratio);
  let clearedThrough = kept;
  let cleared = 0;
  while (clearedThrough < protectedFrom && estimate() >= clearTo * window) cleared += clearMessage(clearedThrough++);
  // When what is left to clear cannot bring the estimate down to clearTo, a move would free a
  // turn or two and be followed by another next turn, rewriting the cached prefix every turn.
  // Holding lets results pile up for a real batch, or lets compaction take over.
  if (held.estimate - estimate() < (clearAt - clearTo) * window) return held;
  return { history: out, cleared, clearedThrough, estimate: estimate() };
}

function clearResults(message: HistoryMessage, toolNames: ReadonlyMap<string, string>): { message: HistoryMessage; count: number } {
  if (message.role !== 'user' || typeof message.content === 'string') return { message, count: 0 };
  let count = 0;
  const content = message.content.map((block): HistoryBlock => {
    if (!isToolResult(block) || isCleared(block)) return block;
    count++;
    return { ...block, content: clearedPlaceholder(toolNames.get(block.tool_use_id) ?? 'unknown tool', block) };
  });
  return { message: count === 0 ? message : { ...message, content }, count };
}
