export const REPETITION_WINDOW = 10;
export const REPETITION_LIMIT = 3;

export interface ToolCallKey {
  tool: string;
  inputHash: string;
}

/**
 * Checked before a call runs: true when `next` would be the REPETITION_LIMIT-th identical
 * call within the last REPETITION_WINDOW calls, itself included. `recent` is oldest first.
 */
export function detectRepetition(recent: readonly ToolCallKey[], next: ToolCallKey): boolean {
  const window = [...recent.slice(-(REPETITION_WINDOW - 1)), next];
  const same = window.filter((call) => call.tool === next.tool && call.inputHash === next.inputHash);
  return same.length >= REPETITION_LIMIT;
}
