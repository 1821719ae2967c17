export const MAX_RETRIES_PER_SIGNATURE = 3;
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
  /** Retries granted so far for this signature. */
  count: number;
  /** The inputs that failed this way: only one of them succeeding clears the record. */
  inputHashes: string[];
  attempts: RetryAttempt[];
}

export type RetryDecision = { kind: 'retry'; count: number } | { kind: 'escalate' };

export interface Failure {
  signature: string;
  tool: string;
  inputHash: string;
  summary: string;
  error: string;
}

export type FailureOutcome =
  | { kind: 'retry'; record: ErrorRetryRecord }
  | { kind: 'escalate'; record: ErrorRetryRecord };

export function decideRetry(storedCount: number, max = MAX_RETRIES_PER_SIGNATURE): RetryDecision {
  return storedCount < max ? { kind: 'retry', count: storedCount + 1 } : { kind: 'escalate' };
}

export function capText(text: string, max = ATTEMPT_TEXT_CAP): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Folds one more failure into the stored record (or none yet) and says what to do next. */
export function recordFailure(
  stored: ErrorRetryRecord | undefined,
  failure: Failure,
  max = MAX_RETRIES_PER_SIGNATURE,
): FailureOutcome {
  const previous = stored ?? { signature: failure.signature, tool: failure.tool, count: 0, inputHashes: [], attempts: [] };
  const decision = decideRetry(previous.count, max);
  const record: ErrorRetryRecord = {
    ...previous,
    count: decision.kind === 'retry' ? decision.count : previous.count,
    inputHashes: previous.inputHashes.includes(failure.inputHash) ? previous.inputHashes : [...previous.inputHashes, failure.inputHash],
    // One attempt per failure: the retries plus the one that escalates, never more.
    attempts: [...previous.attempts, { summary: capText(failure.summary), error: capText(failure.error) }].slice(-(max + 1)),
  };
  return { kind: decision.kind, record };
}

/**
 * A record clears only when a call it failed on succeeds (same tool and input): another
 * call's success says nothing about whether this failure is fixed.
 */
export function clearOnSuccess(
  records: readonly ErrorRetryRecord[],
  success: { tool: string; inputHash: string },
): ErrorRetryRecord[] {
  return records.filter((r) => !(r.tool === success.tool && r.inputHashes.includes(success.inputHash)));
}

/** The founder's answer to an escalation gives that signature a fresh budget. */
export function clearOnFounderAnswer(records: readonly ErrorRetryRecord[], signature: string): ErrorRetryRecord[] {
  return records.filter((r) => r.signature !== signature);
}

/** The escalation's "what was tried": `{tool, summary, error}` as the founder API shows it. */
export function escalationAttempts(record: ErrorRetryRecord): { tool: string; summary: string; error: string }[] {
  return record.attempts.map((a) => ({ tool: record.tool, ...a }));
}
