/**
 * Three retries per distinct error: on its third failure the model is told once (a nudge fixes
 * many a loop before anyone is bothered), and on the fourth a person decides.
 */
export const NUDGE_AT_FAILURE = 3;
export const ASK_AT_FAILURE = 4;
export const ATTEMPT_TEXT_CAP = 300;

export interface RetryAttempt {
  /** What was tried, in plain words ("Running the test suite"). */
  summary: string;
  /** What failed, short. */
  error: string;
}

/** Persisted per run and signature, so the count survives sleep and restarts. */
export interface ErrorRetryRecord {
  signature: string;
  tool: string;
  /** Failures counted so far for this signature. */
  count: number;
  /** The calls already counted: a step redelivered after a crash must not count them twice. */
  toolUseIds: string[];
  /** The inputs that failed this way: only one of them succeeding clears the record. */
  inputHashes: string[];
  attempts: RetryAttempt[];
}

export interface Failure {
  signature: string;
  tool: string;
  toolUseId: string;
  inputHash: string;
  summary: string;
  error: string;
}

/** `nudge`: tell the model once; `ask`: the tries are spent, the founder decides. */
export type RetryVerdict = 'retry' | 'nudge' | 'ask';

export interface FailureOutcome {
  record: ErrorRetryRecord;
  verdict: RetryVerdict;
}

function verdictAt(count: number): RetryVerdict {
  return count >= ASK_AT_FAILURE ? 'ask' : count === NUDGE_AT_FAILURE ? 'nudge' : 'retry';
}

export function capText(text: string, max = ATTEMPT_TEXT_CAP): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Folds one more failure into the stored record (or none yet) and says what comes of it. A call
 * already counted (its step redelivered) gets the verdict it got then.
 */
export function recordFailure(stored: ErrorRetryRecord | undefined, failure: Failure): FailureOutcome {
  if (stored?.toolUseIds.includes(failure.toolUseId)) return { record: stored, verdict: verdictAt(stored.count) };
  const previous = stored ?? { signature: failure.signature, tool: failure.tool, count: 0, toolUseIds: [], inputHashes: [], attempts: [] };
  const record: ErrorRetryRecord = {
    ...previous,
    count: previous.count + 1,
    toolUseIds: [...previous.toolUseIds, failure.toolUseId].slice(-ASK_AT_FAILURE),
    inputHashes: previous.inputHashes.includes(failure.inputHash) ? previous.inputHashes : [...previous.inputHashes, failure.inputHash],
    // The founder is shown the last tries, never an ever-growing list.
    attempts: [...previous.attempts, { summary: capText(failure.summary), error: capText(failure.error) }].slice(-ASK_AT_FAILURE),
  };
  return { record, verdict: verdictAt(record.count) };
}

/**
 * A record clears only when a call it failed on succeeds (same tool and input): another
 * call's success says nothing about whether this failure is fixed.
 */
export function clearedBySuccess(records: readonly ErrorRetryRecord[], success: { tool: string; inputHash: string }): ErrorRetryRecord[] {
  return records.filter((r) => r.tool === success.tool && r.inputHashes.includes(success.inputHash));
}

/** The escalation's "what was tried": `{tool, summary, error}` as the founder API shows it. */
export function escalationAttempts(record: ErrorRetryRecord): { tool: string; summary: string; error: string }[] {
  return record.attempts.map((a) => ({ tool: record.tool, ...a }));
}
