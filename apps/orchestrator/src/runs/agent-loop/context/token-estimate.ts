/** What fills a context window: the same three fields the simulator counts, in its key order. */
export interface PromptParts {
  system?: unknown;
  messages: readonly unknown[];
  tools?: readonly unknown[];
}

export const MIN_CALIBRATION = 0.5;
export const MAX_CALIBRATION = 3;
/** Weight of a new observation when the ratio falls; a rise is taken whole (see calibrate). */
export const CALIBRATION_SMOOTHING = 0.3;

export function tokensFromChars(chars: number): number {
  return Math.ceil(chars / 4);
}

export function promptChars({ system, messages, tools }: PromptParts): number {
  return JSON.stringify({ system, messages, tools }).length;
}

/** The simulator's rule: ceil(JSON.stringify({ system, messages, tools }).length / 4). */
export function estimateTokens(parts: PromptParts): number {
  return tokensFromChars(promptChars(parts));
}

export function calibratedEstimate(rawEstimate: number, ratio: number): number {
  return Math.ceil(rawEstimate * ratio);
}

function clampRatio(ratio: number): number {
  return Math.min(MAX_CALIBRATION, Math.max(MIN_CALIBRATION, ratio));
}

/**
 * The ratio later raw estimates are multiplied by, learnt from the input tokens the model
 * reported for a request whose raw estimate was `previousEstimate`. A rise is adopted at once
 * because underestimating is what gets a "prompt is too long"; a fall is smoothed because
 * overestimating only clears or compacts a little early. Clamped so one odd report (cache
 * accounting, a tiny prompt) cannot make the budget absurd.
 */
export function calibrate(previousEstimate: number, reportedInputTokens: number, previousRatio = 1): number {
  const current = clampRatio(previousRatio);
  if (!(previousEstimate > 0) || !(reportedInputTokens > 0)) return current;
  const observed = clampRatio(reportedInputTokens / previousEstimate);
  if (observed >= current) return observed;
  return clampRatio(current + CALIBRATION_SMOOTHING * (observed - current));
}

/** What the loop knows about the next request besides its messages. */
export interface ContextBudget {
  window: number;
  system?: unknown;
  tools?: readonly unknown[];
  /** From calibrate; 1 until the model has reported usage. */
  ratio?: number;
}

export function estimateContext(messages: readonly unknown[], budget: ContextBudget): number {
  return calibratedEstimate(estimateTokens({ system: budget.system, messages, tools: budget.tools }), budget.ratio ?? 1);
}
