import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { CofounderConfig, tierOf } from '@cofounder/config';

export interface TurnLimits {
  maxTokens: number;
  /** Absent: no extended thinking. */
  thinkingBudgetTokens?: number;
}

const isThinking = (block: { type: string }) => block.type === 'thinking' || block.type === 'redacted_thinking';
const onlyToolResults = (m: MessageParam) => Array.isArray(m.content) && m.content.every((b) => b.type === 'tool_result');

/**
 * With thinking on, the API wants the assistant message that opened the current tool-use cycle
 * (the first after the last user message that is more than tool results) to start with its
 * thinking. One that does not (written while the tier did not think, or the verbatim part kept
 * by a compaction starting mid-cycle) can only be answered without thinking until the cycle ends.
 */
export function cycleAllowsThinking(messages: readonly MessageParam[]): boolean {
  let opener: MessageParam | undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === 'user' && !onlyToolResults(messages[i])) break;
    if (messages[i].role === 'assistant') opener = messages[i];
  }
  if (!opener) return true;
  return Array.isArray(opener.content) && opener.content.length > 0 && isThinking(opener.content[0]);
}

/**
 * A turn's max_tokens and thinking budget, `answerTokens` being the room an ordinary answer
 * takes. The budget comes from the run's tier, pinned with its model, so a restarted
 * orchestrator asks the same. Thinking is spent out of max_tokens (and billed as output), so the
 * answer keeps its usual room above the budget, within the model's limit; a budget the run's
 * model cannot hold (its tier was removed and the default's is larger) turns thinking off.
 */
export function turnLimits(
  config: CofounderConfig, run: { model: string; tier: string }, answerTokens: number, messages: readonly MessageParam[],
): TurnLimits {
  const { maxOutputTokens } = config.models[run.model];
  const budget = tierOf(config, run.tier).thinkingBudgetTokens ?? 0;
  if (budget <= 0 || budget >= maxOutputTokens || !cycleAllowsThinking(messages)) return { maxTokens: Math.min(answerTokens, maxOutputTokens) };
  return { maxTokens: Math.min(answerTokens + budget, maxOutputTokens), thinkingBudgetTokens: budget };
}
