import { errorLines, errorSignature } from './error-signature';
import { clearedBySuccess, ErrorRetryRecord, recordFailure } from './retry-budget';
import { toolCallHash } from './tool-call-hash';

/** One tool call of the turn and what came of it. */
export interface ToolResultFact {
  toolUseId: string;
  tool: string;
  input: unknown;
  /** The call in plain words ("Running the test suite"). */
  summary: string;
  output: string;
  isError: boolean;
  exitCode?: number;
}

export interface RetryChanges {
  save: ErrorRetryRecord[];
  /** Signatures whose failing call now succeeded. */
  clear: string[];
  /** A signature whose tries are spent: the founder decides. */
  exhausted: ErrorRetryRecord | null;
  /** A signature one failure short of that: the model is told, once. */
  nudge: ErrorRetryRecord | null;
}

/**
 * The retry budget after a turn: each failure counts against its error's signature, and a
 * call that succeeds clears the errors it had failed with. Pure: the caller persists the changes.
 */
export function judgeToolResults(stored: readonly ErrorRetryRecord[], facts: readonly ToolResultFact[]): RetryChanges {
  const records = new Map(stored.map((r) => [r.signature, r]));
  const changed = new Map<string, ErrorRetryRecord>();
  const cleared = new Set<string>();
  let exhausted: ErrorRetryRecord | null = null;
  let nudge: ErrorRetryRecord | null = null;
  for (const fact of facts) {
    const inputHash = toolCallHash(fact.tool, fact.input);
    if (!fact.isError) {
      for (const record of clearedBySuccess([...records.values()], { tool: fact.tool, inputHash })) {
        records.delete(record.signature);
        changed.delete(record.signature);
        cleared.add(record.signature);
      }
      continue;
    }
    const signature = errorSignature(fact.tool, fact.output, fact.exitCode, inputHash);
    const { record, verdict } = recordFailure(records.get(signature), {
      signature, tool: fact.tool, toolUseId: fact.toolUseId, inputHash, summary: fact.summary, error: errorLines(fact.output).join(' · '),
    });
    records.set(signature, record);
    changed.set(signature, record);
    cleared.delete(signature);
    if (verdict === 'ask') exhausted ??= record;
    if (verdict === 'nudge') nudge ??= record;
  }
  const clear = [...cleared].filter((s) => stored.some((r) => r.signature === s));
  // A record cleared later in the turn (its call then succeeded) needs no nudge.
  if (nudge && cleared.has(nudge.signature)) nudge = null;
  return { save: [...changed.values()], clear, exhausted, nudge };
}
