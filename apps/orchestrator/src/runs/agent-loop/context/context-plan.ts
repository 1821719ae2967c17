import { clearOldToolResults, ClearOptions } from './clear-old-tool-results';
import { HistoryMessage } from './history';

export interface ContextPlanBudget extends ClearOptions {
  /** Fraction of the window at which clearing is not enough and the history is compacted. */
  compactAt?: number;
}

export interface ContextPlan {
  /** What to send: the history with old tool results cleared up to the watermark. */
  messages: HistoryMessage[];
  /** Persist it with the turn and pass it back next time. */
  clearedThrough: number;
  /** The calibrated estimate of the request with these messages. */
  estimate: number;
  /** Clearing left the request at or over compactAt: compact, then plan again. */
  compact: boolean;
}

export const DEFAULT_COMPACT_AT = 0.75;

/** The context rules for the next request: clear old tool results first, compact only when that is not enough. */
export function planContext(history: readonly HistoryMessage[], budget: ContextPlanBudget): ContextPlan {
  const { history: messages, clearedThrough, estimate } = clearOldToolResults(history, budget);
  return { messages, clearedThrough, estimate, compact: estimate >= (budget.compactAt ?? DEFAULT_COMPACT_AT) * budget.window };
}
