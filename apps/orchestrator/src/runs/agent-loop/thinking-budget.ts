import { CofounderConfig, tierOf } from '@cofounder/config';

export interface TurnLimits {
  maxTokens: number;
  /** Absent: no extended thinking. */
  thinkingBudgetTokens?: number;
}

/**
 * A turn's max_tokens and thinking budget, `answerTokens` being the room an ordinary answer
 * takes. The budget comes from the run's tier, pinned with its model, so a restarted
 * orchestrator asks the same. Thinking is spent out of max_tokens (and billed as output), so the
 * answer keeps its usual room above the budget, within the model's limit; a budget the run's
 * model cannot hold (its tier was removed and the default's is larger) turns thinking off.
 */
export function turnLimits(config: CofounderConfig, run: { model: string; tier: string }, answerTokens: number): TurnLimits {
  const { maxOutputTokens } = config.models[run.model];
  const budget = tierOf(config, run.tier).thinkingBudgetTokens ?? 0;
  if (budget <= 0 || budget >= maxOutputTokens) return { maxTokens: Math.min(answerTokens, maxOutputTokens) };
  return { maxTokens: Math.min(answerTokens + budget, maxOutputTokens), thinkingBudgetTokens: budget };
}
