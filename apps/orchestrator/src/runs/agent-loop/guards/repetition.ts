export const REPETITION_WINDOW = 10;
export const REPETITION_LIMIT = 3;

/**
 * A call as the repetition guard compares it: the (tool, input) hash, and the result's. A call
 * repeated with a new result is progress (the tests after each fix); one that keeps giving the
 * same result is the loop this guard is for.
 */
export interface ToolCallKey {
  tool: string;
  inputHash: string;
  observationHash: string;
}

const same = (a: ToolCallKey, b: ToolCallKey) => a.tool === b.tool && a.inputHash === b.inputHash && a.observationHash === b.observationHash;

/**
 * True when `next` is at least the REPETITION_LIMIT-th identical call within the last
 * REPETITION_WINDOW calls, itself included. `recent` is oldest first.
 */
export function detectRepetition(recent: readonly ToolCallKey[], next: ToolCallKey): boolean {
  const window = [...recent.slice(-(REPETITION_WINDOW - 1)), next];
  return window.filter((call) => same(call, next)).length >= REPETITION_LIMIT;
}
